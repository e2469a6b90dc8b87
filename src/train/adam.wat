;; Adam's update (src/train/optimizer.ts, adamStep) in WebAssembly SIMD, two coordinates per instruction: the same
;; IEEE operations in the same order as the JavaScript loop, so the same float32 parameters and float64 moments.
;;   m ← β1·m + (1 − β1)·g;  v ← β2·v + ((1 − β2)·g)·g;  w ← float32(w − (s·m) / (√(v / c2) + ε))
;; with s = lr / (1 − β1^t) and c2 = 1 − β2^t computed by the caller. All arrays live in this module's memory
;; (the caller lays them out; byte offsets): w float32[n], g, m, v float64[n].
(module
  (memory (export "memory") 1)
  (func (export "adam") (param $w i32) (param $g i32) (param $m i32) (param $v i32) (param $n i32)
        (param $b1 f64) (param $b2 f64) (param $c2 f64) (param $s f64) (param $eps f64)
    (local $i i32) (local $pairs i32) (local $o8 i32) (local $o4 i32)
    (local $gv v128) (local $mv v128) (local $vv v128)
    (local $B1 v128) (local $B2 v128) (local $A1 v128) (local $A2 v128) (local $C2 v128) (local $S v128) (local $E v128)
    (local $gs f64) (local $ms f64) (local $vs f64)
    (local.set $B1 (f64x2.splat (local.get $b1)))
    (local.set $B2 (f64x2.splat (local.get $b2)))
    (local.set $A1 (f64x2.splat (f64.sub (f64.const 1) (local.get $b1))))
    (local.set $A2 (f64x2.splat (f64.sub (f64.const 1) (local.get $b2))))
    (local.set $C2 (f64x2.splat (local.get $c2)))
    (local.set $S (f64x2.splat (local.get $s)))
    (local.set $E (f64x2.splat (local.get $eps)))
    (local.set $pairs (i32.shr_u (local.get $n) (i32.const 1)))
    (block $done
      (loop $pair
        (br_if $done (i32.ge_u (local.get $i) (local.get $pairs)))
        (local.set $o8 (i32.shl (local.get $i) (i32.const 4)))
        (local.set $o4 (i32.shl (local.get $i) (i32.const 3)))
        (local.set $gv (v128.load (i32.add (local.get $g) (local.get $o8))))
        (local.set $mv
          (f64x2.add (f64x2.mul (local.get $B1) (v128.load (i32.add (local.get $m) (local.get $o8))))
                     (f64x2.mul (local.get $A1) (local.get $gv))))
        (local.set $vv
          (f64x2.add (f64x2.mul (local.get $B2) (v128.load (i32.add (local.get $v) (local.get $o8))))
                     (f64x2.mul (f64x2.mul (local.get $A2) (local.get $gv)) (local.get $gv))))
        (v128.store (i32.add (local.get $m) (local.get $o8)) (local.get $mv))
        (v128.store (i32.add (local.get $v) (local.get $o8)) (local.get $vv))
        (v128.store64_lane 0 (i32.add (local.get $w) (local.get $o4))
          (f32x4.demote_f64x2_zero
            (f64x2.sub
              (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $w) (local.get $o4))))
              (f64x2.div (f64x2.mul (local.get $S) (local.get $mv))
                         (f64x2.add (f64x2.sqrt (f64x2.div (local.get $vv) (local.get $C2))) (local.get $E))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $pair)))
    ;; An odd last coordinate.
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (local.set $o8 (i32.shl (i32.sub (local.get $n) (i32.const 1)) (i32.const 3)))
        (local.set $o4 (i32.shl (i32.sub (local.get $n) (i32.const 1)) (i32.const 2)))
        (local.set $gs (f64.load (i32.add (local.get $g) (local.get $o8))))
        (local.set $ms
          (f64.add (f64.mul (local.get $b1) (f64.load (i32.add (local.get $m) (local.get $o8))))
                   (f64.mul (f64.sub (f64.const 1) (local.get $b1)) (local.get $gs))))
        (local.set $vs
          (f64.add (f64.mul (local.get $b2) (f64.load (i32.add (local.get $v) (local.get $o8))))
                   (f64.mul (f64.mul (f64.sub (f64.const 1) (local.get $b2)) (local.get $gs)) (local.get $gs))))
        (f64.store (i32.add (local.get $m) (local.get $o8)) (local.get $ms))
        (f64.store (i32.add (local.get $v) (local.get $o8)) (local.get $vs))
        (f32.store (i32.add (local.get $w) (local.get $o4))
          (f32.demote_f64
            (f64.sub
              (f64.promote_f32 (f32.load (i32.add (local.get $w) (local.get $o4))))
              (f64.div (f64.mul (local.get $s) (local.get $ms))
                       (f64.add (f64.sqrt (f64.div (local.get $vs) (local.get $c2))) (local.get $eps)))))))))
)
