; Capacity with one always-active neuron at the boundary (section 4.2, used
; for non-generic parameters): if M = v w with w >= 0 then for every y >= 0
; and beta >= 0, v relu(w . y + beta) = M y + v beta (two inputs, one
; output shown). Negation must be unsat.
(set-logic QF_NRA)
(define-fun relu ((t Real)) Real (ite (> t 0.0) t 0.0))
(declare-const y1 Real) (declare-const y2 Real) (declare-const w1 Real)
(declare-const w2 Real) (declare-const beta Real) (declare-const v Real)
(assert (>= y1 0.0)) (assert (>= y2 0.0)) (assert (>= w1 0.0))
(assert (>= w2 0.0)) (assert (>= beta 0.0))
(assert (not (= (* v (relu (+ (* w1 y1) (* w2 y2) beta)))
                (+ (* v w1 y1) (* v w2 y2) (* v beta)))))
(check-sat)
