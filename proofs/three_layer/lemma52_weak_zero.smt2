; Lemma 5.2 (weak form), neurons with w = W2[j,i*] = 0: no hypothesis on R
; or the bias; the neuron does not read y_i*, and the shift leaves its bias
; unchanged (b2_j += s * 0), so its output is the same before and after.
(set-logic QF_NRA)
(define-fun relu ((t Real)) Real (ite (> t 0.0) t 0.0))
(declare-const z Real)
(declare-const s Real)
(declare-const R Real)
(declare-const beta Real)
(assert (not (= (relu (+ (* 0.0 (relu (- z s))) R (+ beta (* s 0.0))))
                (relu (+ (* 0.0 (relu z)) R beta)))))
(check-sat)
