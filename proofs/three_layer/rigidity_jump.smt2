; docs/three_layer.md §7, Lemma 7.2: the slope jump of f across H_i is the
; visibility sum c_i(S). Along a segment t in [-h, h] that crosses H_i
; (z_i = t, the other first-layer coordinates fixed), two second-layer
; neurons: neuron 1 active on the whole segment, neuron 2 inactive on it
; (their pre-activations R_j + W2_j relu(t) keep their signs, checked at the
; two ends and the middle, which suffices: they are monotone in relu(t)).
; Claim: f(h) + f(-h) - 2 f(0) = h * W3_1 W2_1 (= h c_i(S), S = {1}).
; Negation: unsat.
(set-logic QF_NRA)
(define-fun relu ((t Real)) Real (ite (> t 0.0) t 0.0))
(declare-const h Real) (declare-const w1 Real) (declare-const w2 Real)
(declare-const r1 Real) (declare-const r2 Real) (declare-const v1 Real)
(declare-const v2 Real) (declare-const c Real)
(define-fun p1 ((t Real)) Real (+ r1 (* w1 (relu t))))
(define-fun p2 ((t Real)) Real (+ r2 (* w2 (relu t))))
(define-fun f ((t Real)) Real (+ (* v1 (relu (p1 t))) (* v2 (relu (p2 t))) c))
(assert (> h 0.0))
(assert (and (> (p1 (- h)) 0.0) (> (p1 0.0) 0.0) (> (p1 h) 0.0)))
(assert (and (< (p2 (- h)) 0.0) (< (p2 0.0) 0.0) (< (p2 h) 0.0)))
(assert (not (= (- (+ (f h) (f (- h))) (* 2.0 (f 0.0))) (* h v1 w1))))
(check-sat)
