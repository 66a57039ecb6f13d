; Canonical orientation identity (notes 4.1), per output coordinate:
; v relu(k h) = |k| v relu(h) + min(k, 0) v h   for all real k, h, v.
(set-logic QF_NRA)
(define-fun relu ((t Real)) Real (ite (> t 0.0) t 0.0))
(declare-const k Real)
(declare-const h Real)
(declare-const v Real)
(define-fun absk () Real (ite (>= k 0.0) k (- k)))
(define-fun mink () Real (ite (< k 0.0) k 0.0))
(assert (not (= (* v (relu (* k h)))
                (+ (* absk v (relu h)) (* mink v h)))))
(check-sat)
