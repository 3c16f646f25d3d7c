"""Writes tiny ONNX files that break the model contract, for the loader's refusal tests (committed beside this script).

    /usr/bin/python3 tests/BoneTumorTutor.Tests/Inference/make_broken_models.py

Each is a valid ONNX graph (opset 17) with one thing wrong: an input name the contract does not allow, a missing `cam`
output, or an `image` input of the wrong size."""
import os

import onnx
from onnx import TensorProto, helper

HERE = os.path.dirname(os.path.abspath(__file__))


def model(inputs, outputs, nodes, name):
    g = helper.make_graph(nodes, name, inputs, outputs)
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)], producer_name="btt-tests")
    m.ir_version = 8
    onnx.checker.check_model(m)
    onnx.save(m, os.path.join(HERE, name + ".onnx"))


def vi(name, shape):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)


def graph_from(inp, s):
    """logits [N,2], cam [N,2,4,4], embedding [N,8] from an input [N,1,s,s] (pooling and reshapes only)."""
    nodes = [
        helper.make_node("GlobalAveragePool", [inp], ["g"]),  # N,1,1,1
        helper.make_node("Flatten", ["g"], ["f"], axis=1),  # N,1
        helper.make_node("Concat", ["f", "f"], ["logits"], axis=1),
        helper.make_node("Concat", ["f", "f", "f", "f", "f", "f", "f", "f"], ["embedding"], axis=1),
        helper.make_node("AveragePool", [inp], ["p"], kernel_shape=[s // 4, s // 4], strides=[s // 4, s // 4]),  # N,1,4,4
        helper.make_node("Concat", ["p", "p"], ["cam"], axis=1),
    ]
    return nodes


model([vi("x", ["N", 1, 128, 128])], [vi("logits", ["N", 2]), vi("cam", ["N", 2, 4, 4]), vi("embedding", ["N", 8])],
      graph_from("x", 128), "wrong_input_name")
model([vi("image", ["N", 1, 128, 128])], [vi("logits", ["N", 2]), vi("embedding", ["N", 8])],
      [n for n in graph_from("image", 128) if n.output[0] not in ("p", "cam")], "missing_cam")
model([vi("image", ["N", 1, 64, 64])], [vi("logits", ["N", 2]), vi("cam", ["N", 2, 4, 4]), vi("embedding", ["N", 8])],
      graph_from("image", 64), "wrong_input_size")
model([vi("image", ["N", 1, 128, 128])], [vi("logits", ["N", 2]), vi("cam", ["N", 2, 4, 4]), vi("embedding", ["N", 8])],
      graph_from("image", 128), "tiny_conforming")
print("written")
