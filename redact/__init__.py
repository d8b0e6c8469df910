"""redact: mask one job applicant's personal data in scanned attachments."""

from .elements import Applicant, Box, CharBox, Quad, Region, TextLine
from .errors import (
    ApplicantError,
    EngineUnavailableError,
    ImageLoadError,
    OutputError,
    RedactError,
)
from .pipeline import Redactor, RedactResult, Settings

__version__ = "0.1.0"

__all__ = [
    "Applicant",
    "ApplicantError",
    "Box",
    "CharBox",
    "EngineUnavailableError",
    "ImageLoadError",
    "OutputError",
    "Quad",
    "RedactError",
    "RedactResult",
    "Redactor",
    "Region",
    "Settings",
    "TextLine",
    "__version__",
]
