; Shallow Theorem 5 (docs/shallow.md §5), the cancelling-group identity
; with three members (reference mu_0 = 1 and two others of any sign):
;   sum_j v_j relu(mu_j e) = (sum_j |mu_j| v_j) relu(e) + sum_{mu_j<0} v_j mu_j e.
; With the jump equation v_0 + sum_j |mu_j| v_j = 0 the group contributes
; only the affine part, which enters the linear-part and constant equations
; of the component. Negation: unsat.
(set-logic QF_NRA)
(define-fun relu ((t Real)) Real (ite (> t 0.0) t 0.0))
(define-fun absr ((t Real)) Real (ite (>= t 0.0) t (- t)))
(define-fun neg ((t Real)) Real (ite (< t 0.0) t 0.0))
(declare-const e Real) (declare-const v0 Real) (declare-const v1 Real)
(declare-const v2 Real) (declare-const mu1 Real) (declare-const mu2 Real)
(assert (not (= (+ (* v0 (relu e)) (* v1 (relu (* mu1 e))) (* v2 (relu (* mu2 e))))
                (+ (* (+ v0 (* (absr mu1) v1) (* (absr mu2) v2)) (relu e))
                   (* v1 (neg mu1) e) (* v2 (neg mu2) e)))))
(check-sat)
