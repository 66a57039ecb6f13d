; Types (notes 2.4) for m = 3: a neuron with (w, beta) >= 0 is active
; (pre-activation >= 0) and one with (w, beta) <= 0 is inactive on the whole
; orthant y >= 0. Negation of the conjunction must be unsat.
(set-logic QF_NRA)
(declare-const w1 Real) (declare-const w2 Real) (declare-const w3 Real)
(declare-const b Real)
(declare-const y1 Real) (declare-const y2 Real) (declare-const y3 Real)
(assert (and (>= y1 0.0) (>= y2 0.0) (>= y3 0.0)))
(define-fun p () Real (+ (* w1 y1) (* w2 y2) (* w3 y3) b))
(assert (or (and (>= w1 0.0) (>= w2 0.0) (>= w3 0.0) (>= b 0.0) (< p 0.0))
            (and (<= w1 0.0) (<= w2 0.0) (<= w3 0.0) (<= b 0.0) (> p 0.0))))
(check-sat)
