; Lemma 5.3: two weakly hidden indices 1 and 2 and one neuron j with
; weights (w1, w2) on (y_1, y_2), rest R <= 0 and bias beta. The weak
; hypotheses force w1 > 0 => w2 = 0 (if w2 != 0 then w1 <= 0 by the
; hypothesis at 2). Hence the shift at 1 changes the bias only when w2 = 0,
; so it leaves the hypothesis at 2 and s_max at 2 unchanged, and the two
; bias updates commute. Negated claim: after the shift at 1 by s1 <= s_max1
; (beta + s1 w1 <= 0 when w1 > 0) the hypothesis at 2 fails, or the order
; of the two updates matters.
(set-logic QF_NRA)
(declare-const w1 Real)
(declare-const w2 Real)
(declare-const R Real)
(declare-const beta Real)
(declare-const s1 Real)
(declare-const s2 Real)
(define-fun upd ((b Real) (w Real) (s Real)) Real (ite (> w 0.0) (+ b (* s w)) b))
; weak hypothesis at 1: w1 != 0 => w2 <= 0, R <= 0, beta <= 0
(assert (=> (not (= w1 0.0)) (and (<= w2 0.0) (<= R 0.0) (<= beta 0.0))))
; weak hypothesis at 2: w2 != 0 => w1 <= 0, R <= 0, beta <= 0
(assert (=> (not (= w2 0.0)) (and (<= w1 0.0) (<= R 0.0) (<= beta 0.0))))
(assert (=> (> w1 0.0) (<= (+ beta (* s1 w1)) 0.0)))
(assert (or
  ; hypothesis at 2 broken by the shift at 1
  (and (not (= w2 0.0)) (> (upd beta w1 s1) 0.0))
  ; the shift at 1 changes the bias of a neuron read by index 2
  (and (not (= w2 0.0)) (not (= (upd beta w1 s1) beta)))
  ; the updates do not commute
  (not (= (upd (upd beta w1 s1) w2 s2) (upd (upd beta w2 s2) w1 s1)))))
(check-sat)
