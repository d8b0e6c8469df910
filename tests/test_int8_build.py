"""The graph rewrites that models/build_int8.py applies around quantisation change no output."""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path
from types import ModuleType

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

ROOT = Path(__file__).resolve().parent.parent


def build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_int8", ROOT / "models" / "build_int8.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def model_of(nodes: list, consts: dict[str, np.ndarray], x_shape: list[int], y_shape: list[int],
             opset: int = 17) -> onnx.ModelProto:
    graph = helper.make_graph(
        nodes, "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, x_shape)],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, y_shape)],
        [numpy_helper.from_array(v, k) for k, v in consts.items()])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])


def run(model: onnx.ModelProto, x: np.ndarray) -> np.ndarray:
    opts = ort.SessionOptions()
    opts.log_severity_level = 3
    session = ort.InferenceSession(model.SerializeToString(), opts, providers=["CPUExecutionProvider"])
    return np.asarray(session.run(None, {"x": x})[0])


def op_types(model: onnx.ModelProto) -> list[str]:
    return [n.op_type for n in model.graph.node]


rng = np.random.default_rng(7)


def test_a_constant_add_after_a_convolution_becomes_its_bias() -> None:
    w = rng.normal(size=(4, 3, 3, 3)).astype(np.float32)
    b = rng.normal(size=(1, 4, 1, 1)).astype(np.float32)
    model = model_of([helper.make_node("Conv", ["x", "w"], ["c"], pads=[1, 1, 1, 1]),
                      helper.make_node("Add", ["c", "b"], ["a"]),
                      helper.make_node("Relu", ["a"], ["y"])],
                     {"w": w, "b": b}, [1, 3, 8, 8], [1, 4, 8, 8])
    x = rng.normal(size=(1, 3, 8, 8)).astype(np.float32)
    before = run(model, x)
    assert build_script().fold_conv_bias(model) == 1
    assert op_types(model) == ["Conv", "Relu"]
    assert len(model.graph.node[0].input) == 3
    np.testing.assert_allclose(run(model, x), before, rtol=1e-5, atol=1e-5)


def test_an_add_that_is_not_a_per_channel_constant_stays() -> None:
    w = rng.normal(size=(4, 3, 1, 1)).astype(np.float32)
    pixelwise = rng.normal(size=(1, 4, 8, 8)).astype(np.float32)
    model = model_of([helper.make_node("Conv", ["x", "w"], ["c"]),
                      helper.make_node("Add", ["c", "p"], ["y"])],
                     {"w": w, "p": pixelwise}, [1, 3, 8, 8], [1, 4, 8, 8])
    assert build_script().fold_conv_bias(model) == 0
    assert op_types(model) == ["Conv", "Add"]


def test_the_exported_erf_gelu_becomes_one_gelu_node() -> None:
    consts = {"s2": np.array(math.sqrt(2), np.float32), "one": np.array(1.0, np.float32),
              "half": np.array(0.5, np.float32)}
    model = model_of([helper.make_node("Div", ["x", "s2"], ["d"]),
                      helper.make_node("Erf", ["d"], ["e"]),
                      helper.make_node("Add", ["e", "one"], ["a"]),
                      helper.make_node("Mul", ["x", "a"], ["m"]),
                      helper.make_node("Mul", ["m", "half"], ["y"])],
                     consts, [2, 50], [2, 50])
    x = rng.normal(scale=3, size=(2, 50)).astype(np.float32)
    before = run(model, x)
    assert build_script().fuse_gelu(model) == 1
    assert op_types(model) == ["Gelu"]
    np.testing.assert_allclose(run(model, x), before, rtol=1e-5, atol=1e-5)


def test_a_quantised_matmul_and_its_bias_become_one_integer_matmul() -> None:
    w = rng.integers(-127, 128, size=(6, 5)).astype(np.int8)
    consts = {"a_scale": np.array(0.02, np.float32), "a_zp": np.array(128, np.uint8),
              "w_q": w, "w_scale": np.full(5, 0.01, np.float32), "w_zp": np.zeros(5, np.int8),
              "bias": rng.normal(size=5).astype(np.float32)}
    model = model_of([helper.make_node("QuantizeLinear", ["x", "a_scale", "a_zp"], ["xq"]),
                      helper.make_node("DequantizeLinear", ["xq", "a_scale", "a_zp"], ["xd"]),
                      helper.make_node("DequantizeLinear", ["w_q", "w_scale", "w_zp"], ["wd"], axis=1),
                      helper.make_node("MatMul", ["xd", "wd"], ["m"]),
                      helper.make_node("Add", ["m", "bias"], ["y"])],
                     consts, [2, 3, 6], [2, 3, 5])
    x = rng.normal(size=(2, 3, 6)).astype(np.float32)
    before = run(model, x)
    assert build_script().fuse_matmul_bias(model) == 1
    assert op_types(model) == ["QuantizeLinear", "MatMulIntegerToFloat"]
    np.testing.assert_allclose(run(model, x), before, rtol=1e-5, atol=1e-5)
