; Line-test lemma (notes 6.3): a continuous function that is affine on
; [c1, c2] and agrees with another affine-on-[c1,c2] function at c1 and c2
; agrees on the whole interval; the same for a ray with two sample points.
; Encoded with the affine pieces a1 t + b1 and a2 t + b2.
(set-logic QF_NRA)
(declare-const a1 Real) (declare-const b1 Real)
(declare-const a2 Real) (declare-const b2 Real)
(declare-const c1 Real) (declare-const c2 Real) (declare-const t Real)
(assert (< c1 c2))
(assert (= (+ (* a1 c1) b1) (+ (* a2 c1) b2)))
(assert (= (+ (* a1 c2) b1) (+ (* a2 c2) b2)))
(assert (not (= (+ (* a1 t) b1) (+ (* a2 t) b2))))
(check-sat)
