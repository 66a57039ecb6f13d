-- relufiber @VERSION@ export (Macaulay2)
-- Test system: 2x2 matrices [[a, b], [c, d]]
-- note: hand-built, dimensions known
-- 4 variable(s), 0 auxiliary; 3 component(s)
-- unknown dimensions are written as -1
rfR = QQ[a, b, c, d];
rfParams = {a, b, c, d};
rfAux = {}; -- existentially quantified
-- dimension of a component's projection to the parameters (Zariski closure):
-- eliminate the auxiliaries, subtract their number; rfDim rfI1 == the stated dimension
rfDim = I -> if #rfAux == 0 then dim I else dim eliminate(rfAux, I) - #rfAux;

-- component 1: determinantal
-- singular matrices
-- dimension 3
rfAux1 = {}; -- the auxiliaries this component uses
rfI1 = ideal(a*d - b*c);
rfIneq1 = {}; -- {p, sense}: p > 0, p >= 0 or p != 0

-- component 2: rotation
-- rotations with a > 0, b != 0
-- dimension 1
rfAux2 = {}; -- the auxiliaries this component uses
rfI2 = ideal(a - d,
    b + c,
    a^2 + b^2 - 1);
rfIneq2 = {{a, ">"},
    {b, "!="}}; -- {p, sense}: p > 0, p >= 0 or p != 0

-- component 3: orientation-preserving
-- dimension 4
rfAux3 = {}; -- the auxiliaries this component uses
rfI3 = ideal(0_rfR);
rfIneq3 = {{a*d - b*c, ">"},
    {2/3*a - 5/7, ">="}}; -- {p, sense}: p > 0, p >= 0 or p != 0

rfComponents = {
  new HashTable from {"name" => "determinantal", "description" => "singular matrices", "dimension" => 3, "ideal" => rfI1, "inequalities" => rfIneq1, "aux" => rfAux1},
  new HashTable from {"name" => "rotation", "description" => "rotations with a > 0, b != 0", "dimension" => 1, "ideal" => rfI2, "inequalities" => rfIneq2, "aux" => rfAux2},
  new HashTable from {"name" => "orientation-preserving", "description" => "", "dimension" => 4, "ideal" => rfI3, "inequalities" => rfIneq3, "aux" => rfAux3}};
