; docs/three_layer.md §7, Theorem 7.1, the sign step: along a direction v
; that changes only z_i, theta's f is alpha relu(t) + beta near the
; crossing of H_i (slope c_i(S) = alpha for t > 0, constant for t < 0), and
; a theta' with d_i < 0 gives gamma relu(-t) + beta' (constant for t > 0).
; If both agree at t = -t0, 0, t0 (t0 > 0), then alpha = 0: a fully visible
; H_i (alpha != 0) excludes d_i < 0. Negation: unsat.
(set-logic QF_NRA)
(define-fun relu ((t Real)) Real (ite (> t 0.0) t 0.0))
(declare-const alpha Real) (declare-const beta Real) (declare-const gamma Real)
(declare-const betap Real) (declare-const t0 Real)
(define-fun f1 ((t Real)) Real (+ (* alpha (relu t)) beta))
(define-fun f2 ((t Real)) Real (+ (* gamma (relu (- t))) betap))
(assert (> t0 0.0))
(assert (not (= alpha 0.0)))
(assert (= (f1 (- t0)) (f2 (- t0))))
(assert (= (f1 0.0) (f2 0.0)))
(assert (= (f1 t0) (f2 t0)))
(check-sat)
