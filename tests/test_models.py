"""The models in use are exactly the ones documented in models/ (nothing downloaded, nothing swapped)."""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

import pytest

from redact import EngineUnavailableError
from redact.ocr import create_engine

ROOT = Path(__file__).resolve().parent.parent


def site_packages() -> Path:
    spec = importlib.util.find_spec("rapidocr")
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent.parent


def test_ocr_models_match_their_documented_checksums() -> None:
    for line in (ROOT / "models" / "checksums.sha256").read_text().splitlines():
        digest, rel = line.split()
        data = (site_packages() / rel).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest, rel


def test_an_unknown_engine_is_refused_by_name() -> None:
    with pytest.raises(EngineUnavailableError, match="unknown OCR engine 'tesseract'"):
        create_engine("tesseract")


def test_paddle_engine_without_model_folders_says_what_to_point_at(tmp_path: Path) -> None:
    with pytest.raises(EngineUnavailableError, match="--paddle-det-dir"):
        create_engine("paddleocr")
    with pytest.raises(EngineUnavailableError, match=r"inference\.yml"):
        create_engine("paddleocr", det_model_dir=tmp_path, rec_model_dir=tmp_path)


def test_paddle_engine_names_the_extra_when_paddleocr_is_missing(tmp_path: Path) -> None:
    if importlib.util.find_spec("paddleocr") is not None:
        pytest.skip("paddleocr is installed here")
    for d in ("det", "rec"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "inference.yml").write_text("Global: {}\n")
        (tmp_path / d / "inference.onnx").write_bytes(b"")
    with pytest.raises(EngineUnavailableError, match=r"redact\[paddle\]"):
        create_engine("paddleocr", det_model_dir=tmp_path / "det", rec_model_dir=tmp_path / "rec")
