"""The models in use are exactly the ones documented in models/ (nothing downloaded, nothing swapped)."""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

import numpy as np
import pytest

from redact import EngineUnavailableError
from redact.ocr import create_engine

ROOT = Path(__file__).resolve().parent.parent


def installed(rel: str) -> Path:
    """``rel`` (``package/sub/file``) inside wherever that package is installed."""
    spec = importlib.util.find_spec(rel.split("/")[0])
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent.parent / rel


def test_ocr_models_match_their_documented_checksums() -> None:
    for line in (ROOT / "models" / "checksums.sha256").read_text().splitlines():
        digest, rel = line.split()
        data = installed(rel).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest, rel


@pytest.mark.slow
def test_the_int8_recogniser_reads_like_the_float_one() -> None:
    """The quantised model is a faster copy, not a different reader: same text on a drawn line."""
    from PIL import Image, ImageDraw

    from redact.ocr.rapid import RapidOcrEngine
    from redact.synth.render import get_font

    img = Image.new("RGB", (1320, 64), "white")
    ImageDraw.Draw(img).text((10, 10), "姓名：阿不都热合曼·买买提 身份证号 65010219900101123X",
                             font=get_font("zenhei", 36), fill="black")
    crop = np.asarray(img)
    fast = RapidOcrEngine(quantized=True)
    float_read = fast.precise().recognize([crop])[0]
    int8_read = fast.recognize([crop])[0]
    # Spacing between words may differ; the characters may not.
    assert int8_read.text.replace(" ", "") == float_read.text.replace(" ", "")
    assert "阿不都热合曼" in int8_read.text and "65010219900101123X" in int8_read.text


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
