; Shallow Lemma 0 (docs/shallow.md §2): for every real kappa != 0, h, v:
;   v relu(kappa h) = |kappa| v relu(h) + min(kappa, 0) v h.
; This is the identity behind the canonical object (1): each neuron
; e_i = kappa_i h_i adds the jump |kappa_i| v_i on its normalised line and,
; when kappa_i < 0, the affine remainder v_i (w_i x + b_i). Negation: unsat.
(set-logic QF_NRA)
(define-fun relu ((t Real)) Real (ite (> t 0.0) t 0.0))
(define-fun absr ((t Real)) Real (ite (>= t 0.0) t (- t)))
(define-fun minr ((s Real) (t Real)) Real (ite (<= s t) s t))
(declare-const kappa Real) (declare-const h Real) (declare-const v Real)
(assert (not (= kappa 0.0)))
(assert (not (= (* v (relu (* kappa h)))
                (+ (* (absr kappa) v (relu h)) (* (minr kappa 0.0) v h)))))
(check-sat)
