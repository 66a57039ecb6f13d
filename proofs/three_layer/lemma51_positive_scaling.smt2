; Lemma 5.1 (positive scaling commutes with ReLU): for d > 0,
; relu(d z) = d relu(z). Negation must be unsat.
(set-logic QF_NRA)
(define-fun relu ((t Real)) Real (ite (> t 0.0) t 0.0))
(declare-const d Real)
(declare-const z Real)
(assert (> d 0.0))
(assert (not (= (relu (* d z)) (* d (relu z)))))
(check-sat)
