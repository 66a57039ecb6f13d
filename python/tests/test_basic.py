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
