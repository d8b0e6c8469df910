"""Optional engine: PaddleOCR 3.x on local model folders (``pip install 'redact[paddle]'``).

PaddleOCR downloads models by default; here the detection and recognition model folders
must be given and must exist (``inference.yml`` plus ``inference.onnx`` or
``inference.pdmodel``/``inference.json``), so nothing is ever fetched. PaddleOCR reports no
character positions, so the reader places characters from the ink alone.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..elements import Box
from ..errors import EngineUnavailableError
from .base import Recognition

_MODEL_FILES = ("inference.onnx", "inference.pdmodel", "inference.json")


def check_model_dir(path: str | Path | None, what: str) -> Path:
    """The model folder ``path``, or an ``EngineUnavailableError`` saying what to point at."""
    if path is None:
        raise EngineUnavailableError(
            f"the paddleocr engine needs a local {what} model folder (--paddle-{what[:3]}-dir); "
            "it holds inference.yml and inference.onnx (or a Paddle inference model)"
        )
    p = Path(path)
    if not (p / "inference.yml").is_file() or not any((p / f).is_file() for f in _MODEL_FILES):
        raise EngineUnavailableError(
            f"{p} is not a PaddleOCR {what} model folder: it needs inference.yml and one of "
            + ", ".join(_MODEL_FILES)
        )
    return p


class PaddleOcrEngine:
    """PaddleOCR ``TextDetection`` and ``TextRecognition`` modules on local model folders."""

    name = "paddleocr"

    def __init__(self, det_model_dir: str | Path | None = None,
                 rec_model_dir: str | Path | None = None, engine: str = "onnxruntime",
                 **_: Any) -> None:
        det_dir = check_model_dir(det_model_dir, "detection")
        rec_dir = check_model_dir(rec_model_dir, "recognition")
        try:
            from paddleocr import TextDetection, TextRecognition
        except ImportError as exc:
            raise EngineUnavailableError(
                "the paddleocr engine needs PaddleOCR 3.x: pip install 'redact[paddle]'"
            ) from exc
        try:
            self._det = TextDetection(model_dir=str(det_dir), engine=engine)
            self._rec = TextRecognition(model_dir=str(rec_dir), engine=engine)
        except Exception as exc:
            raise EngineUnavailableError(f"PaddleOCR could not load the models: {exc}") from exc
        # PaddleOCR's predictors keep per-call state; serialise calls to stay thread-safe.
        self._lock = threading.Lock()

    def detect(self, image: np.ndarray, keep_scale: Sequence[Box] = ()) -> list[np.ndarray]:
        # PaddleOCR scales the page by its own rule, never below it: nothing to keep.
        with self._lock:
            out = list(self._det.predict(np.ascontiguousarray(image[:, :, ::-1])))
        if not out:
            return []
        polys = out[0]["dt_polys"]
        return [np.asarray(p, dtype=np.float32).reshape(-1, 2)[:4] for p in polys
                if len(np.asarray(p).reshape(-1, 2)) >= 4]

    def recognize(self, crops: Sequence[np.ndarray]) -> list[Recognition]:
        if not crops:
            return []
        with self._lock:
            outs = list(self._rec.predict([np.ascontiguousarray(c[:, :, ::-1]) for c in crops]))
        return [Recognition(str(o["rec_text"]), float(o["rec_score"])) for o in outs]

    def upside_down(self, crops: Sequence[np.ndarray]) -> list[float]:
        # No direction classifier is loaded: pages are taken as they come (0 or 90 degrees).
        return [0.0] * len(crops)
