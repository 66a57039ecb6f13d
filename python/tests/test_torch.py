"""PyTorch models: exact reading, equivalence of permuted and rescaled
copies, separating inputs re-checked by an independent exact oracle,
state_dict and bias=False, agreement with the CLI."""
import json
import os
import sys
import subprocess
from fractions import Fraction

import pytest

import relufiber as rf
from conftest import oracle_eval, torch_layers_exact

torch = pytest.importorskip("torch")
nn = torch.nn


def mlp(arch, seed, dtype=torch.float32, bias=True, train_steps=5):
    """A small MLP with a few SGD steps of training on random data."""
    g = torch.Generator().manual_seed(seed)
    mods = []
    for i in range(len(arch) - 1):
        lin = nn.Linear(arch[i], arch[i + 1], bias=bias)
        with torch.no_grad():
            lin.weight.copy_(torch.randn(arch[i + 1], arch[i], generator=g) / arch[i] ** 0.5)
            if bias:
                lin.bias.copy_(torch.randn(arch[i + 1], generator=g) * 0.1)
        mods.append(lin)
        if i + 2 < len(arch):
            mods.append(nn.ReLU())
    model = nn.Sequential(*mods).to(dtype)
    X = torch.randn(64, arch[0], generator=g, dtype=dtype)
    Y = torch.randn(64, arch[-1], generator=g, dtype=dtype)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    for _ in range(train_steps):
        opt.zero_grad()
        ((model(X) - Y) ** 2).mean().backward()
        opt.step()
    return model


def permuted_rescaled(model, seed):
    """An exact copy with every hidden layer permuted and rescaled by powers
    of two (exact in floating point): the same function."""
    import copy
    g = torch.Generator().manual_seed(seed)
    m = copy.deepcopy(model)
    lins = [x for x in m if isinstance(x, nn.Linear)]
    with torch.no_grad():
        for l in range(len(lins) - 1):
            n = lins[l].out_features
            p = torch.randperm(n, generator=g)
            s = 2.0 ** torch.randint(-3, 4, (n,), generator=g).to(lins[l].weight.dtype)
            lins[l].weight.copy_(lins[l].weight[p] * s[:, None])
            if lins[l].bias is not None:
                lins[l].bias.copy_(lins[l].bias[p] * s)
            lins[l + 1].weight.copy_(lins[l + 1].weight[:, p] / s[None, :])
    return m


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("bias", [True, False])
def test_sequential_round_trip_exact(dtype, bias):
    model = mlp([3, 8, 4, 1], 1, getattr(torch, dtype), bias)
    net = rf.Network.from_torch(model)
    assert net.arch == [3, 8, 4, 1]
    assert net.layers == torch_layers_exact(model)
    # through the exact JSON (strings) and the C reader and writer
    assert rf.Network.from_json(net.to_json()) == net
    assert rf.Network.from_text(net.to_rfn()) == net
    # float JSON (what W.tolist() + json.dump gives) read as doubles: exact
    d = {"layers": [{"weight": m.weight.tolist(), "bias": m.bias.tolist() if bias else None}
                    for m in model if isinstance(m, nn.Linear)]}
    assert rf.Network.from_json(json.dumps(d)) == net
    # back to torch (float64): the same floats
    back = rf.Network.from_torch(net.to_torch())
    assert back == net


def test_float_outputs_match_exact():
    model = mlp([3, 8, 4, 1], 2, torch.float64)
    net = rf.Network.from_torch(model)
    x = torch.tensor([[0.25, -1.5, 2.0]], dtype=torch.float64)
    y = net([Fraction(v) for v in x[0].tolist()])
    assert abs(float(y[0]) - model(x).item()) < 1e-12
    assert net.eval(x[0]) == y


@pytest.mark.parametrize("arch", [[3, 8, 4, 1], [3, 8, 1], [4, 2, 6, 1]])
def test_permuted_rescaled_copy_equivalent(arch):
    model = mlp(arch, 3, torch.float32)
    copy = permuted_rescaled(model, 4)
    assert rf.Network.from_torch(copy) != rf.Network.from_torch(model)
    r = rf.equiv(model, copy)
    assert r.equivalent is True, r
    assert r.method
    assert r.certificate is not None


def test_second_training_not_equivalent_with_checked_input():
    a = mlp([3, 8, 4, 1], 5)
    b = mlp([3, 8, 4, 1], 6)
    r = rf.equiv(a, b)
    assert r.equivalent is False
    x = r.separating_input
    assert all(isinstance(v, Fraction) for v in x) and len(x) == 3
    ya = oracle_eval(torch_layers_exact(a), x)
    yb = oracle_eval(torch_layers_exact(b), x)
    assert ya != yb
    assert ya == r.outputs_a and yb == r.outputs_b
    assert not r.below_float_resolution


def test_state_dict_round_trip():
    model = mlp([3, 8, 4, 1], 7)
    net = rf.Network.from_state_dict(model.state_dict())
    assert net == rf.Network.from_torch(model)
    # explicit order, named layers, bias=False layer
    sd = {"fc1.weight": model[0].weight, "fc1.bias": model[0].bias,
          "fc2.weight": model[2].weight, "fc3.weight": model[4].weight, "fc3.bias": model[4].bias}
    n2 = rf.Network.from_state_dict(sd, ["fc1", "fc2", "fc3"])
    assert n2.layers[1][1] == [0] * 4
    assert n2.layers[0] == net.layers[0]


def test_state_dict_file(tmp_path):
    model = mlp([3, 8, 4, 1], 8)
    p = tmp_path / "m.pt"
    torch.save(model.state_dict(), p)
    assert rf.Network.load(p) == rf.Network.from_torch(model)


def test_bad_inputs_raise_clear_errors():
    model = mlp([3, 8, 4, 1], 9)
    with pytest.raises(rf.RelufiberError, match="layer 4.*columns.*previous layer 0"):
        rf.Network.from_state_dict(model.state_dict(), ["0", "4", "2"])
    with pytest.raises(rf.RelufiberError, match="layer 1 \\(Tanh\\)"):
        rf.Network.from_torch(nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 1)))
    with pytest.raises(rf.RelufiberError, match="shape mismatch"):
        rf.Network([([[1, 2]], [0]), ([[1, 2]], [0])])
    with pytest.raises(rf.RelufiberError, match="no key"):
        rf.Network.from_state_dict(model.state_dict(), ["0", "1"])
    with pytest.raises(rf.RelufiberError) as e:
        rf.equiv(rf.Network([([[1, 2]], [0])]), rf.Network([([[1, 2, 3]], [0])]))
    assert e.value.kind == "input error"


def test_fdim_points_from_tensor_and_numpy():
    import numpy as np
    model = mlp([3, 8, 4, 1], 10)
    g = torch.Generator().manual_seed(0)
    pts = torch.randn(40, 3, generator=g)
    r1 = rf.fdim(model, pts)
    r2 = rf.fdim(model, pts.numpy())
    r3 = rf.fdim(model, pts.tolist())
    assert r1.rank == r2.rank == r3.rank
    assert 0 < r1.rank <= r1.bound
    assert isinstance(np.int64(r1.rank), np.int64)


def test_shallow_fiber_identifiable_canon():
    model = mlp([2, 3, 1], 11)
    f = rf.fiber(model)
    assert f.components
    eqs, ineqs = f.to_sympy()[0]
    assert eqs or ineqs
    assert "\\" in f.to_latex()
    idf = rf.identifiable(model)
    assert idf.generic_identifiable in (True, False)
    c = rf.canon(model)
    assert c.network.arch[0] == 2
    x = [Fraction(1, 3), Fraction(-2)]
    assert c.network(x) == rf.Network.from_torch(model)(x)


def _cli(*args):
    exe = os.environ.get("RF_BIN")
    if not exe:
        pytest.skip("RF_BIN not set")
    return subprocess.run([exe, *args], capture_output=True, text=True)


def test_cli_reads_tolist_json_as_doubles(tmp_path):
    """The README's W.tolist() + json.dump route: an exactly permuted and
    rescaled copy is equivalent by default (binary floats); with
    --json-floats decimal it is not, and equiv notes why."""
    model = mlp([3, 8, 4, 1], 12, torch.float64)
    copy = permuted_rescaled(model, 13)
    paths = []
    for name, m in (("a", model), ("b", copy)):
        d = {"layers": [{"weight": x.weight.tolist(), "bias": x.bias.tolist()}
                        for x in m if isinstance(x, nn.Linear)]}
        p = tmp_path / (name + ".json")
        p.write_text(json.dumps(d))
        paths.append(str(p))
    assert _cli("equiv", "--quiet", *paths).returncode == 0
    r = _cli("equiv", "--quiet", "--json-floats", "decimal", *paths)
    # the decimals of a float64 model rescaled by powers of two are rarely
    # an exact copy: either verdict is possible, but never an error
    assert r.returncode in (0, 1)


def test_random_models_python_agrees_with_cli_and_z3(tmp_path):
    """Random small models (RF_TEST_MULTIPLIER scales the count, RF_TEST_SEED
    the seed): the Python verdict equals the CLI's, and on every model the
    CLI's z3 cross-check (when z3 is installed) agrees."""
    import shutil
    mult = float(os.environ.get("RF_TEST_MULTIPLIER", "1") or 1)
    seed = int(os.environ.get("RF_TEST_SEED", "0") or 0)
    count = max(1, int(20 * mult))
    z3 = shutil.which("z3") is not None
    g = torch.Generator().manual_seed(seed + 1)
    for k in range(count):
        arch = [int(torch.randint(1, 4, (1,), generator=g)) for _ in range(3)]
        a = mlp(arch, 100 + k + seed, train_steps=0)
        b = (permuted_rescaled(a, 200 + k + seed) if k % 2 == 0
             else mlp(arch, 300 + k + seed, train_steps=0))
        na, nb = rf.Network.from_torch(a), rf.Network.from_torch(b)
        pa, pb = tmp_path / ("a%d.json" % k), tmp_path / ("b%d.json" % k)
        pa.write_text(na.to_json())
        pb.write_text(nb.to_json())
        r = rf.equiv(na, nb)
        args = ["equiv", "--quiet", "--json", str(pa), str(pb)]
        if z3:
            args[1:1] = ["--cross-check", "z3", "--timeout", "20000"]
        c = _cli(*args)
        msg = "seed %d, model %d, arch %s: %r / %s %s" % (seed, k, arch, r, c.stdout, c.stderr)
        assert c.returncode == (0 if r.equivalent else 1), msg
        if k % 2 == 0:
            assert r.equivalent, msg
        if z3:
            xc = json.loads(c.stdout)["cross_check"]
            assert xc["agrees"] is True or xc["status"] == "unknown", msg


def test_custom_module_with_relu_modules_and_functional_hint():
    class MLP(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1, self.act, self.fc2 = nn.Linear(3, 5), nn.ReLU(), nn.Linear(5, 2)

        def forward(self, x):
            return self.fc2(self.act(self.fc1(x)))

    class F(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1, self.fc2 = nn.Linear(3, 5), nn.Linear(5, 2)

        def forward(self, x):
            return self.fc2(torch.relu(self.fc1(x)))
    m = MLP()
    net = rf.Network.from_torch(m)
    x = [Fraction(1, 2), Fraction(-1), Fraction(3)]
    assert abs(float(net(x)[0]) - m(torch.tensor([[0.5, -1.0, 3.0]])).tolist()[0][0]) < 1e-5
    with pytest.raises(rf.RelufiberError, match="from_state_dict"):
        rf.Network.from_torch(F())
    f = F()
    assert rf.Network.from_state_dict(f.state_dict(), ["fc1", "fc2"]).arch == [3, 5, 2]


def test_compact_float64_form_is_exact():
    """Float models reach the C library as base64 doubles: the network the
    library sees is the exact one (written back as exact JSON)."""
    model = mlp([3, 8, 4, 1], 31, torch.float32)
    net = rf.Network.from_torch(model)
    assert '"float64"' in net._flat()
    back = rf.Network.from_text(net.to_rfn())
    assert back == net and back.layers == torch_layers_exact(model)
    x = [Fraction(1, 3), Fraction(-2), Fraction(5, 7)]
    assert net.eval(x) == oracle_eval(torch_layers_exact(model), x)


def test_worked_example_ml_checkpoints():
    """examples/ml_checkpoints.py (the README's ML walk-through) runs and
    reaches the stated verdicts (each re-checked by the library: symmetry
    certificates, exact separating inputs; ranks never above D - H)."""
    root = os.path.join(os.path.dirname(__file__), "..", "..")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.path.join(root, "python") + os.pathsep + env.get("PYTHONPATH", "")
    p = subprocess.run([sys.executable, os.path.join(root, "examples", "ml_checkpoints.py")],
                       capture_output=True, text=True, env=env, timeout=600)
    assert p.returncode == 0, p.stderr
    out = p.stdout
    assert "1. same run, permuted and rescaled\n   equivalent: True | method: canonical-form" in out
    assert "2. a second training run\n   equivalent: False" in out
    assert "30% magnitude pruning: equivalent: False" in out
    ranks = [l for l in out.splitlines() if l.strip().startswith("step")]
    assert len(ranks) == 5 and all(" exact " in l for l in ranks), out
    for l in ranks:
        r, b = int(l.split("rank ")[1].split()[0]), int(l.split("D - H = ")[1].rstrip(")"))
        assert r <= b


def test_align_recovers_planted_permutation_and_scaling():
    """align(model, permuted+rescaled copy): residual 0, the aligned network
    equals the model exactly (checked with the independent Fraction reading),
    and its outputs agree with the copy's by the oracle evaluator."""
    torch.manual_seed(11)
    m = torch.nn.Sequential(torch.nn.Linear(3, 7), torch.nn.ReLU(), torch.nn.Linear(7, 5),
                            torch.nn.ReLU(), torch.nn.Linear(5, 2)).double()
    c = copy_perm_scale(m, 5)
    r = rf.align(m, c)
    assert r.equivalent and r.max_abs == 0
    want = torch_layers_exact(m)
    got = [(W, b) for W, b in r.network.layers]
    assert got == want
    x = [Fraction(1, 3), Fraction(-2), Fraction(5, 7)]
    assert oracle_eval(got, x) == oracle_eval(torch_layers_exact(c), x)
    # noise: not equivalent, small residual, same permutation
    with torch.no_grad():
        for p in c.parameters():
            p.mul_(1 + 1e-9 * torch.randn_like(p))
    r2 = rf.align(m, c)
    assert not r2.equivalent and 0 < r2.max_rel < 1e-6 and r2.perms == r.perms


def copy_perm_scale(model, seed):
    import copy
    m = copy.deepcopy(model)
    lin = [x for x in m if isinstance(x, torch.nn.Linear)]
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for a, b in zip(lin[:-1], lin[1:]):
            p = torch.randperm(a.out_features, generator=g)
            s = 2.0 ** torch.randint(-3, 4, (a.out_features,), generator=g).double()
            a.weight.copy_(a.weight[p] * s[:, None])
            a.bias.copy_(a.bias[p] * s)
            b.weight.copy_(b.weight[:, p] / s[None, :])
    return m
