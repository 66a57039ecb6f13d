"""The package without torch: exact Fractions, files, errors with the C
library's messages."""
import os
from fractions import Fraction

import pytest

import relufiber as rf
from conftest import oracle_eval

EX = os.environ.get("RF_EXAMPLES",
                    os.path.join(os.path.dirname(__file__), "..", "..", "examples"))


def test_version():
    v = rf.version()
    assert v["flat"] == 1 and v["library"]


def test_read_files_and_equiv():
    a = rf.Network.load(os.path.join(EX, "shallow_2_3_1.rfn"))
    b = rf.Network.load(os.path.join(EX, "shallow_2_3_1_sym.rfn"))
    c = rf.Network.load(os.path.join(EX, "shallow_2_3_1_pert.rfn"))
    r = rf.equiv(a, b)
    assert r and r.equivalent and r.certificate["type"] == "H_n"
    r = rf.equiv(a, c)
    assert r.equivalent is False
    assert oracle_eval(a.layers, r.separating_input) == r.outputs_a
    assert oracle_eval(c.layers, r.separating_input) == r.outputs_b != r.outputs_a
    assert r.separating_input_floats == [float(q) for q in r.separating_input]
    assert rf.equiv(a, os.path.join(EX, "shallow_2_3_1_sym.rfn")).equivalent


def test_floats_are_exact_doubles():
    n = rf.Network([([[0.1, 2]], [0.5])])
    assert n.layers[0][0][0][0] == Fraction(3602879701896397, 36028797018963968)
    assert rf.Network.from_json('{"layers":[{"weight":[[0.1, 2]],"bias":[0.5]}]}') == n
    d = rf.Network.from_json('{"layers":[{"weight":[[0.1, 2]],"bias":[0.5]}]}', floats="decimal")
    assert d.layers[0][0][0][0] == Fraction(1, 10)
    assert rf.Network.from_json('{"layers":[{"weight":[["0.1", 2]]}]}').layers[0] == \
        ([[Fraction(1, 10), 2]], [0])
    r = rf.equiv(n, d)
    assert r.equivalent is False and r.below_float_resolution


def test_errors_carry_c_message():
    with pytest.raises(rf.RelufiberError, match=r"<json>:1: layers\[0\].bias has 2 entries"):
        rf.Network.from_json('{"layers":[{"weight":[[1,2]],"bias":[1,2]}]}')
    with pytest.raises(rf.RelufiberError, match="arch"):
        rf.Network.from_json('{"arch":[2.0,1],"layers":[{"weight":[[1,2]]}]}')
    with pytest.raises(rf.RelufiberError) as e:
        rf.fiber(rf.Network.load(os.path.join(EX, "fdim_deep_2_4_4_1.rfn")))
    assert e.value.kind == "unsupported"
    with pytest.raises(rf.RelufiberError, match="bent hyperplane"):
        rf.fdim(rf.Network([([[1, 0]], [0]), ([[1]], [0])]), [[0, 1]])


def test_canon_and_fdim():
    a = rf.Network.load(os.path.join(EX, "three_e3_a.rfn"))
    c = rf.canon(a)
    assert c.canonical_hidden < c.hidden
    for x in ([1, 2], [Fraction(-1, 3), 5], [0.25, -7]):
        assert c.network(x) == a(x) == a.eval(x)
    f = rf.fdim(a, [[1, 2], [-1, 3], [2, -5], [0.5, 0.25], [-3, -1], [4, 1]])
    assert f.rank <= f.bound and f.exact


def test_conserve_laws_with_values():
    a = rf.Network.load(os.path.join(EX, "shallow_2_3_1.rfn"))
    laws = rf.conserve(a)
    assert len(laws) >= 3
    for law in laws:
        assert isinstance(law.value, Fraction)
    # the balance law of neuron 1: ||in||^2 + b^2 - ||out||^2 at the network
    W, b = a.layers[0]
    V, _ = a.layers[1]
    want = W[0][0] ** 2 + W[0][1] ** 2 + b[0] ** 2 - V[0][0] ** 2
    assert want in [law.value for law in laws]
    pytest.importorskip("sympy")
    import sympy
    theta = dict(zip(laws.variables, a.parameters()))
    for expr, val in laws.to_sympy():
        got = expr.subs({s: sympy.Rational(theta[s.name].numerator, theta[s.name].denominator)
                         for s in expr.free_symbols})
        assert Fraction(int(got.p), int(got.q)) == val


def test_embed_phi_against_path_products():
    """embed(): every Phi coordinate equals the product of the weights along
    its path, computed here from the exact parameters (independent of the
    C code); the number of paths is the count of input-or-bias paths."""
    import relufiber as rf
    from fractions import Fraction as F
    layers = [([[F(1), F(-2)], [F(1, 3), F(1)], [F(0), F(5, 2)]], [F(1), F(-1, 2), F(3)]),
              ([[F(2), F(-1), F(1, 7)], [F(1, 2), F(1), F(-3)]], [F(-1), F(2)]),
              ([[F(3), F(-5, 4)]], [F(1, 9)])]
    net = rf.Network(layers)
    e = rf.embed(net, points=[[1, 2], [3, -1], [F(1, 2), F(1, 4)], [-2, 5], [7, 1]])
    count = 0
    for (sl, start, nodes), val in e.phi:
        if sl == 0:
            prod, prev = F(1), start
            ks = range(0, 3)
        else:
            prod, prev = layers[sl - 1][1][start], start
            ks = range(sl, 3)
        for k, node in zip(ks, nodes):
            prod *= layers[k][0][node][prev]
            prev = node
        assert prod == val, ((sl, start, nodes), prod, val)
        count += 1
    # input paths: 2*3*2*1 = 12; bias paths: 3*2*1 + 2*1 = 8 (output bias: 1)
    assert count in (20, 21)
    assert e.D == 9 + 8 + 3 and e.H == 5
    assert e.sample_rank is not None and e.sample_rank <= e.D - e.H


def test_nnet_written_and_read_back_exactly(tmp_path):
    """to_nnet: the C NNet reader gives back exactly the same parameters
    (doubles and decimals); a non-decimal rational is refused by name."""
    import relufiber as rf
    from fractions import Fraction as F
    layers = [([[0.1, -2.5], [F(3, 8), 1e-7]], [F(-1, 1024), 3]),
              ([[1.25, -0.375]], [2.0 ** -40])]
    net = rf.Network(layers)
    p = tmp_path / "n.nnet"
    net.save(str(p))
    back = rf.Network.load(str(p))
    want = [([[F(v) for v in r] for r in W], [F(v) for v in b]) for W, b in layers]
    assert [([list(r) for r in W], list(b)) for W, b in back.layers] == want
    bad = rf.Network([([[F(1, 3)]], [0])])
    with pytest.raises(rf.RelufiberError, match="W1"):
        bad.to_nnet()
