"""ONNX: torch.onnx.export files read back exactly; the converter command;
unsupported operators named."""
import io
import os
import subprocess
import sys
from fractions import Fraction

import pytest

import relufiber as rf

torch = pytest.importorskip("torch")
onnx = pytest.importorskip("onnx")
nn = torch.nn

from test_torch import mlp  # noqa: E402


def export(model, d0, dtype=torch.float32):
    buf = io.BytesIO()
    torch.onnx.export(model, torch.zeros(1, d0, dtype=dtype), buf,
                      input_names=["x"], output_names=["y"], do_constant_folding=True)
    return buf.getvalue()


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("bias", [True, False])
def test_onnx_export_round_trip_exact(dtype, bias):
    dt = getattr(torch, dtype)
    model = mlp([3, 8, 4, 1], 21, dt, bias)
    net = rf.Network.from_onnx(export(model, 3, dt))
    assert net == rf.Network.from_torch(model)
    # exact outputs at a float input equal the torch output (float64:
    # identical up to the last bit of a dot product of 8 terms)
    x = torch.tensor([[0.5, -0.25, 1.0]], dtype=dt)
    y = net([Fraction(v) for v in x[0].double().tolist()])
    tol = 1e-12 if dtype == "float64" else 1e-5
    assert abs(float(y[0]) - model(x).item()) < tol


def test_onnx_write_read(tmp_path):
    model = mlp([3, 8, 4, 1], 22, torch.float64)
    net = rf.Network.from_torch(model)
    p = tmp_path / "n.onnx"
    net.save(p)
    onnx.checker.check_model(onnx.load(str(p)))
    assert rf.Network.load(p) == net


def test_onnx_unsupported_op_named():
    model = nn.Sequential(nn.Linear(2, 3), nn.Sigmoid(), nn.Linear(3, 1))
    with pytest.raises(rf.RelufiberError, match="op Sigmoid"):
        rf.Network.from_onnx(export(model, 2))


def test_converter_command(tmp_path):
    model = mlp([3, 8, 4, 1], 23)
    p = tmp_path / "m.onnx"
    p.write_bytes(export(model, 3))
    out = tmp_path / "m.rfn"
    env = dict(os.environ)
    r = subprocess.run([sys.executable, "-m", "relufiber.convert", str(p), "-o", str(out)],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    assert rf.Network.load(out) == rf.Network.from_torch(model)
    exe = os.environ.get("RF_BIN")
    if exe:
        c = subprocess.run([exe, "equiv", "--quiet", str(out), str(out)], capture_output=True)
        assert c.returncode == 0
    bad = tmp_path / "bad.onnx"
    bad.write_bytes(export(nn.Sequential(nn.Linear(2, 2), nn.Tanh(), nn.Linear(2, 1)), 2))
    r = subprocess.run([sys.executable, "-m", "relufiber.convert", str(bad)],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 2 and "Tanh" in r.stderr


def test_cli_reads_onnx_and_pt_through_converter(tmp_path):
    """relufiber (the C tool) on .onnx and .pt files: it runs the converter
    ($RELUFIBER_CONVERT) and decides on the exact numbers."""
    exe = os.environ.get("RF_BIN")
    if not exe:
        pytest.skip("RF_BIN not set")
    from test_torch import permuted_rescaled
    model = mlp([3, 8, 4, 1], 24)
    a, b, c = tmp_path / "a.onnx", tmp_path / "b.pt", tmp_path / "c.onnx"
    a.write_bytes(export(model, 3))
    torch.save(permuted_rescaled(model, 25).state_dict(), b)
    c.write_bytes(export(mlp([3, 8, 4, 1], 26), 3))
    env = dict(os.environ)
    env["RELUFIBER_CONVERT"] = "%s -m relufiber.convert" % sys.executable
    env["PYTHONPATH"] = os.path.join(os.path.dirname(__file__), "..") + os.pathsep + \
        env.get("PYTHONPATH", "")
    r = subprocess.run([exe, "equiv", "--quiet", str(a), str(b)], capture_output=True,
                       text=True, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    r = subprocess.run([exe, "equiv", "--quiet", "--json", str(a), str(c)], capture_output=True,
                       text=True, env=env)
    assert r.returncode == 1, r.stdout + r.stderr
    import json
    x = [Fraction(v) for v in json.loads(r.stdout)["x"]]
    from conftest import oracle_eval, torch_layers_exact
    assert oracle_eval(torch_layers_exact(model), x) != \
        oracle_eval(rf.Network.from_onnx(str(c)).layers, x)
