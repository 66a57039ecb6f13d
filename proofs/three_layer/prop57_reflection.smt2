; Proposition 5.7 (n1 = 1, reflection), with d = 1 and one crossing neuron
; (the identity is linear in the neurons, m = v w): w < 0 < beta,
; T >= beta/|w| (beta + w T <= 0). Reflected first layer relu(T - u);
; crossing neuron (v/lambda) relu(lambda |w| relu(T - u) + lambda (beta + w T));
; kink neuron (m/mu) relu(mu relu(T - u) - mu T). Their sum equals
; v relu(w relu(u) + beta) for every u. Negation must be unsat.
(set-logic QF_NRA)
(define-fun relu ((t Real)) Real (ite (> t 0.0) t 0.0))
(declare-const u Real) (declare-const T Real) (declare-const mu Real)
(declare-const lambda Real) (declare-const w Real) (declare-const beta Real)
(declare-const v Real)
(assert (> mu 0.0)) (assert (> lambda 0.0))
(assert (< w 0.0)) (assert (> beta 0.0))
(assert (<= (+ beta (* w T)) 0.0))
(define-fun y () Real (relu (- T u)))
(assert (not (= (+ (* (/ v lambda) (relu (+ (* lambda (- w) y) (* lambda (+ beta (* w T))))))
                   (* (/ (* v w) mu) (relu (- (* mu y) (* mu T)))))
                (* v (relu (+ (* w (relu u)) beta))))))
(check-sat)
