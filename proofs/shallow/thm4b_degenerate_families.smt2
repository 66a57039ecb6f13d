; Shallow Theorem 4 (b) (docs/shallow.md §6): the families that leave the
; H_n orbit when C1 or C2 fails, or for positive twins, stay in the fiber.
; Terms of f at an input x (m = 1), c the output bias:
; * v = 0: relu(w x + b) * 0 = 0 for every w;
; * w = 0, b < 0: v relu(b) = 0 for every v;
; * w = 0, b > 0: (v + d) relu(b) + (c - d b) = v relu(b) + c;
; * positive twins e2 = mu e1, mu > 0: v1 relu(e1) + v2 relu(mu e1)
;   = (v1 - t) relu(e1) + (v2 + t/mu) relu(mu e1) (redistribution).
; Negation of any of them: unsat.
(set-logic QF_NRA)
(define-fun relu ((t Real)) Real (ite (> t 0.0) t 0.0))
(declare-const x Real) (declare-const w Real) (declare-const b Real)
(declare-const v Real) (declare-const d Real) (declare-const c Real)
(declare-const v1 Real) (declare-const v2 Real) (declare-const mu Real)
(declare-const t Real) (declare-const e1 Real)
(assert (> mu 0.0))
(assert (or
  (not (= (* 0.0 (relu (+ (* w x) b))) 0.0))
  (and (< b 0.0) (not (= (* v (relu b)) 0.0)))
  (and (> b 0.0) (not (= (+ (* (+ v d) (relu b)) (- c (* d b))) (+ (* v (relu b)) c))))
  (not (= (+ (* v1 (relu e1)) (* v2 (relu (* mu e1))))
          (+ (* (- v1 t) (relu e1)) (* (+ v2 (/ t mu)) (relu (* mu e1))))))))
(check-sat)
