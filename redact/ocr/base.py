"""The narrow contract every OCR engine fulfils.

Engines see RGB ``uint8`` arrays and answer in the pixels of the array they were given.
Turning pages upright, cropping lines and placing characters is the reader's job
(``redact.reading``), so an engine is only: find line quads, read cropped lines, and say
whether a cropped line is upside down.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np

from ..elements import Box


@dataclass(frozen=True)
class Recognition:
    """What an engine read in one horizontal line crop.

    ``char_x`` holds, per character of ``text``, the horizontal centre of the evidence for it
    in crop pixels (CTC peak columns), or is empty when the engine cannot tell; the reader then
    places characters from the ink alone.
    """

    text: str
    score: float
    char_x: tuple[float, ...] = ()
    char_scores: tuple[float, ...] = ()


@runtime_checkable
class OcrEngine(Protocol):
    """A text detector and recogniser. Implementations must be safe to call from many threads."""

    name: str

    def detect(self, image: np.ndarray, keep_scale: Sequence[Box] = ()) -> list[np.ndarray]:
        """Quads of text lines in ``image`` (RGB), each a ``(4, 2)`` float array, clockwise
        from the line's top-left, in the pixels of ``image``.

        ``keep_scale``: boxes (pixels of ``image``) where the detector must not save work by
        seeing the page smaller than usual (a seal over text); an engine that never does may
        ignore them."""
        ...

    def recognize(self, crops: Sequence[np.ndarray]) -> list[Recognition]:
        """Read each horizontal line crop (RGB, text left to right)."""
        ...

    def upside_down(self, crops: Sequence[np.ndarray]) -> list[float]:
        """Per crop, the probability that its text is rotated by 180 degrees."""
        ...

    # Optional: ``precise() -> OcrEngine``, the same engine with its most accurate (slower)
    # models, for the few places where a misread costs most (seal rings, blobs over seals,
    # verification). ``precise_of`` gives it, or the engine itself.


def precise_of(engine: OcrEngine) -> OcrEngine:
    """``engine.precise()`` where the engine offers one, else ``engine`` itself."""
    precise = getattr(engine, "precise", None)
    return precise() if callable(precise) else engine
