; docs/three_layer.md §7, Theorem 7.4, Lemma A (the one-dimensional core):
; on R_i^+ = {z_m < 0 (m != i), z_i > tau_i} theta's F is phi_i(z_i), and
; beyond every kink of phi_i (each neuron's pre-activation has the sign of
; its weight w_j) phi_i is affine with slope c_inf = sum_{w_j > 0} v_j w_j.
; If F is invariant along u'_k, whose i-th coordinate is S_ik, then
; phi_i(t + h S_ik) = phi_i(t) for small h != 0; with c_inf != 0 this forces
; S_ik = 0.  Two neurons (the statement is linear in the neurons).
; Negation: unsat.
(set-logic QF_NRA)
(define-fun relu ((t Real)) Real (ite (> t 0.0) t 0.0))
(declare-const v1 Real) (declare-const w1 Real) (declare-const b1 Real)
(declare-const v2 Real) (declare-const w2 Real) (declare-const b2 Real)
(declare-const t Real) (declare-const h Real) (declare-const sik Real)
(define-fun phi ((s Real)) Real
  (+ (* v1 (relu (+ (* w1 s) b1))) (* v2 (relu (+ (* w2 s) b2)))))
(define-fun beyond ((w Real) (b Real) (s Real)) Bool
  (or (and (> w 0.0) (> (+ (* w s) b) 0.0)) (and (< w 0.0) (< (+ (* w s) b) 0.0))))
(define-fun cinf () Real
  (+ (ite (> w1 0.0) (* v1 w1) 0.0) (ite (> w2 0.0) (* v2 w2) 0.0)))
(assert (beyond w1 b1 t)) (assert (beyond w2 b2 t))
(assert (beyond w1 b1 (+ t (* h sik)))) (assert (beyond w2 b2 (+ t (* h sik))))
(assert (not (= h 0.0)))
(assert (= (phi (+ t (* h sik))) (phi t)))
(assert (not (= cinf 0.0)))
(assert (not (= sik 0.0)))
(check-sat)
