-- docs/embedding.md §3 and docs/functional_dimension.md §3, Macaulay2.
-- Architecture (2,2,2,1): D = 15 parameters, H = 4 hidden neurons,
-- P = 15 path coordinates.
-- (1) dPhi . v = 0 for each of the H scaling vectors v (Lemma 1 (a)
--     differentiated): the products are zero polynomials.
-- (2) rank dPhi over the fraction field QQ(theta) is D - H = 11 (the
--     bound FD <= rank dPhi <= D - H is attained generically).
-- (3) Lemma (independence of the H scaling vectors): the 4 x 15 matrix of
--     scaling vectors has rank 4 wherever every hidden neuron has a non-zero
--     incoming part: the product of the four incoming-part ideals lies in
--     the radical of the ideal of its 4 x 4 minors.
-- Prints "kernel 4 of 4", "rank 11", "independence true".
R = QQ[a11,a12,a21,a22,p1,p2, b11,b12,b21,b22,q1,q2, g1,g2,q3];
theta = {a11,a12,a21,a22,p1,p2, b11,b12,b21,b22,q1,q2, g1,g2,q3};
W1 = matrix{{a11,a12},{a21,a22}}; B1 = {p1,p2};
W2 = matrix{{b11,b12},{b21,b22}}; B2 = {q1,q2}; W3 = {g1,g2};
phi = flatten flatten (for j from 0 to 1 list for i from 0 to 1 list
        for k from 0 to 1 list W3#k * W2_(k,i) * W1_(i,j));
phi = phi | flatten (for i from 0 to 1 list for k from 0 to 1 list W3#k * W2_(k,i) * B1#i);
phi = phi | (for k from 0 to 1 list W3#k * B2#k) | {q3};
J = jacobian matrix{phi};  -- D x P
-- scaling vectors, coordinates in the order of theta
zero15 = toList(15:0_R);
sv = (i, entries) -> (l := new MutableList from zero15;
        scan(entries, e -> l#(e#0) = e#1); toList l);
v1 = sv(1, {{0,a11},{1,a12},{4,p1},{6,-b11},{8,-b21}});
v2 = sv(2, {{2,a21},{3,a22},{5,p2},{7,-b12},{9,-b22}});
v3 = sv(3, {{6,b11},{7,b12},{10,q1},{12,-g1}});
v4 = sv(4, {{8,b21},{9,b22},{11,q2},{13,-g2}});
V = matrix{v1,v2,v3,v4};  -- H x D
K = (transpose J) * (transpose V);  -- P x H
print("kernel " | toString(#select(toList(0..3), c -> K_{c} == 0)) | " of 4");
print("rank " | toString(rank J));
inc = {ideal(a11,a12,p1), ideal(a21,a22,p2), ideal(b11,b12,q1), ideal(b21,b22,q2)};
prodI = product inc;
M = minors(4, V);
print("independence " | toString(isSubset(prodI, radical M)));
