"""Rebuild ``redact/ocr/models/PP-OCRv6_rec_small_int8.onnx`` from the rapidocr wheel's model.

Usage: ``.venv/bin/python models/build_int8.py`` (then update ``models/checksums.sha256``).

Why: recognition is most of a page's time, and 72% of it is convolution. Static int8
quantisation (QDQ, per-channel weights) runs those convolutions on the CPU's integer units,
about 1.8x faster on this machine, with 0.2% of characters read differently from the float
model (mostly full- vs half-width punctuation). Dynamic quantisation was tried and was 3x
*slower*; excluding the first and last convolutions kept accuracy but lost most of the gain.

Calibration: line crops from generated pages (scan effects on, a fixed seed, so the build is
reproducible for given package versions), padded to one width, 99.99th percentile ranges.
Only this project's generator is used; no third-party images are needed.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "redact" / "ocr" / "models" / "PP-OCRv6_rec_small_int8.onnx"
SAMPLES = 80
WIDTH = 640
HEIGHT = 48
SEED = 5


def calibration_crops(folder: Path) -> list[np.ndarray]:
    from redact.geometry import crop_transform, warp_crop
    from redact.imageio import load_image
    from redact.ocr.rapid import RapidOcrEngine
    from redact.synth import generate_set

    truth = generate_set(folder, n_applicants=2, seed=SEED, holdout_fraction=0.0)
    engine = RapidOcrEngine(quantized=False)
    crops = []
    for rec in truth[:24]:
        image = load_image(folder / rec["image"])
        crops += [warp_crop(image, *crop_transform(q)) for q in engine.detect(image)]
    rng = np.random.default_rng(SEED)
    return [crops[i] for i in rng.choice(len(crops), min(SAMPLES, len(crops)), replace=False)]


def to_input(crop: np.ndarray) -> np.ndarray:
    """The recogniser's input for one crop, as ``RapidOcrEngine.recognize`` builds it."""
    rw = max(16, int(np.ceil(HEIGHT * crop.shape[1] / crop.shape[0])))
    batch = np.zeros((1, 3, HEIGHT, WIDTH), np.float32)
    resized = cv2.resize(np.ascontiguousarray(crop[:, :, ::-1]), (rw, HEIGHT))
    batch[0, :, :, :min(rw, WIDTH)] = (resized.transpose(2, 0, 1) / 127.5 - 1.0)[:, :, :WIDTH]
    return batch


def main() -> None:
    import onnx
    from onnx import version_converter
    from onnxruntime.quantization import (
        CalibrationDataReader,
        CalibrationMethod,
        QuantFormat,
        QuantType,
        quantize_static,
    )

    from redact.ocr.rapid import wheel_model

    src = wheel_model("PP-OCRv6_rec_small.onnx")
    with tempfile.TemporaryDirectory() as tmp:
        # Per-channel DequantizeLinear needs opset 13; the wheel's model is opset 11.
        opset17 = Path(tmp) / "rec17.onnx"
        onnx.save(version_converter.convert_version(onnx.load(str(src)), 17), str(opset17))
        inputs = [to_input(c) for c in calibration_crops(Path(tmp) / "pages")]

        class Reader(CalibrationDataReader):
            def __init__(self) -> None:
                self._it = iter({"x": x} for x in inputs)

            def get_next(self) -> dict | None:
                return next(self._it, None)

        OUT.parent.mkdir(parents=True, exist_ok=True)
        quantize_static(str(opset17), str(OUT), Reader(), quant_format=QuantFormat.QDQ,
                        per_channel=True, activation_type=QuantType.QUInt8,
                        weight_type=QuantType.QInt8, calibrate_method=CalibrationMethod.Percentile,
                        op_types_to_quantize=["Conv", "MatMul"],
                        extra_options={"CalibPercentile": 99.99})
    digest = hashlib.sha256(OUT.read_bytes()).hexdigest()
    print(f"{digest}  {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
