"""OCR engines behind one protocol, chosen by name and imported lazily."""

from __future__ import annotations

from typing import Any

from ..errors import EngineUnavailableError
from .base import OcrEngine, Recognition, precise_of

ENGINES = ("rapidocr", "paddleocr")


def create_engine(name: str = "rapidocr", **options: Any) -> OcrEngine:
    """Build the engine called ``name``; ``options`` go to its constructor.

    Raises ``EngineUnavailableError`` naming the package or model files that are missing.
    """
    if name == "rapidocr":
        from .rapid import RapidOcrEngine

        return RapidOcrEngine(**options)
    if name == "paddleocr":
        from .paddle import PaddleOcrEngine

        return PaddleOcrEngine(**options)
    raise EngineUnavailableError(f"unknown OCR engine {name!r}; choose one of {', '.join(ENGINES)}")


__all__ = ["ENGINES", "OcrEngine", "Recognition", "create_engine", "precise_of"]
