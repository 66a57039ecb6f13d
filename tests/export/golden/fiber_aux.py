#!/usr/bin/env python3
# relufiber @VERSION@ export (SymPy)
# Fiber of a 2-2-1 network (scalings as auxiliary variables)
# note: generic network: the fiber is the orbit under permutations and positive scalings
# 11 variable(s), 2 auxiliary; 2 component(s)
# auxiliary variables (existentially quantified): t1_1 t1_2
# the set meant is the projection onto the parameters: a point of the parameters belongs to a component when some values of `aux` satisfy its constraints
# unknown dimensions are written as -1
import sympy as sp

W1_1_1 = sp.Symbol("W1_1_1", real=True)
W1_1_2 = sp.Symbol("W1_1_2", real=True)
b1_1 = sp.Symbol("b1_1", real=True)
W1_2_1 = sp.Symbol("W1_2_1", real=True)
W1_2_2 = sp.Symbol("W1_2_2", real=True)
b1_2 = sp.Symbol("b1_2", real=True)
W2_1_1 = sp.Symbol("W2_1_1", real=True)
W2_1_2 = sp.Symbol("W2_1_2", real=True)
b2_1 = sp.Symbol("b2_1", real=True)
t1_1 = sp.Symbol("t1_1", real=True)  # auxiliary
t1_2 = sp.Symbol("t1_2", real=True)  # auxiliary
params = [W1_1_1, W1_1_2, b1_1, W1_2_1, W1_2_2, b1_2, W2_1_1, W2_1_2, b2_1]
aux = [t1_1, t1_2]  # existentially quantified

# each component: equations (sp.Eq(p, 0)) and inequalities
# (sp.Gt / sp.Ge / sp.Ne of p and 0)
components = [
    # component 1: scaling (identity permutation)
    {"name": "scaling (identity permutation)",
     "description": "hidden neuron k takes the role of neuron sigma(k)",
     "dimension": 2,
     "equations": [sp.Eq(W1_1_1 - t1_1, 0),
        sp.Eq(W1_1_2 - 2*t1_1, 0),
        sp.Eq(b1_1 - t1_1, 0),
        sp.Eq(W2_1_1*t1_1 - sp.Rational(2, 3), 0),
        sp.Eq(W1_2_1 - 3*t1_2, 0),
        sp.Eq(W1_2_2 + t1_2, 0),
        sp.Eq(b1_2 + 2*t1_2, 0),
        sp.Eq(W2_1_2*t1_2 + 3, 0),
        sp.Eq(b2_1 - sp.Rational(1, 2), 0)],
     "inequalities": [sp.Gt(t1_1, 0),
        sp.Gt(t1_2, 0)]},
    # component 2: permutation (1 2) + scaling
    {"name": "permutation (1 2) + scaling",
     "description": "hidden neuron k takes the role of neuron sigma(k)",
     "dimension": 2,
     "equations": [sp.Eq(W1_1_1 - 3*t1_1, 0),
        sp.Eq(W1_1_2 + t1_1, 0),
        sp.Eq(b1_1 + 2*t1_1, 0),
        sp.Eq(W2_1_1*t1_1 + 3, 0),
        sp.Eq(W1_2_1 - t1_2, 0),
        sp.Eq(W1_2_2 - 2*t1_2, 0),
        sp.Eq(b1_2 - t1_2, 0),
        sp.Eq(W2_1_2*t1_2 - sp.Rational(2, 3), 0),
        sp.Eq(b2_1 - sp.Rational(1, 2), 0)],
     "inequalities": [sp.Gt(t1_1, 0),
        sp.Gt(t1_2, 0)]}
]

def satisfies(component, values):
    """True if the exact point `values` (a dict Symbol -> number, giving
    the parameters and the auxiliary variables) satisfies every
    constraint of `component`."""
    rels = component["equations"] + component["inequalities"]
    return all(bool(sp.sympify(r).subs(values)) for r in rels)
