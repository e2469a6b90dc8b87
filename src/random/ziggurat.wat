;; The ziggurat normal fill (Rng.fillNormal, src/random/rng.ts) in WebAssembly, slow paths included: the same
;; xoshiro128** stream and the same arithmetic as zigguratNormal (src/random/ziggurat.ts), so the same float32
;; numbers. exp and log are JavaScript's Math.exp and Math.log (imported), so the wedge and tail tests compare
;; exactly the numbers the JavaScript path compares.
;;
;; Memory layout (byte offsets, fixed): 0 state s0..s3 (u32) · 64 kn[128] (u32) · 576 wn[128] (f64)
;; · 1600 fn[128] (f64) · 4096 the output buffer (f32, up to 32 000 values).
(module
  (import "m" "exp" (func $exp (param f64) (result f64)))
  (import "m" "log" (func $log (param f64) (result f64)))
  (memory (export "memory") 3)
  (global $s0 (mut i32) (i32.const 0))
  (global $s1 (mut i32) (i32.const 0))
  (global $s2 (mut i32) (i32.const 0))
  (global $s3 (mut i32) (i32.const 0))

  ;; One xoshiro128** output (Rng.nextU32).
  (func $u32 (result i32)
    (local $r i32) (local $t i32)
    (local.set $r (i32.mul (i32.rotl (i32.mul (global.get $s1) (i32.const 5)) (i32.const 7)) (i32.const 9)))
    (local.set $t (i32.shl (global.get $s1) (i32.const 9)))
    (global.set $s2 (i32.xor (global.get $s2) (global.get $s0)))
    (global.set $s3 (i32.xor (global.get $s3) (global.get $s1)))
    (global.set $s1 (i32.xor (global.get $s1) (global.get $s2)))
    (global.set $s0 (i32.xor (global.get $s0) (global.get $s3)))
    (global.set $s2 (i32.xor (global.get $s2) (local.get $t)))
    (global.set $s3 (i32.rotl (global.get $s3) (i32.const 11)))
    (local.get $r))

  ;; Uniform in [0, 1) with 53 bits (Rng.next): ((u32 >>> 5)·2^26 + (u32 >>> 6)) / 2^53.
  (func $next (result f64)
    (local $a f64)
    (local.set $a (f64.convert_i32_u (i32.shr_u (call $u32) (i32.const 5))))
    (f64.div
      (f64.add (f64.mul (local.get $a) (f64.const 67108864)) (f64.convert_i32_u (i32.shr_u (call $u32) (i32.const 6))))
      (f64.const 9007199254740992)))

  ;; The rest of a standard normal whose first two draws (hz, iz) missed the fast path (zigguratAfterMiss, then
  ;; zigguratNormal from scratch on a wedge rejection): tail beyond R by Marsaglia's method, wedges by rejection
  ;; against exp(−x²/2). The generator state is in the globals.
  (func $slow (param $hz i32) (param $iz i32) (result f64)
    (local $abs i32) (local $x f64) (local $y f64) (local $f f64)
    (loop $retry (result f64)
      (if (i32.eqz (local.get $iz))
        (then
          ;; tail: x = −log(1 − u)/R, y = −log(1 − u') until 2y ≥ x²
          (loop $tail
            (local.set $x (f64.div (f64.neg (call $log (f64.sub (f64.const 1) (call $next)))) (f64.const 3.442619855899)))
            (local.set $y (f64.neg (call $log (f64.sub (f64.const 1) (call $next)))))
            (br_if $tail (f64.lt (f64.add (local.get $y) (local.get $y)) (f64.mul (local.get $x) (local.get $x)))))
          (return
            (select
              (f64.add (f64.const 3.442619855899) (local.get $x))
              (f64.sub (f64.const -3.442619855899) (local.get $x))
              (i32.gt_s (local.get $hz) (i32.const 0))))))
      (local.set $x (f64.mul (f64.convert_i32_s (local.get $hz)) (f64.load offset=576 (i32.shl (local.get $iz) (i32.const 3)))))
      ;; wedge: accept when fn[iz] + u·(fn[iz − 1] − fn[iz]) < exp(−½x²)
      (local.set $f (f64.load offset=1600 (i32.shl (local.get $iz) (i32.const 3))))
      (if (f64.lt
            (f64.add
              (local.get $f)
              (f64.mul (call $next) (f64.sub (f64.load offset=1592 (i32.shl (local.get $iz) (i32.const 3))) (local.get $f))))
            (call $exp (f64.mul (f64.mul (f64.const -0.5) (local.get $x)) (local.get $x))))
        (then (return (local.get $x))))
      ;; rejected: a new variate from two fresh draws
      (local.set $hz (call $u32))
      (local.set $iz (i32.and (call $u32) (i32.const 127)))
      (local.set $abs (select (i32.sub (i32.const 0) (local.get $hz)) (local.get $hz) (i32.lt_s (local.get $hz) (i32.const 0))))
      (if (i32.lt_u (local.get $abs) (i32.load offset=64 (i32.shl (local.get $iz) (i32.const 2))))
        (then
          (return (f64.mul (f64.convert_i32_s (local.get $hz)) (f64.load offset=576 (i32.shl (local.get $iz) (i32.const 3)))))))
      (br $retry)))

  ;; out[i] = f32(normal · sd) for i = 0 … n − 1 (output at byte 4096); the state is read from and written back
  ;; to bytes 0–15. The fast path (~98.8 % of variates) runs with the state in locals; a miss hands it to $slow.
  (func (export "fill") (param $n i32) (param $sd f64)
    (local $i i32) (local $s0 i32) (local $s1 i32) (local $s2 i32) (local $s3 i32) (local $t i32) (local $m i32)
    (local $hz i32) (local $iz i32) (local $abs i32) (local $x f64)
    (local.set $s0 (i32.load offset=0 (i32.const 0)))
    (local.set $s1 (i32.load offset=4 (i32.const 0)))
    (local.set $s2 (i32.load offset=8 (i32.const 0)))
    (local.set $s3 (i32.load offset=12 (i32.const 0)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        ;; first draw: hz (signed)
        (local.set $m (i32.mul (local.get $s1) (i32.const 5)))
        (local.set $hz (i32.mul (i32.rotl (local.get $m) (i32.const 7)) (i32.const 9)))
        (local.set $t (i32.shl (local.get $s1) (i32.const 9)))
        (local.set $s2 (i32.xor (local.get $s2) (local.get $s0)))
        (local.set $s3 (i32.xor (local.get $s3) (local.get $s1)))
        (local.set $s1 (i32.xor (local.get $s1) (local.get $s2)))
        (local.set $s0 (i32.xor (local.get $s0) (local.get $s3)))
        (local.set $s2 (i32.xor (local.get $s2) (local.get $t)))
        (local.set $s3 (i32.rotl (local.get $s3) (i32.const 11)))
        ;; second draw: the layer iz
        (local.set $m (i32.mul (local.get $s1) (i32.const 5)))
        (local.set $iz (i32.and (i32.mul (i32.rotl (local.get $m) (i32.const 7)) (i32.const 9)) (i32.const 127)))
        (local.set $t (i32.shl (local.get $s1) (i32.const 9)))
        (local.set $s2 (i32.xor (local.get $s2) (local.get $s0)))
        (local.set $s3 (i32.xor (local.get $s3) (local.get $s1)))
        (local.set $s1 (i32.xor (local.get $s1) (local.get $s2)))
        (local.set $s0 (i32.xor (local.get $s0) (local.get $s3)))
        (local.set $s2 (i32.xor (local.get $s2) (local.get $t)))
        (local.set $s3 (i32.rotl (local.get $s3) (i32.const 11)))
        ;; |hz| as an unsigned 32-bit number (2^31 for hz = −2^31), compared unsigned with kn[iz] < 2^31
        (local.set $abs (select (i32.sub (i32.const 0) (local.get $hz)) (local.get $hz) (i32.lt_s (local.get $hz) (i32.const 0))))
        (if (i32.lt_u (local.get $abs) (i32.load offset=64 (i32.shl (local.get $iz) (i32.const 2))))
          (then
            (local.set $x (f64.mul (f64.convert_i32_s (local.get $hz)) (f64.load offset=576 (i32.shl (local.get $iz) (i32.const 3))))))
          (else
            (global.set $s0 (local.get $s0))
            (global.set $s1 (local.get $s1))
            (global.set $s2 (local.get $s2))
            (global.set $s3 (local.get $s3))
            (local.set $x (call $slow (local.get $hz) (local.get $iz)))
            (local.set $s0 (global.get $s0))
            (local.set $s1 (global.get $s1))
            (local.set $s2 (global.get $s2))
            (local.set $s3 (global.get $s3))))
        (f32.store offset=4096 (i32.shl (local.get $i) (i32.const 2)) (f32.demote_f64 (f64.mul (local.get $x) (local.get $sd))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (i32.store offset=0 (i32.const 0) (local.get $s0))
    (i32.store offset=4 (i32.const 0) (local.get $s1))
    (i32.store offset=8 (i32.const 0) (local.get $s2))
    (i32.store offset=12 (i32.const 0) (local.get $s3)))
)
