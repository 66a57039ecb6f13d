; Proposition 5.6 (n1 = 1, preserve -> hide swap), with d = 1 (Lemma 5.1):
; first layer relu(u + delta). (a) kink neuron: relu(mu relu(u + delta) -
; mu delta) = mu relu(u). (b) crossing neuron with w > 0 > beta:
; relu(lambda w relu(u + delta) + lambda (beta - w delta)) =
; lambda relu(w relu(u) + beta). Negation of (a and b) must be unsat.
(set-logic QF_NRA)
(define-fun relu ((t Real)) Real (ite (> t 0.0) t 0.0))
(declare-const u Real) (declare-const delta Real) (declare-const mu Real)
(declare-const lambda Real) (declare-const w Real) (declare-const beta Real)
(assert (> delta 0.0)) (assert (> mu 0.0)) (assert (> lambda 0.0))
(assert (> w 0.0)) (assert (< beta 0.0))
(assert (or
  (not (= (relu (- (* mu (relu (+ u delta))) (* mu delta))) (* mu (relu u))))
  (not (= (relu (+ (* lambda w (relu (+ u delta))) (* lambda (- beta (* w delta)))))
          (* lambda (relu (+ (* w (relu u)) beta)))))))
(check-sat)
