;; The gradient canaries' privatisation and score of one chunk of canary coordinates (GradientCanaries.observePrivatized,
;; src/train/gradient-canaries.ts), fused: x = (sum + noise) · inv, the trainer's privatised update, then
;;   lr:  score += base + softplus(c + k·x)   (softplus by the cubic table of src/math/softplus.ts)
;;   sum: score += x · f
;; with the same IEEE operations in the same order as the JavaScript loops (privatizedGradient, addSoftplusAffine),
;; so the same scores. Memory (byte offsets): 0 the softplus table (f64, 4 per interval, 4096 intervals),
;; 131072 sum (f32[8192]), 163840 noise (f32[8192]), 196608 scores (f64[8192]).
(module
  (import "m" "exp" (func $exp (param f64) (result f64)))
  (import "m" "log1p" (func $log1p (param f64) (result f64)))
  (memory (export "memory") 4)

  ;; x_j = (sum_j + noise_j) · inv, or (sum_j + 0) · inv without noise.
  (func $x (param $j i32) (param $noisy i32) (param $inv f64) (result f64)
    (f64.mul
      (f64.add
        (f64.promote_f32 (f32.load offset=131072 (i32.shl (local.get $j) (i32.const 2))))
        (if (result f64) (local.get $noisy)
          (then (f64.promote_f32 (f32.load offset=163840 (i32.shl (local.get $j) (i32.const 2)))))
          (else (f64.const 0))))
      (local.get $inv)))

  (func (export "lr") (param $n i32) (param $noisy i32) (param $inv f64) (param $base f64) (param $c f64) (param $k f64)
    (local $j i32) (local $d f64) (local $u f64) (local $i i32) (local $t f64) (local $b i32) (local $p f64) (local $a i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $d (f64.add (local.get $c) (f64.mul (local.get $k) (call $x (local.get $j) (local.get $noisy) (local.get $inv)))))
        (local.set $u (f64.add (f64.mul (local.get $d) (f64.const 64)) (f64.const 2048)))
        (if (i32.and (f64.ge (local.get $u) (f64.const 0)) (f64.lt (local.get $u) (f64.const 4096)))
          (then
            (local.set $i (i32.trunc_f64_s (local.get $u)))
            (local.set $t (f64.sub (local.get $u) (f64.convert_i32_s (local.get $i))))
            (local.set $b (i32.shl (local.get $i) (i32.const 5)))
            (local.set $p
              (f64.add (f64.load (local.get $b))
                (f64.mul (local.get $t)
                  (f64.add (f64.load offset=8 (local.get $b))
                    (f64.mul (local.get $t)
                      (f64.add (f64.load offset=16 (local.get $b))
                        (f64.mul (local.get $t) (f64.load offset=24 (local.get $b))))))))))
          (else
            ;; softplus(d) = max(d, 0) + log1p(exp(−|d|))
            (local.set $p
              (f64.add (f64.max (local.get $d) (f64.const 0))
                (call $log1p (call $exp (f64.neg (f64.abs (local.get $d)))))))))
        (local.set $a (i32.add (i32.shl (local.get $j) (i32.const 3)) (i32.const 196608)))
        (f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (f64.add (local.get $base) (local.get $p))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $next))))

  (func (export "sum") (param $n i32) (param $noisy i32) (param $inv f64) (param $f f64)
    (local $j i32) (local $a i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $a (i32.add (i32.shl (local.get $j) (i32.const 3)) (i32.const 196608)))
        (f64.store (local.get $a)
          (f64.add (f64.load (local.get $a)) (f64.mul (call $x (local.get $j) (local.get $noisy) (local.get $inv)) (local.get $f))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $next))))
)
