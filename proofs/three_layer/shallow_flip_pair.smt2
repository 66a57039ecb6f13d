; Shallow theory (docs/shallow.md): a flip of hidden neuron (w, b, v) is
; compensated by an affine term, v relu(w x + b) = v relu(-(w x + b)) +
; v (w x + b), and positive scaling by lambda > 0 is invisible:
; (v / lambda) relu(lambda (w x + b)) = v relu(w x + b). Negation unsat.
(set-logic QF_NRA)
(define-fun relu ((t Real)) Real (ite (> t 0.0) t 0.0))
(declare-const x Real) (declare-const w Real) (declare-const b Real)
(declare-const v Real) (declare-const lambda Real)
(assert (> lambda 0.0))
(assert (or
  (not (= (* v (relu (+ (* w x) b))) (+ (* v (relu (- (+ (* w x) b)))) (* v (+ (* w x) b)))))
  (not (= (* (/ v lambda) (relu (* lambda (+ (* w x) b)))) (* v (relu (+ (* w x) b)))))))
(check-sat)
