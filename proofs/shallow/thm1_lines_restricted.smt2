; Shallow Theorem 1 steps "distinct normalised lines are distinct
; hyperplanes" and Proposition 2 "another line restricted to H0 is a non-zero
; affine function of the moment-curve parameter" (docs/shallow.md §2, §3),
; for m = 2. H0: x1 + a0 x2 + b0 = 0, parametrised by x2 = tau,
; x1 = -a0 tau - b0. Another normalised line h is either (1, a, b) with
; (a, b) != (a0, b0), or (0, 1, b) (first entry zero, second entry 1).
; Claim: h vanishes at no more than one of tau = 0, tau = 1, so the code's
; trial tau = 0, 1, -1, ... stops after at most (number of lines) failures.
; Negation (h vanishes at both tau = 0 and tau = 1): unsat.
(set-logic QF_NRA)
(declare-const a0 Real) (declare-const b0 Real)
(declare-const a Real) (declare-const b Real) (declare-const first Bool)
(define-fun x1 ((tau Real)) Real (- (- (* a0 tau)) b0))
(define-fun h ((tau Real)) Real
  (ite first (+ (x1 tau) (* a tau) b) (+ tau b)))
(assert (=> first (or (not (= a a0)) (not (= b b0)))))
(assert (= (h 0.0) 0.0))
(assert (= (h 1.0) 0.0))
(check-sat)
