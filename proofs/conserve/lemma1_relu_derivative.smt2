; docs/conservation.md Lemma 1: sigma'(z) z = sigma(z) for every real z with
; the convention sigma'(0) = 0, so <u_i, grad_u L> = g sigma'(z) z equals
; <v_i, grad_v L> = g h per training input (h = sigma(z), g any real).
; Negation: unsat.
(set-logic QF_NRA)
(define-fun relu ((t Real)) Real (ite (> t 0.0) t 0.0))
(define-fun drelu ((t Real)) Real (ite (> t 0.0) 1.0 0.0))
(declare-const z Real) (declare-const g Real)
(assert (not (= (* g (drelu z) z) (* g (relu z)))))
(check-sat)
