"""Shared helpers of the Python tests: an independent exact evaluator (the
oracle: plain Fractions, no relufiber code) and model builders."""
import os
import sys
from fractions import Fraction

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))


def oracle_eval(layers, x):
    """Exact f(x) for layers [(W, b)] of Fractions; ReLU between layers."""
    h = [Fraction(v) for v in x]
    for l, (W, b) in enumerate(layers):
        h = [sum((Fraction(w) * v for w, v in zip(r, h)), Fraction(0)) + Fraction(c)
             for r, c in zip(W, b)]
        if l + 1 < len(layers):
            h = [v if v > 0 else Fraction(0) for v in h]
    return h


def torch_layers_exact(model):
    """[(W, b)] of exact Fractions read directly from an nn.Sequential's
    Linear layers (the oracle's own reading: Fraction(float) is exact)."""
    import torch
    out = []
    for m in model:
        if isinstance(m, torch.nn.Linear):
            W = [[Fraction(v) for v in r] for r in m.weight.detach().double().tolist()]
            b = ([Fraction(v) for v in m.bias.detach().double().tolist()] if m.bias is not None
                 else [Fraction(0)] * len(W))
            out.append((W, b))
    return out


@pytest.fixture
def torch_mod():
    return pytest.importorskip("torch")


@pytest.fixture
def onnx_mod():
    pytest.importorskip("torch")
    return pytest.importorskip("onnx")
