; Shallow Proposition 3 (docs/shallow.md §4), the realisation moves:
; (i)  doubled kink: a relu(h) + b relu(-h) = (a + b) relu(h) - b h, so the
;      two neurons +h, -h carry the jump a + b with the free remainder
;      -beta h, beta = b;
; (ii) rank-one pair: gamma relu(p) - gamma relu(-p) = gamma p, the pair
;      that realises a term gamma p^T of the affine part.
; Negation of (i) or (ii): unsat.
(set-logic QF_NRA)
(define-fun relu ((t Real)) Real (ite (> t 0.0) t 0.0))
(declare-const a Real) (declare-const b Real) (declare-const h Real)
(declare-const gamma Real) (declare-const p Real)
(assert (or
  (not (= (+ (* a (relu h)) (* b (relu (- h)))) (- (* (+ a b) (relu h)) (* b h))))
  (not (= (- (* gamma (relu p)) (* gamma (relu (- p)))) (* gamma p)))))
(check-sat)
