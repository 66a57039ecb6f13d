(* relufiber @VERSION@ export (Mathematica) *)
(* Fiber of a 2-2-1 network (scalings as auxiliary variables) *)
(* note: generic network: the fiber is the orbit under permutations and positive scalings *)
(* 11 variable(s), 2 auxiliary; 2 component(s) *)
(* auxiliary variables (existentially quantified): t[1,1] t[1,2] *)
(* rfFormula quantifies them with Exists: the set meant is the projection onto the parameters *)
(* W[1,1,1] stands for W1_1_1 *)
(* W[1,1,2] stands for W1_1_2 *)
(* b[1,1] stands for b1_1 *)
(* W[1,2,1] stands for W1_2_1 *)
(* W[1,2,2] stands for W1_2_2 *)
(* b[1,2] stands for b1_2 *)
(* W[2,1,1] stands for W2_1_1 *)
(* W[2,1,2] stands for W2_1_2 *)
(* b[2,1] stands for b2_1 *)
(* t[1,1] stands for t1_1 *)
(* t[1,2] stands for t1_2 *)
(* unknown dimensions are written as -1 *)
rfParams = {W[1,1,1], W[1,1,2], b[1,1], W[1,2,1], W[1,2,2], b[1,2], W[2,1,1], W[2,1,2], b[2,1]};
rfAux = {t[1,1], t[1,2]}; (* existentially quantified *)
rfComponents = {
  (* component 1: scaling (identity permutation) *)
  (* hidden neuron k takes the role of neuron sigma(k) *)
  (* dimension 2 *)
  <|"name" -> "scaling (identity permutation)", "description" -> "hidden neuron k takes the role of neuron sigma(k)", "dimension" -> 2,
    "equations" -> {W[1,1,1] - t[1,1] == 0,
      W[1,1,2] - 2*t[1,1] == 0,
      b[1,1] - t[1,1] == 0,
      W[2,1,1]*t[1,1] - 2/3 == 0,
      W[1,2,1] - 3*t[1,2] == 0,
      W[1,2,2] + t[1,2] == 0,
      b[1,2] + 2*t[1,2] == 0,
      W[2,1,2]*t[1,2] + 3 == 0,
      b[2,1] - 1/2 == 0},
    "inequalities" -> {t[1,1] > 0,
      t[1,2] > 0}|>,
  (* component 2: permutation (1 2) + scaling *)
  (* hidden neuron k takes the role of neuron sigma(k) *)
  (* dimension 2 *)
  <|"name" -> "permutation (1 2) + scaling", "description" -> "hidden neuron k takes the role of neuron sigma(k)", "dimension" -> 2,
    "equations" -> {W[1,1,1] - 3*t[1,1] == 0,
      W[1,1,2] + t[1,1] == 0,
      b[1,1] + 2*t[1,1] == 0,
      W[2,1,1]*t[1,1] + 3 == 0,
      W[1,2,1] - t[1,2] == 0,
      W[1,2,2] - 2*t[1,2] == 0,
      b[1,2] - t[1,2] == 0,
      W[2,1,2]*t[1,2] - 2/3 == 0,
      b[2,1] - 1/2 == 0},
    "inequalities" -> {t[1,1] > 0,
      t[1,2] > 0}|>
};
(* the whole set: the union of the components *)
rfFormula = Or @@ (Exists[Evaluate[rfAux], Evaluate[And @@ Join[#["equations"], #["inequalities"]]]] & /@ rfComponents);
