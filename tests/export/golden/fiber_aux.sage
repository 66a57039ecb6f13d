# relufiber @VERSION@ export (SageMath)
# Fiber of a 2-2-1 network (scalings as auxiliary variables)
# note: generic network: the fiber is the orbit under permutations and positive scalings
# 11 variable(s), 2 auxiliary; 2 component(s)
# auxiliary variables (existentially quantified): t1_1 t1_2
# the set meant is the projection onto the parameters: the ideals live in the ring that includes them (use I.elimination_ideal(aux))
# unknown dimensions are written as -1
from sage.all import QQ, PolynomialRing, SR

rfR = PolynomialRing(QQ, names=['W1_1_1', 'W1_1_2', 'b1_1', 'W1_2_1', 'W1_2_2', 'b1_2', 'W2_1_1', 'W2_1_2', 'b2_1', 't1_1', 't1_2'])
W1_1_1, W1_1_2, b1_1, W1_2_1, W1_2_2, b1_2, W2_1_1, W2_1_2, b2_1, t1_1, t1_2 = rfR.gens()
params = [W1_1_1, W1_1_2, b1_1, W1_2_1, W1_2_2, b1_2, W2_1_1, W2_1_2, b2_1]
aux = [t1_1, t1_2]  # existentially quantified

# each component: the ideal of its equations, its inequalities
# as (p, sense) with sense '>', '>=' or '!=' (meaning p sense 0), and
# the same constraints as symbolic relations (SR(p) == 0, SR(q) > 0, ...)
# under "equations" and "relations"
components = [
    # component 1: scaling (identity permutation)
    {"name": "scaling (identity permutation)",
     "description": "hidden neuron k takes the role of neuron sigma(k)",
     "dimension": 2,
     "ideal": rfR.ideal([W1_1_1 - t1_1,
        W1_1_2 - 2*t1_1,
        b1_1 - t1_1,
        W2_1_1*t1_1 - QQ(2)/3,
        W1_2_1 - 3*t1_2,
        W1_2_2 + t1_2,
        b1_2 + 2*t1_2,
        W2_1_2*t1_2 + 3,
        b2_1 - QQ(1)/2]),
     "inequalities": [(t1_1, '>'),
        (t1_2, '>')],
     "equations": [SR(W1_1_1 - t1_1) == 0,
        SR(W1_1_2 - 2*t1_1) == 0,
        SR(b1_1 - t1_1) == 0,
        SR(W2_1_1*t1_1 - QQ(2)/3) == 0,
        SR(W1_2_1 - 3*t1_2) == 0,
        SR(W1_2_2 + t1_2) == 0,
        SR(b1_2 + 2*t1_2) == 0,
        SR(W2_1_2*t1_2 + 3) == 0,
        SR(b2_1 - QQ(1)/2) == 0],
     "relations": [SR(t1_1) > 0,
        SR(t1_2) > 0]},
    # component 2: permutation (1 2) + scaling
    {"name": "permutation (1 2) + scaling",
     "description": "hidden neuron k takes the role of neuron sigma(k)",
     "dimension": 2,
     "ideal": rfR.ideal([W1_1_1 - 3*t1_1,
        W1_1_2 + t1_1,
        b1_1 + 2*t1_1,
        W2_1_1*t1_1 + 3,
        W1_2_1 - t1_2,
        W1_2_2 - 2*t1_2,
        b1_2 - t1_2,
        W2_1_2*t1_2 - QQ(2)/3,
        b2_1 - QQ(1)/2]),
     "inequalities": [(t1_1, '>'),
        (t1_2, '>')],
     "equations": [SR(W1_1_1 - 3*t1_1) == 0,
        SR(W1_1_2 + t1_1) == 0,
        SR(b1_1 + 2*t1_1) == 0,
        SR(W2_1_1*t1_1 + 3) == 0,
        SR(W1_2_1 - t1_2) == 0,
        SR(W1_2_2 - 2*t1_2) == 0,
        SR(b1_2 - t1_2) == 0,
        SR(W2_1_2*t1_2 - QQ(2)/3) == 0,
        SR(b2_1 - QQ(1)/2) == 0],
     "relations": [SR(t1_1) > 0,
        SR(t1_2) > 0]}
]
