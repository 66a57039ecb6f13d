; Proposition 5.9 (n1 >= 2, preserve -> hide swap at index i), with d = 1
; (Lemma 5.1). u is the pre-activation of first-layer neuron i, R the
; contribution of the other coordinates to crossing neuron j (R + beta <= 0
; on the orthant: (W2_{j,-i}, b2_j) <= 0), w = W2_{j,i} > 0.
; (a) kink neuron: relu(mu relu(u + delta) - mu delta) = mu relu(u);
; (b) crossing neuron: relu(lambda (w relu(u + delta) + R + beta - w delta))
;     = lambda relu(w relu(u) + R + beta).
; Negation of (a and b) must be unsat.
(set-logic QF_NRA)
(define-fun relu ((t Real)) Real (ite (> t 0.0) t 0.0))
(declare-const u Real) (declare-const delta Real) (declare-const mu Real)
(declare-const lambda Real) (declare-const w Real) (declare-const beta Real)
(declare-const R Real)
(assert (> delta 0.0)) (assert (> mu 0.0)) (assert (> lambda 0.0))
(assert (> w 0.0)) (assert (<= (+ R beta) 0.0))
(assert (or
  (not (= (relu (- (* mu (relu (+ u delta))) (* mu delta))) (* mu (relu u))))
  (not (= (relu (* lambda (+ (* w (relu (+ u delta))) R beta (- (* w delta)))))
          (* lambda (relu (+ (* w (relu u)) R beta)))))))
(check-sat)
