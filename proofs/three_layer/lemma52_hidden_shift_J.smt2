; Lemma 5.2 (hidden-hyperplane shift), neurons j with w = W2[j,i*] > 0.
; R = sum_{k != i*} W2[j,k] y_k <= 0 because W2[j,k] <= 0 and y_k >= 0;
; beta = b2[j] <= 0; the shift s satisfies beta + s w <= 0 (s <= s_max).
; Claim: relu(w relu(z - s) + R + beta + s w) = relu(w relu(z) + R + beta)
; for every first-layer pre-activation z. Negation must be unsat.
(set-logic QF_NRA)
(define-fun relu ((t Real)) Real (ite (> t 0.0) t 0.0))
(declare-const w Real)
(declare-const z Real)
(declare-const s Real)
(declare-const R Real)
(declare-const beta Real)
(assert (> w 0.0))
(assert (<= R 0.0))
(assert (<= beta 0.0))
(assert (<= (+ beta (* s w)) 0.0))
(assert (not (= (relu (+ (* w (relu (- z s))) R beta (* s w)))
                (relu (+ (* w (relu z)) R beta)))))
(check-sat)
