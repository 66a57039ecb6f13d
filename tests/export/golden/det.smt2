; relufiber @VERSION@ export (SMT-LIB 2)
; Test system: 2x2 matrices [[a, b], [c, d]]
; note: hand-built, dimensions known
; 4 variable(s), 0 auxiliary; 3 component(s)
; unknown dimensions are written as -1
(set-option :produce-models true)
(set-logic QF_NRA)
(declare-fun a () Real)
(declare-fun b () Real)
(declare-fun c () Real)
(declare-fun d () Real)
; the union of the 3 component(s)
(assert
  (or
    ; component 1: determinantal
    ; singular matrices
    ; dimension 3
    (= (+ (* a d) (* (- 1.0) b c)) 0.0) ; det = 0

    ; component 2: rotation
    ; rotations with a > 0, b != 0
    ; dimension 1
    (and
      (= (+ a (* (- 1.0) d)) 0.0)
      (= (+ b c) 0.0)
      (= (+ (* a a) (* b b) (- 1.0)) 0.0) ; unit circle
      (> a 0.0)
      (not (= b 0.0))
    )
    ; component 3: orientation-preserving
    ; dimension 4
    (and
      (> (+ (* a d) (* (- 1.0) b c)) 0.0)
      (>= (+ (* (/ 2.0 3.0) a) (- (/ 5.0 7.0))) 0.0)
    )
  ))
(check-sat)
(get-model)
