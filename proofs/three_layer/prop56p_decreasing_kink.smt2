; Proposition 5.6' (n1 = 1 swap with a crossing neuron active at y = 0),
; d = lambda = 1 (Lemma 5.1), decreasing kink neuron with nu = 1: for a
; crossing neuron with w < 0 < beta and delta > 0,
;   relu(w relu(u) + beta)
;     = relu(w relu(u + delta) + beta - w delta) + w relu(delta - relu(u + delta))
; for every u (the outgoing weight W3 factors out; the kink neuron's output
; is the sum of W3 w over such neurons, so the identity per neuron suffices).
; A general nu > 0 scales the kink term's pre-activation and divides its
; output: the same value. Negation must be unsat.
(set-logic QF_NRA)
(define-fun relu ((t Real)) Real (ite (> t 0.0) t 0.0))
(declare-const u Real) (declare-const delta Real) (declare-const nu Real)
(declare-const w Real) (declare-const beta Real)
(assert (> delta 0.0)) (assert (> nu 0.0)) (assert (< w 0.0)) (assert (> beta 0.0))
(assert (not (= (relu (+ (* w (relu u)) beta))
                (+ (relu (+ (* w (relu (+ u delta))) (- beta (* w delta))))
                   (* (/ w nu) (relu (* nu (- delta (relu (+ u delta))))))))))
(check-sat)
