; docs/three_layer.md §7, Theorem 7.4, step 1 (the sign and linear-algebra
; core), n1 = 2.  T is theta''s first layer in theta's coordinates
; (z' = T z + c), S = T^-1 (T S = I), u'_k = S e_k.  Lemmas A, B give, for
; all i, k: if T_ki < 0, or T_kl > 0 for some l != i, then S_ik = 0.
; Claim: every row of T has exactly one non-zero entry, and it is
; positive (T = P D, D > 0).  Negation: unsat.
(set-logic QF_NRA)
(declare-const t11 Real) (declare-const s11 Real)
(declare-const t12 Real) (declare-const s12 Real)
(declare-const t21 Real) (declare-const s21 Real)
(declare-const t22 Real) (declare-const s22 Real)
(assert (= (+ (* t11 s11) (* t12 s21)) 1.0))
(assert (= (+ (* t11 s12) (* t12 s22)) 0.0))
(assert (= (+ (* t21 s11) (* t22 s21)) 0.0))
(assert (= (+ (* t21 s12) (* t22 s22)) 1.0))
(assert (=> (or (< t11 0.0) (> t12 0.0)) (= s11 0.0)))
(assert (=> (or (< t12 0.0) (> t11 0.0)) (= s21 0.0)))
(assert (=> (or (< t21 0.0) (> t22 0.0)) (= s12 0.0)))
(assert (=> (or (< t22 0.0) (> t21 0.0)) (= s22 0.0)))
(assert (not (and (>= t11 0.0) (>= t12 0.0) (or (= t11 0.0) (= t12 0.0)) (>= t21 0.0) (>= t22 0.0) (or (= t21 0.0) (= t22 0.0)))))
(check-sat)
