; Proposition 5.9, always-active block: a neuron with row (a, c) >= 0 on
; y >= 0 (two coordinates shown) computes its affine pre-activation, so the
; block sum_A v (w . y + beta) is affine; splitting M y = M[:, -i] y_{-i} +
; M[:, i] y_i with y_i = relu(u) reproduced by the kink neuron.
; Here: relu(a1 y1 + a2 y2 + c) = a1 y1 + a2 y2 + c for y >= 0, (a, c) >= 0,
; and v (a1 y1 + c) + m relu(u) = v (a1 y1 + a2 y2 + c) when m = v a2 and
; y2 = relu(u). Negation must be unsat.
(set-logic QF_NRA)
(define-fun relu ((t Real)) Real (ite (> t 0.0) t 0.0))
(declare-const y1 Real) (declare-const u Real) (declare-const a1 Real)
(declare-const a2 Real) (declare-const c Real) (declare-const v Real)
(declare-const m Real)
(assert (>= y1 0.0)) (assert (>= a1 0.0)) (assert (>= a2 0.0)) (assert (>= c 0.0))
(assert (= m (* v a2)))
(assert (or
  (not (= (relu (+ (* a1 y1) (* a2 (relu u)) c)) (+ (* a1 y1) (* a2 (relu u)) c)))
  (not (= (+ (* v (relu (+ (* a1 y1) c))) (* m (relu u)))
          (* v (+ (* a1 y1) (* a2 (relu u)) c))))))
(check-sat)
