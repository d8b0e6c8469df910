"""Rebuild the int8 models in ``redact/ocr/models/`` from the rapidocr wheel's float models.

Usage: ``.venv/bin/python models/build_int8.py`` (then update ``models/checksums.sha256``).

Why: recognition is most of a page's time, and most of it is convolution. Static int8
quantisation (QDQ, per-channel weights) runs those convolutions on the CPU's integer units.
Dynamic quantisation was tried and was 3x *slower*; excluding the first and last convolutions
kept accuracy but lost most of the gain.

The graph is tidied before quantising, because the exported model keeps every convolution's
bias as a separate ``Add`` and GELU as five elementwise nodes. Quantised as they were, each
convolution ran as QLinearConv -> DequantizeLinear -> float Add -> ..., and that float glue
took half of the int8 model's time. So, first (each step leaves the float outputs unchanged):

- ``fold_conv_bias``: a constant ``Add`` after a ``Conv`` becomes the convolution's bias;
- ``fuse_gelu``: x * 0.5 * (1 + erf(x / sqrt 2)) becomes one ``Gelu`` node;

and after quantising, ``fuse_matmul_bias`` turns DequantizeLinear -> MatMul -> bias ``Add``
into one ``MatMulIntegerToFloat`` (the 18,710-class output layer among them). MatMul outputs
stay float (their consumers are float anyway), and Concat and MaxPool run on uint8.

The detector (``PP-OCRv6_det_small_int8.onnx``) is built the same way, with its output head
(the last convolution, the transposed convolutions and the sigmoid) left in float: the
probability map is thresholded, and its edges decide where a box ends. It detects about 2.3x
faster; it loses more of the broken strokes a painted-out seal leaves, so the second look at
a blob over a seal (``redact.reading``) still runs the float detector.

Calibration: line crops (recogniser) and 640 x 640 windows of the detector's input tiles
(detector) from generated pages (scan effects on, a fixed seed, so the build is reproducible
for given package versions), 99.99th percentile ranges. Only this project's generator is
used; no third-party images are needed.
"""

from __future__ import annotations

import hashlib
import math
import sys
import tempfile
from pathlib import Path
from typing import Any

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT_REC = ROOT / "redact" / "ocr" / "models" / "PP-OCRv6_rec_small_int8.onnx"
OUT_DET = ROOT / "redact" / "ocr" / "models" / "PP-OCRv6_det_small_int8.onnx"
SAMPLES = 80
DET_SAMPLES = 24
#: Detector tiles are recorded on the first this many calibration pages (line crops on all 24).
DET_PAGES = 20
DET_WINDOW = 640
WIDTH = 640
HEIGHT = 48
SEED = 5


def calibration_crops(folder: Path) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Recogniser inputs (line crops) and detector inputs (windows of its tiles)."""
    from redact.geometry import crop_transform, warp_crop
    from redact.imageio import load_image
    from redact.ocr.rapid import RapidOcrEngine
    from redact.synth import generate_set

    truth = generate_set(folder, n_applicants=2, seed=SEED, holdout_fraction=0.0)
    engine = RapidOcrEngine(quantized=False)
    tiles: list[np.ndarray] = []
    float_detector = engine._det.session

    def recording(x: np.ndarray) -> Any:
        tiles.append(x.copy())
        return float_detector(x)

    engine._det.session = recording
    crops = []
    for i, rec in enumerate(truth[:24]):
        image = load_image(folder / rec["image"])
        if i == DET_PAGES:
            engine._det.session = float_detector  # enough detector tiles recorded
        crops += [warp_crop(image, *crop_transform(q)) for q in engine.detect(image)]
    rng = np.random.default_rng(SEED)
    lines = [crops[i] for i in rng.choice(len(crops), min(SAMPLES, len(crops)), replace=False)]
    rng = np.random.default_rng(SEED)
    picked = [tiles[i] for i in rng.choice(len(tiles), min(DET_SAMPLES, len(tiles)), replace=False)]
    return lines, [_window(t) for t in picked]


def _window(x: np.ndarray, k: int = DET_WINDOW) -> np.ndarray:
    """The middle ``k`` x ``k`` of a detector input (1, 3, H, W), edge-padded if smaller: the
    calibrator needs inputs of one shape."""
    x = np.pad(x, ((0, 0), (0, 0), (0, max(0, k - x.shape[2])), (0, max(0, k - x.shape[3]))),
               mode="edge")
    y0, x0 = (x.shape[2] - k) // 2, (x.shape[3] - k) // 2
    return np.ascontiguousarray(x[:, :, y0:y0 + k, x0:x0 + k])


def to_input(crop: np.ndarray) -> np.ndarray:
    """The recogniser's input for one crop, as ``RapidOcrEngine.recognize`` builds it."""
    rw = max(16, int(np.ceil(HEIGHT * crop.shape[1] / crop.shape[0])))
    batch = np.zeros((1, 3, HEIGHT, WIDTH), np.float32)
    resized = cv2.resize(np.ascontiguousarray(crop[:, :, ::-1]), (rw, HEIGHT))
    batch[0, :, :, :min(rw, WIDTH)] = (resized.transpose(2, 0, 1) / 127.5 - 1.0)[:, :, :WIDTH]
    return batch


def _consumers(graph: Any) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for node in graph.node:
        for name in node.input:
            out.setdefault(name, []).append(node)
    return out


def _only_user(users: dict[str, list[Any]], tensor: str, op_type: str) -> Any | None:
    """The single node consuming ``tensor`` when it is an ``op_type``, else None."""
    found = users.get(tensor, [])
    return found[0] if len(found) == 1 and found[0].op_type == op_type else None


def fold_conv_bias(model: Any) -> int:
    """Make ``Conv -> Add(constant per channel)`` one biased ``Conv``; returns how many."""
    from onnx import numpy_helper

    graph = model.graph
    consts = {i.name: i for i in graph.initializer}
    users = _consumers(graph)
    folded = []
    for conv in graph.node:
        add = _only_user(users, conv.output[0], "Add") if conv.op_type == "Conv" else None
        other = [i for i in add.input if i != conv.output[0]] if add is not None else []
        if len(other) != 1 or other[0] not in consts:
            continue
        channels = numpy_helper.to_array(consts[conv.input[1]]).shape[0]
        add_value = numpy_helper.to_array(consts[other[0]])
        # Only a per-channel constant, shaped to broadcast over (N, C, H, W), is a bias.
        if add_value.size != channels or add_value.shape not in {(1, channels, 1, 1), (channels, 1, 1)}:
            continue
        bias = add_value.reshape(channels).astype(np.float32)
        if len(conv.input) > 2 and conv.input[2]:
            bias = bias + numpy_helper.to_array(consts[conv.input[2]])
        name = f"{conv.name or conv.output[0]}_folded_bias"
        graph.initializer.append(numpy_helper.from_array(bias, name))
        del conv.input[2:]
        conv.input.append(name)
        conv.output[0] = add.output[0]
        folded.append(add)
    for add in folded:
        graph.node.remove(add)
    _drop_unused_constants(graph)
    return len(folded)


def fuse_gelu(model: Any) -> int:
    """Make ``x * (1 + erf(x / sqrt 2)) * 0.5`` (as exported: Div, Erf, Add, Mul, Mul) one
    ``com.microsoft.Gelu``; returns how many."""
    from onnx import helper, numpy_helper

    graph = model.graph
    consts = {i.name: i for i in graph.initializer}
    users = _consumers(graph)

    def const_is(name: str, value: float) -> bool:
        return name in consts and np.allclose(numpy_helper.to_array(consts[name]), value, atol=1e-4)

    found = []
    for div in graph.node:
        if div.op_type != "Div" or not const_is(div.input[1], math.sqrt(2)):
            continue
        x = div.input[0]
        erf = _only_user(users, div.output[0], "Erf")
        add = erf and _only_user(users, erf.output[0], "Add")
        mul = add and _only_user(users, add.output[0], "Mul")
        half = mul and _only_user(users, mul.output[0], "Mul")
        if not half or x not in mul.input or not any(const_is(i, 1.0) for i in add.input):
            continue
        if not any(const_is(i, 0.5) for i in half.input):
            continue
        gelu = helper.make_node("Gelu", [x], [half.output[0]], name=f"{div.name}_gelu",
                                domain="com.microsoft")
        found.append((div, gelu, (div, erf, add, mul, half)))
    for div, gelu, parts in found:
        graph.node.insert(list(graph.node).index(div), gelu)
        for node in parts:
            graph.node.remove(node)
    if found:
        _use_microsoft_ops(model)
    _drop_unused_constants(graph)
    return len(found)


def fuse_matmul_bias(model: Any) -> int:
    """Make quantised ``DequantizeLinear(a), DequantizeLinear(w) -> MatMul -> Add(bias)`` one
    ``com.microsoft.MatMulIntegerToFloat`` with its bias; returns how many."""
    from onnx import helper

    graph = model.graph
    consts = {i.name for i in graph.initializer}
    made = {o: n for n in graph.node for o in n.output}
    users = _consumers(graph)
    fused = 0
    for matmul in list(graph.node):
        if matmul.op_type != "MatMul":
            continue
        dq_a, dq_w = (made.get(i) for i in matmul.input)
        if (dq_a is None or dq_w is None or dq_a.op_type != "DequantizeLinear"
                or dq_w.op_type != "DequantizeLinear" or dq_w.input[0] not in consts):
            continue
        add = _only_user(users, matmul.output[0], "Add")
        bias = [i for i in add.input if i != matmul.output[0]] if add is not None else []
        if len(bias) != 1 or bias[0] not in consts:
            continue
        node = helper.make_node(
            "MatMulIntegerToFloat",
            [dq_a.input[0], dq_w.input[0], dq_a.input[1], dq_w.input[1], dq_a.input[2],
             dq_w.input[2], bias[0]],
            [add.output[0]], name=f"{matmul.name}_int8", domain="com.microsoft")
        graph.node.insert(list(graph.node).index(matmul), node)
        graph.node.remove(matmul)
        graph.node.remove(add)
        for dq in (dq_a, dq_w):
            if len(users.get(dq.output[0], [])) == 1:
                graph.node.remove(dq)
        fused += 1
    if fused:
        _use_microsoft_ops(model)
    return fused


def _use_microsoft_ops(model: Any) -> None:
    from onnx import helper

    if not any(o.domain == "com.microsoft" for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid("com.microsoft", 1))


def _drop_unused_constants(graph: Any) -> None:
    used = {i for n in graph.node for i in n.input} | {o.name for o in graph.output}
    for const in [c for c in graph.initializer if c.name not in used]:
        graph.initializer.remove(const)


def quantize(src: Path, out: Path, inputs: list[np.ndarray], tmp: Path, float_head: bool) -> None:
    """Static QDQ int8 of the wheel's model ``src`` into ``out``, with the rewrites above;
    ``float_head`` leaves the last convolution (and what follows it) in float."""
    import onnx
    from onnx import version_converter
    from onnxruntime.quantization import (
        CalibrationDataReader,
        CalibrationMethod,
        QuantFormat,
        QuantType,
        quantize_static,
    )

    model = onnx.load(str(src))
    print(f"{src.name}: folded {fold_conv_bias(model)} convolution biases, fused {fuse_gelu(model)} GELUs")
    exclude = [n.name for n in model.graph.node if n.op_type == "Conv"][-1:] if float_head else []
    # Per-channel DequantizeLinear needs opset 13; the wheel's models are opset 11.
    opset17 = tmp / f"{src.stem}_17.onnx"
    onnx.save(version_converter.convert_version(model, 17), str(opset17))

    class Reader(CalibrationDataReader):
        def __init__(self) -> None:
            self._it = iter({"x": x} for x in inputs)

        def get_next(self) -> dict | None:
            return next(self._it, None)

    out.parent.mkdir(parents=True, exist_ok=True)
    quantize_static(str(opset17), str(out), Reader(), quant_format=QuantFormat.QDQ,
                    per_channel=True, activation_type=QuantType.QUInt8,
                    weight_type=QuantType.QInt8, calibrate_method=CalibrationMethod.Percentile,
                    op_types_to_quantize=["Conv", "MatMul", "Concat", "MaxPool"],
                    nodes_to_exclude=exclude,
                    extra_options={"CalibPercentile": 99.99,
                                   "OpTypesToExcludeOutputQuantization": ["MatMul"]})
    model = onnx.load(str(out))
    print(f"{src.name}: fused {fuse_matmul_bias(model)} int8 MatMuls with their bias")
    onnx.save(model, str(out))


def main() -> None:
    from redact.ocr.rapid import wheel_model

    with tempfile.TemporaryDirectory() as tmp:
        lines, tiles = calibration_crops(Path(tmp) / "pages")
        quantize(wheel_model("PP-OCRv6_rec_small.onnx"), OUT_REC, [to_input(c) for c in lines],
                 Path(tmp), float_head=False)
        quantize(wheel_model("PP-OCRv6_det_small.onnx"), OUT_DET, tiles, Path(tmp), float_head=True)
    for out in (OUT_REC, OUT_DET):
        print(f"{hashlib.sha256(out.read_bytes()).hexdigest()}  {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
