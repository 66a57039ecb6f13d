(* relufiber @VERSION@ export (Mathematica) *)
(* Test system: 2x2 matrices [[a, b], [c, d]] *)
(* note: hand-built, dimensions known *)
(* 4 variable(s), 0 auxiliary; 3 component(s) *)
(* unknown dimensions are written as -1 *)
rfParams = {a, b, c, d};
rfAux = {}; (* existentially quantified *)
rfComponents = {
  (* component 1: determinantal *)
  (* singular matrices *)
  (* dimension 3 *)
  <|"name" -> "determinantal", "description" -> "singular matrices", "dimension" -> 3,
    "equations" -> {a*d - b*c == 0},
    "inequalities" -> {}|>,
  (* component 2: rotation *)
  (* rotations with a > 0, b != 0 *)
  (* dimension 1 *)
  <|"name" -> "rotation", "description" -> "rotations with a > 0, b != 0", "dimension" -> 1,
    "equations" -> {a - d == 0,
      b + c == 0,
      a^2 + b^2 - 1 == 0},
    "inequalities" -> {a > 0,
      b != 0}|>,
  (* component 3: orientation-preserving *)
  (* dimension 4 *)
  <|"name" -> "orientation-preserving", "description" -> "", "dimension" -> 4,
    "equations" -> {},
    "inequalities" -> {a*d - b*c > 0,
      2/3*a - 5/7 >= 0}|>
};
(* the whole set: the union of the components *)
rfFormula = Or @@ ((And @@ Join[#["equations"], #["inequalities"]]) & /@ rfComponents);
