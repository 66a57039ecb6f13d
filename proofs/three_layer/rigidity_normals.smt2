; docs/three_layer.md §7, Lemmas 7.2 and 7.3 (first-layer rigidity), the
; linear-algebra core, n1 = 3, normals written in the basis W1_1, W1_2,
; W1_3 (independent by G1). A bent piece of second-layer neuron j in a cell
; with active first-layer set P has normal sum_{m in P} W2_{jm} W1_m, every
; coefficient non-zero (G2). Cases (negation of each; all unsat):
; (a) K = {1}: a piece on the side z_1 < 0 (coefficient 0 at W1_1) and a
;     piece on the side z_1 > 0 (coefficient c != 0) are never parallel;
; (b) K = {1,2}, quadrant (-,-): a non-zero n in span(W1_1, W1_2) is not
;     parallel to a piece normal (0, 0, g);
; (c) K = {1,2}, quadrant (+,-): n = (al, be, 0) with be != 0 (H' != H_1)
;     is not parallel to (c, 0, g) with c != 0;
; (d) Lemma 7.2: a piece on the side z_1 > 0 parallel to W1_1 has no other
;     active coordinate, and then it is W2_{j1} z_1 + b2_j = 0 with
;     b2_j != 0, which is not H_1 (z_1 = 0 on it would force b2_j = 0).
(set-logic QF_NRA)
(declare-const lam Real) (declare-const c Real) (declare-const g Real)
(declare-const b2 Real) (declare-const b3 Real) (declare-const b2p Real)
(declare-const b3p Real) (declare-const al Real) (declare-const be Real)
(declare-const w Real) (declare-const u2 Real) (declare-const u3 Real)
(declare-const s2 Bool) (declare-const s3 Bool) (declare-const bias Real)
(declare-const z1 Real)
(assert (or
  ; (a) (c, b2p, b3p) = lam (0, b2, b3), c != 0
  (and (not (= c 0.0)) (= c (* lam 0.0)) (= b2p (* lam b2)) (= b3p (* lam b3)))
  ; (b) (al, be, 0) != 0 and (al, be, 0) = lam (0, 0, g)
  (and (or (not (= al 0.0)) (not (= be 0.0)))
       (= al (* lam 0.0)) (= be (* lam 0.0)) (= 0.0 (* lam g)))
  ; (c) (al, be, 0) = lam (c, 0, g), be != 0, c != 0
  (and (not (= be 0.0)) (not (= c 0.0))
       (= al (* lam c)) (= be (* lam 0.0)) (= 0.0 (* lam g)))
  ; (d) normal (w, s2 u2, s3 u3) = lam (1, 0, 0) with u2, u3, w, bias != 0
  ;     and some coordinate m != 1 active, or none active and the piece
  ;     w z1 + bias = 0 passes through z1 = 0
  (and (not (= w 0.0)) (not (= u2 0.0)) (not (= u3 0.0)) (not (= bias 0.0))
       (= w lam) (= (ite s2 u2 0.0) 0.0) (= (ite s3 u3 0.0) 0.0)
       (or s2 s3 (and (= z1 0.0) (= (+ (* w z1) bias) 0.0))))))
(check-sat)
