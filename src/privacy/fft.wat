;; The radix-2 complex FFT of src/privacy/fft.ts in WebAssembly SIMD: the same butterflies (the same IEEE
;; operations in the same order on the same numbers), two at a time, so the same output to the bit.
;; Memory (byte offsets given by the caller): re, im f64[n]; per-stage twiddles: for the stage of length len
;; (half = len/2 ≥ 2) cos(2πk/len) and sin(2πk/len) for k < half, stored contiguously from offset half·8 − 16 of
;; the tables `tc` and `ts` (stages 4, 8, …, n: half = 2, 4, …, n/2; total n − 2 entries each).
(module
  (memory (export "memory") 1)

  ;; Bit-reversal permutation of re and im (the loop of fft.ts).
  (func $bitrev (param $re i32) (param $im i32) (param $n i32)
    (local $i i32) (local $j i32) (local $bit i32) (local $t f64) (local $pi i32) (local $pj i32)
    (local.set $i (i32.const 1))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $bit (i32.shr_u (local.get $n) (i32.const 1)))
        (block $out
          (loop $carry
            (br_if $out (i32.eqz (i32.and (local.get $j) (local.get $bit))))
            (local.set $j (i32.xor (local.get $j) (local.get $bit)))
            (local.set $bit (i32.shr_u (local.get $bit) (i32.const 1)))
            (br $carry)))
        (local.set $j (i32.xor (local.get $j) (local.get $bit)))
        (if (i32.lt_u (local.get $i) (local.get $j))
          (then
            (local.set $pi (i32.shl (local.get $i) (i32.const 3)))
            (local.set $pj (i32.shl (local.get $j) (i32.const 3)))
            (local.set $t (f64.load (i32.add (local.get $re) (local.get $pi))))
            (f64.store (i32.add (local.get $re) (local.get $pi)) (f64.load (i32.add (local.get $re) (local.get $pj))))
            (f64.store (i32.add (local.get $re) (local.get $pj)) (local.get $t))
            (local.set $t (f64.load (i32.add (local.get $im) (local.get $pi))))
            (f64.store (i32.add (local.get $im) (local.get $pi)) (f64.load (i32.add (local.get $im) (local.get $pj))))
            (f64.store (i32.add (local.get $im) (local.get $pj)) (local.get $t))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; fft(re, im, inverse) of fft.ts; sgn = −1 forward, +1 inverse (wi = sgn·sin exactly).
  (func (export "fft") (param $re i32) (param $im i32) (param $n i32) (param $tc i32) (param $ts i32) (param $sgn f64) (param $inverse i32)
    (local $start i32) (local $a i32) (local $b i32) (local $len i32) (local $half i32) (local $k i32)
    (local $wr f64) (local $wi f64) (local $xr f64) (local $xi f64) (local $br f64) (local $bi f64)
    (local $WR v128) (local $WI v128) (local $BR v128) (local $BI v128) (local $XR v128) (local $XI v128) (local $AR v128) (local $AI v128)
    (local $S v128) (local $tw i32) (local $pa i32) (local $pb i32) (local $halfBytes i32) (local $end i32)
    (call $bitrev (local.get $re) (local.get $im) (local.get $n))
    ;; len = 2: w = (cos 0, sgn·sin 0) = (1, sgn·0).
    (local.set $wr (f64.const 1))
    (local.set $wi (f64.mul (local.get $sgn) (f64.const 0)))
    (local.set $start (i32.const 0))
    (block $d2
      (loop $l2
        (br_if $d2 (i32.ge_u (local.get $start) (local.get $n)))
        (local.set $pa (i32.shl (local.get $start) (i32.const 3)))
        (local.set $pb (i32.add (local.get $pa) (i32.const 8)))
        (local.set $br (f64.load (i32.add (local.get $re) (local.get $pb))))
        (local.set $bi (f64.load (i32.add (local.get $im) (local.get $pb))))
        (local.set $xr (f64.sub (f64.mul (local.get $br) (local.get $wr)) (f64.mul (local.get $bi) (local.get $wi))))
        (local.set $xi (f64.add (f64.mul (local.get $br) (local.get $wi)) (f64.mul (local.get $bi) (local.get $wr))))
        (f64.store (i32.add (local.get $re) (local.get $pb)) (f64.sub (f64.load (i32.add (local.get $re) (local.get $pa))) (local.get $xr)))
        (f64.store (i32.add (local.get $im) (local.get $pb)) (f64.sub (f64.load (i32.add (local.get $im) (local.get $pa))) (local.get $xi)))
        (f64.store (i32.add (local.get $re) (local.get $pa)) (f64.add (f64.load (i32.add (local.get $re) (local.get $pa))) (local.get $xr)))
        (f64.store (i32.add (local.get $im) (local.get $pa)) (f64.add (f64.load (i32.add (local.get $im) (local.get $pa))) (local.get $xi)))
        (local.set $start (i32.add (local.get $start) (i32.const 2)))
        (br $l2)))
    ;; len ≥ 4: two butterflies (k, k + 1) per step, twiddles from the stage's contiguous tables.
    (local.set $S (f64x2.splat (local.get $sgn)))
    (local.set $len (i32.const 4))
    (block $dl
      (loop $ll
        (br_if $dl (i32.gt_u (local.get $len) (local.get $n)))
        (local.set $half (i32.shr_u (local.get $len) (i32.const 1)))
        (local.set $halfBytes (i32.shl (local.get $half) (i32.const 3)))
        (local.set $tw (i32.sub (local.get $halfBytes) (i32.const 16)))
        (local.set $start (i32.const 0))
        (block $ds
          (loop $ls
            (br_if $ds (i32.ge_u (local.get $start) (local.get $n)))
            (local.set $pa (i32.shl (local.get $start) (i32.const 3)))
            (local.set $end (i32.add (local.get $pa) (local.get $halfBytes)))
            (local.set $k (i32.const 0))
            (block $dk
              (loop $lk
                (br_if $dk (i32.ge_u (local.get $pa) (local.get $end)))
                (local.set $pb (i32.add (local.get $pa) (local.get $halfBytes)))
                (local.set $WR (v128.load (i32.add (local.get $tc) (i32.add (local.get $tw) (local.get $k)))))
                (local.set $WI (f64x2.mul (local.get $S) (v128.load (i32.add (local.get $ts) (i32.add (local.get $tw) (local.get $k))))))
                (local.set $BR (v128.load (i32.add (local.get $re) (local.get $pb))))
                (local.set $BI (v128.load (i32.add (local.get $im) (local.get $pb))))
                (local.set $XR (f64x2.sub (f64x2.mul (local.get $BR) (local.get $WR)) (f64x2.mul (local.get $BI) (local.get $WI))))
                (local.set $XI (f64x2.add (f64x2.mul (local.get $BR) (local.get $WI)) (f64x2.mul (local.get $BI) (local.get $WR))))
                (local.set $AR (v128.load (i32.add (local.get $re) (local.get $pa))))
                (local.set $AI (v128.load (i32.add (local.get $im) (local.get $pa))))
                (v128.store (i32.add (local.get $re) (local.get $pb)) (f64x2.sub (local.get $AR) (local.get $XR)))
                (v128.store (i32.add (local.get $im) (local.get $pb)) (f64x2.sub (local.get $AI) (local.get $XI)))
                (v128.store (i32.add (local.get $re) (local.get $pa)) (f64x2.add (local.get $AR) (local.get $XR)))
                (v128.store (i32.add (local.get $im) (local.get $pa)) (f64x2.add (local.get $AI) (local.get $XI)))
                (local.set $pa (i32.add (local.get $pa) (i32.const 16)))
                (local.set $k (i32.add (local.get $k) (i32.const 16)))
                (br $lk)))
            (local.set $start (i32.add (local.get $start) (local.get $len)))
            (br $ls)))
        (local.set $len (i32.shl (local.get $len) (i32.const 1)))
        (br $ll)))
    (if (local.get $inverse)
      (then
        (local.set $S (f64x2.splat (f64.div (f64.const 1) (f64.convert_i32_u (local.get $n)))))
        (local.set $pa (i32.const 0))
        (local.set $end (i32.shl (local.get $n) (i32.const 3)))
        (block $di
          (loop $li
            (br_if $di (i32.ge_u (local.get $pa) (local.get $end)))
            (v128.store (i32.add (local.get $re) (local.get $pa)) (f64x2.mul (v128.load (i32.add (local.get $re) (local.get $pa))) (local.get $S)))
            (v128.store (i32.add (local.get $im) (local.get $pa)) (f64x2.mul (v128.load (i32.add (local.get $im) (local.get $pa))) (local.get $S)))
            (local.set $pa (i32.add (local.get $pa) (i32.const 16)))
            (br $li))))))
)
