; Flip identity (notes 4.3, S8): v relu(-h) + v h = v relu(h). The affine
; term v h created by a flip is what the always-active block absorbs.
(set-logic QF_NRA)
(define-fun relu ((t Real)) Real (ite (> t 0.0) t 0.0))
(declare-const h Real)
(declare-const v Real)
(assert (not (= (+ (* v (relu (- h))) (* v h)) (* v (relu h)))))
(check-sat)
