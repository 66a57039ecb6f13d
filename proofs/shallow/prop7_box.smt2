; Shallow Proposition 7 (docs/shallow.md §6), m = 2:
; (i)  for x in the open box (lo, hi), w.x + b lies strictly between
;      min = b + sum_j (w_j > 0 ? w_j lo_j : w_j hi_j) and max (lo, hi
;      swapped) whenever w != 0: so "min < 0 < max" is necessary for the
;      hyperplane to meet the box;
; (ii) the converse construction for an active neuron missing the box:
;      if w.x + b > 0 on the box, v relu(w.x + b + eps) + (c - eps v)
;      = v relu(w.x + b) + c for eps >= 0, so f|X does not determine b.
; Negation: unsat.
(set-logic QF_NRA)
(define-fun relu ((t Real)) Real (ite (> t 0.0) t 0.0))
(declare-const w1 Real) (declare-const w2 Real) (declare-const b Real)
(declare-const lo1 Real) (declare-const hi1 Real) (declare-const lo2 Real)
(declare-const hi2 Real) (declare-const x1 Real) (declare-const x2 Real)
(declare-const v Real) (declare-const c Real) (declare-const eps Real)
(define-fun z () Real (+ (* w1 x1) (* w2 x2) b))
(define-fun mn () Real (+ b (ite (> w1 0.0) (* w1 lo1) (* w1 hi1))
                            (ite (> w2 0.0) (* w2 lo2) (* w2 hi2))))
(define-fun mx () Real (+ b (ite (> w1 0.0) (* w1 hi1) (* w1 lo1))
                            (ite (> w2 0.0) (* w2 hi2) (* w2 lo2))))
(assert (< lo1 x1)) (assert (< x1 hi1)) (assert (< lo2 x2)) (assert (< x2 hi2))
(assert (or
  (and (or (not (= w1 0.0)) (not (= w2 0.0))) (not (and (< mn z) (< z mx))))
  (and (> z 0.0) (>= eps 0.0)
       (not (= (+ (* v (relu (+ z eps))) (- c (* eps v))) (+ (* v (relu z)) c))))))
(check-sat)
