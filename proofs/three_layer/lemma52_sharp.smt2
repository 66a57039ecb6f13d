; Lemma 5.2 is sharp: beyond s_max (beta + s w > 0) the shifted neuron
; differs somewhere. Expected: sat (a counterexample exists).
(set-logic QF_NRA)
(define-fun relu ((t Real)) Real (ite (> t 0.0) t 0.0))
(declare-const w Real)
(declare-const z Real)
(declare-const s Real)
(declare-const beta Real)
(assert (> w 0.0))
(assert (<= beta 0.0))
(assert (> (+ beta (* s w)) 0.0))
(assert (not (= (relu (+ (* w (relu (- z s))) beta (* s w)))
                (relu (+ (* w (relu z)) beta)))))
(check-sat)
