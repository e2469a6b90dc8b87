;; Fast path of the ziggurat normal fill (Rng.fillNormal, src/random/rng.ts) in WebAssembly: the same
;; xoshiro128** stream and the same arithmetic, so the same float32 numbers. The slow path (a miss, ~1.2 % of
;; variates) stays in JavaScript: fill stops at the variate that missed and hands it back.
;;
;; Memory layout (byte offsets, fixed): 0 state s0..s3 (u32) · 16 hz (i32) and 20 iz (i32) of the variate that
;; missed · 64 kn[128] (u32) · 576 wn[128] (f64) · 2048 the output buffer (f32).
(module
  (memory (export "memory") 2)

  ;; out[i] = f32(hz · wn[iz] · sd) for i = start, … while |hz| < kn[iz]; returns n when every variate up to n
  ;; took the fast path, otherwise the index of the first miss (its hz and iz at 16 and 20; the state after
  ;; its two draws at 0).
  (func (export "fill") (param $start i32) (param $n i32) (param $sd f64) (result i32)
    (local $i i32) (local $s0 i32) (local $s1 i32) (local $s2 i32) (local $s3 i32) (local $t i32) (local $m i32)
    (local $hz i32) (local $iz i32) (local $abs i32)
    (local.set $s0 (i32.load offset=0 (i32.const 0)))
    (local.set $s1 (i32.load offset=4 (i32.const 0)))
    (local.set $s2 (i32.load offset=8 (i32.const 0)))
    (local.set $s3 (i32.load offset=12 (i32.const 0)))
    (local.set $i (local.get $start))
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
        (if (i32.ge_u (local.get $abs) (i32.load offset=64 (i32.shl (local.get $iz) (i32.const 2))))
          (then
            (i32.store offset=16 (i32.const 0) (local.get $hz))
            (i32.store offset=20 (i32.const 0) (local.get $iz))
            (br $done)))
        (f32.store offset=2048 (i32.shl (local.get $i) (i32.const 2))
          (f32.demote_f64
            (f64.mul
              (f64.mul (f64.convert_i32_s (local.get $hz)) (f64.load offset=576 (i32.shl (local.get $iz) (i32.const 3))))
              (local.get $sd))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (i32.store offset=0 (i32.const 0) (local.get $s0))
    (i32.store offset=4 (i32.const 0) (local.get $s1))
    (i32.store offset=8 (i32.const 0) (local.get $s2))
    (i32.store offset=12 (i32.const 0) (local.get $s3))
    (local.get $i))
)
