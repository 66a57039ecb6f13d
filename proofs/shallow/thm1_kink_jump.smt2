; Shallow Theorem 1 step "the gradient jumps across H0" and Proposition 2
; (docs/shallow.md §2, §3), one-dimensional core. On the segment
; x0 + t e_p (|t| <= t0, crossing no other line) the difference g of two
; canonical forms is delta relu(t) + a t + c0 (h0 has entry 1 at the pivot
; p, the other lines contribute an affine function a t + c0). If delta != 0,
; g cannot vanish at all three points t = -t0, 0, t0. Negation: unsat.
(set-logic QF_NRA)
(define-fun relu ((t Real)) Real (ite (> t 0.0) t 0.0))
(declare-const delta Real) (declare-const a Real) (declare-const c0 Real)
(declare-const t0 Real)
(define-fun g ((t Real)) Real (+ (* delta (relu t)) (* a t) c0))
(assert (> t0 0.0))
(assert (not (= delta 0.0)))
(assert (= (g (- t0)) 0.0))
(assert (= (g 0.0) 0.0))
(assert (= (g t0) 0.0))
(check-sat)
