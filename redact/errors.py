"""The library's exceptions. The library raises them; the CLI maps them to messages and exit codes."""

from __future__ import annotations


class RedactError(Exception):
    """Base class of every error ``redact`` raises on purpose."""

    exit_code = 1


class ImageLoadError(RedactError):
    """An input could not be decoded as an image (empty, truncated, not an image, too large)."""

    exit_code = 3


class EngineUnavailableError(RedactError):
    """An OCR engine is not installed or its model files are missing."""

    exit_code = 4


class ApplicantError(RedactError):
    """The applicant's data is unusable (no name, a one-character name, a malformed file)."""

    exit_code = 2


class OutputError(RedactError):
    """An output could not be written safely (it would overwrite an input, disk full, read-only)."""

    exit_code = 5
