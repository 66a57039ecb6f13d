# relufiber @VERSION@ export (Maple)
# Test system: 2x2 matrices [[a, b], [c, d]]
# note: hand-built, dimensions known
# 4 variable(s), 0 auxiliary; 3 component(s)
# unknown dimensions are written as -1
rfParams := [a, b, c, d]:
rfAux := []: # existentially quantified
# each component: [name, description, dimension, equations, inequalities]
rfComponents := [
  # component 1: determinantal
  # singular matrices
  # dimension 3
  ["determinantal", "singular matrices", 3,
   [a*d - b*c = 0],
   []],
  # component 2: rotation
  # rotations with a > 0, b != 0
  # dimension 1
  ["rotation", "rotations with a > 0, b != 0", 1,
   [a - d = 0,
    b + c = 0,
    a^2 + b^2 - 1 = 0],
   [a > 0,
    b <> 0]],
  # component 3: orientation-preserving
  # dimension 4
  ["orientation-preserving", "", 4,
   [],
   [a*d - b*c > 0,
    2/3*a - 5/7 >= 0]]
]:
