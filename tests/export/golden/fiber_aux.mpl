# relufiber @VERSION@ export (Maple)
# Fiber of a 2-2-1 network (scalings as auxiliary variables)
# note: generic network: the fiber is the orbit under permutations and positive scalings
# 11 variable(s), 2 auxiliary; 2 component(s)
# auxiliary variables (existentially quantified): t1_1 t1_2
# the set meant is the projection onto the parameters (exists rfAux: ...)
# unknown dimensions are written as -1
rfParams := [W1_1_1, W1_1_2, b1_1, W1_2_1, W1_2_2, b1_2, W2_1_1, W2_1_2, b2_1]:
rfAux := [t1_1, t1_2]: # existentially quantified
# each component: [name, description, dimension, equations, inequalities]
rfComponents := [
  # component 1: scaling (identity permutation)
  # hidden neuron k takes the role of neuron sigma(k)
  # dimension 2
  ["scaling (identity permutation)", "hidden neuron k takes the role of neuron sigma(k)", 2,
   [W1_1_1 - t1_1 = 0,
    W1_1_2 - 2*t1_1 = 0,
    b1_1 - t1_1 = 0,
    W2_1_1*t1_1 - 2/3 = 0,
    W1_2_1 - 3*t1_2 = 0,
    W1_2_2 + t1_2 = 0,
    b1_2 + 2*t1_2 = 0,
    W2_1_2*t1_2 + 3 = 0,
    b2_1 - 1/2 = 0],
   [t1_1 > 0,
    t1_2 > 0]],
  # component 2: permutation (1 2) + scaling
  # hidden neuron k takes the role of neuron sigma(k)
  # dimension 2
  ["permutation (1 2) + scaling", "hidden neuron k takes the role of neuron sigma(k)", 2,
   [W1_1_1 - 3*t1_1 = 0,
    W1_1_2 + t1_1 = 0,
    b1_1 + 2*t1_1 = 0,
    W2_1_1*t1_1 + 3 = 0,
    W1_2_1 - t1_2 = 0,
    W1_2_2 - 2*t1_2 = 0,
    b1_2 - t1_2 = 0,
    W2_1_2*t1_2 - 2/3 = 0,
    b2_1 - 1/2 = 0],
   [t1_1 > 0,
    t1_2 > 0]]
]:
