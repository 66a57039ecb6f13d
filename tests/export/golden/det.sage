# relufiber @VERSION@ export (SageMath)
# Test system: 2x2 matrices [[a, b], [c, d]]
# note: hand-built, dimensions known
# 4 variable(s), 0 auxiliary; 3 component(s)
# unknown dimensions are written as -1
from sage.all import QQ, PolynomialRing, SR

rfR = PolynomialRing(QQ, names=['a', 'b', 'c', 'd'])
a, b, c, d = rfR.gens()
params = [a, b, c, d]
aux = []  # existentially quantified

# each component: the ideal of its equations, its inequalities
# as (p, sense) with sense '>', '>=' or '!=' (meaning p sense 0), and
# the same constraints as symbolic relations (SR(p) == 0, SR(q) > 0, ...)
# under "equations" and "relations"
components = [
    # component 1: determinantal
    {"name": "determinantal",
     "description": "singular matrices",
     "dimension": 3,
     "ideal": rfR.ideal([a*d - b*c]),
     "inequalities": [],
     "equations": [SR(a*d - b*c) == 0],
     "relations": []},
    # component 2: rotation
    {"name": "rotation",
     "description": "rotations with a > 0, b != 0",
     "dimension": 1,
     "ideal": rfR.ideal([a - d,
        b + c,
        a**2 + b**2 - 1]),
     "inequalities": [(a, '>'),
        (b, '!=')],
     "equations": [SR(a - d) == 0,
        SR(b + c) == 0,
        SR(a**2 + b**2 - 1) == 0],
     "relations": [SR(a) > 0,
        SR(b) != 0]},
    # component 3: orientation-preserving
    {"name": "orientation-preserving",
     "description": "",
     "dimension": 4,
     "ideal": rfR.ideal([]),
     "inequalities": [(a*d - b*c, '>'),
        (QQ(2)/3*a - QQ(5)/7, '>=')],
     "equations": [],
     "relations": [SR(a*d - b*c) > 0,
        SR(QQ(2)/3*a - QQ(5)/7) >= 0]}
]
