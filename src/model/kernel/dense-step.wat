;; Dense DP-SGD step kernel (WebAssembly SIMD, single thread). See docs/methods.md#dp-sgd.
;;
;; Building blocks of one stack step of a feed-forward ReLU network with one output logit and the binary
;; cross-entropy, on float32 matrices in this module's memory. The TypeScript driver (src/model/kernel/dense-kernel.ts)
;; lays out the buffers and calls the blocks in order: gather → dense (forward) → head → dense with Wᵀ and
;; mulstep (backward) → sqnorm_acc → clip → scalerows → wgrad / colsum (the clipped sum).
;;
;; Conventions: every pointer is a byte offset; every matrix is row-major; every column count (N) and every
;; row stride (K) is a multiple of 4 (the driver pads widths with zero columns, which stay zero). Sums are
;; accumulated in float32 like the tfjs path; the order of additions differs, so results agree to float32
;; rounding only.
(module
  (import "env" "exp" (func $exp (param f64) (result f64)))
  (memory (export "memory") 1)

  ;; out[i, :] = idx-th rows of X (row stride K floats) for i < b.
  (func (export "gather") (param $X i32) (param $K i32) (param $idx i32) (param $b i32) (param $out i32)
    (local $i i32) (local $bytes i32)
    (local.set $bytes (i32.shl (local.get $K) (i32.const 2)))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $b)))
        (memory.copy
          (i32.add (local.get $out) (i32.mul (local.get $i) (local.get $bytes)))
          (i32.add (local.get $X)
            (i32.mul (i32.load (i32.add (local.get $idx) (i32.shl (local.get $i) (i32.const 2)))) (local.get $bytes)))
          (local.get $bytes))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

;; out (b × N) = A (b × K) · W (K × N) + bias (N), then max(·, 0) when relu ≠ 0. b must be even: rows go in
  ;; pairs (the driver pads a batch with a copy of its last row), columns in blocks of 16, then blocks of 4, so
  ;; that eight independent accumulators hide the latency of the additions.
  (func (export "dense") (param $A i32) (param $b i32) (param $K i32) (param $W i32) (param $N i32)
    (param $bias i32) (param $out i32) (param $relu i32)
    (local $i i32) (local $j i32) (local $arow i32) (local $orow i32) (local $wp i32) (local $ka i32)
    (local $ap i32) (local $aend i32) (local $nb i32)
    (local $x v128) (local $z v128) (local $w0 v128) (local $w1 v128) (local $w2 v128) (local $w3 v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128) (local $zero v128)
    (local.set $nb (i32.shl (local.get $N) (i32.const 2)))
    (local.set $ka (i32.shl (local.get $K) (i32.const 2)))
    (local.set $zero (v128.const f32x4 0 0 0 0))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $i) (local.get $b)))
        (local.set $arow (i32.add (local.get $A) (i32.mul (local.get $i) (local.get $ka))))
        (local.set $aend (i32.add (local.get $arow) (local.get $ka)))
        (local.set $orow (i32.add (local.get $out) (i32.mul (local.get $i) (local.get $nb))))
        (local.set $j (i32.const 0))
        ;; blocks of 16 columns, two rows: a· for row i, c· for row i + 1
        (block $b16_done
          (loop $b16
            (br_if $b16_done (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $N)))
            (local.set $wp (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 2))))
            (local.set $a0 (v128.load offset=0 (local.get $wp)))
            (local.set $a1 (v128.load offset=16 (local.get $wp)))
            (local.set $a2 (v128.load offset=32 (local.get $wp)))
            (local.set $a3 (v128.load offset=48 (local.get $wp)))
            (local.set $c0 (local.get $a0))
            (local.set $c1 (local.get $a1))
            (local.set $c2 (local.get $a2))
            (local.set $c3 (local.get $a3))
            (local.set $wp (i32.add (local.get $W) (i32.shl (local.get $j) (i32.const 2))))
            (local.set $ap (local.get $arow))
            (block $k_done
              (loop $kl
                (br_if $k_done (i32.ge_u (local.get $ap) (local.get $aend)))
                (local.set $x (v128.load32_splat (local.get $ap)))
                (local.set $z (v128.load32_splat (i32.add (local.get $ap) (local.get $ka))))
                (local.set $w0 (v128.load offset=0 (local.get $wp)))
                (local.set $w1 (v128.load offset=16 (local.get $wp)))
                (local.set $w2 (v128.load offset=32 (local.get $wp)))
                (local.set $w3 (v128.load offset=48 (local.get $wp)))
                (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $x) (local.get $w0))))
                (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $x) (local.get $w1))))
                (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $x) (local.get $w2))))
                (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $x) (local.get $w3))))
                (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $z) (local.get $w0))))
                (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $z) (local.get $w1))))
                (local.set $c2 (f32x4.add (local.get $c2) (f32x4.mul (local.get $z) (local.get $w2))))
                (local.set $c3 (f32x4.add (local.get $c3) (f32x4.mul (local.get $z) (local.get $w3))))
                (local.set $ap (i32.add (local.get $ap) (i32.const 4)))
                (local.set $wp (i32.add (local.get $wp) (local.get $nb)))
                (br $kl)))
            (if (local.get $relu)
              (then
                (local.set $a0 (f32x4.max (local.get $a0) (local.get $zero)))
                (local.set $a1 (f32x4.max (local.get $a1) (local.get $zero)))
                (local.set $a2 (f32x4.max (local.get $a2) (local.get $zero)))
                (local.set $a3 (f32x4.max (local.get $a3) (local.get $zero)))
                (local.set $c0 (f32x4.max (local.get $c0) (local.get $zero)))
                (local.set $c1 (f32x4.max (local.get $c1) (local.get $zero)))
                (local.set $c2 (f32x4.max (local.get $c2) (local.get $zero)))
                (local.set $c3 (f32x4.max (local.get $c3) (local.get $zero)))))
            (local.set $wp (i32.add (local.get $orow) (i32.shl (local.get $j) (i32.const 2))))
            (v128.store offset=0 (local.get $wp) (local.get $a0))
            (v128.store offset=16 (local.get $wp) (local.get $a1))
            (v128.store offset=32 (local.get $wp) (local.get $a2))
            (v128.store offset=48 (local.get $wp) (local.get $a3))
            (local.set $wp (i32.add (local.get $wp) (local.get $nb)))
            (v128.store offset=0 (local.get $wp) (local.get $c0))
            (v128.store offset=16 (local.get $wp) (local.get $c1))
            (v128.store offset=32 (local.get $wp) (local.get $c2))
            (v128.store offset=48 (local.get $wp) (local.get $c3))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $b16)))
        ;; remaining blocks of 4 columns, two rows
        (block $b4_done
          (loop $b4
            (br_if $b4_done (i32.ge_u (local.get $j) (local.get $N)))
            (local.set $a0 (v128.load (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 2)))))
            (local.set $c0 (local.get $a0))
            (local.set $wp (i32.add (local.get $W) (i32.shl (local.get $j) (i32.const 2))))
            (local.set $ap (local.get $arow))
            (block $k4_done
              (loop $k4
                (br_if $k4_done (i32.ge_u (local.get $ap) (local.get $aend)))
                (local.set $w0 (v128.load (local.get $wp)))
                (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load32_splat (local.get $ap)) (local.get $w0))))
                (local.set $c0 (f32x4.add (local.get $c0)
                  (f32x4.mul (v128.load32_splat (i32.add (local.get $ap) (local.get $ka))) (local.get $w0))))
                (local.set $ap (i32.add (local.get $ap) (i32.const 4)))
                (local.set $wp (i32.add (local.get $wp) (local.get $nb)))
                (br $k4)))
            (if (local.get $relu)
              (then
                (local.set $a0 (f32x4.max (local.get $a0) (local.get $zero)))
                (local.set $c0 (f32x4.max (local.get $c0) (local.get $zero)))))
            (local.set $wp (i32.add (local.get $orow) (i32.shl (local.get $j) (i32.const 2))))
            (v128.store (local.get $wp) (local.get $a0))
            (v128.store (i32.add (local.get $wp) (local.get $nb)) (local.get $c0))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $b4)))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $rows))))

  ;; D[t] = A[t] > 0 ? D[t] : 0 for t < count (count a multiple of 4): the ReLU derivative.
  (func (export "mulstep") (param $D i32) (param $A i32) (param $count i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $D) (i32.shl (local.get $count) (i32.const 2))))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $D) (local.get $end)))
        (v128.store (local.get $D)
          (v128.and (v128.load (local.get $D))
            (f32x4.gt (v128.load (local.get $A)) (v128.const f32x4 0 0 0 0))))
        (local.set $D (i32.add (local.get $D) (i32.const 16)))
        (local.set $A (i32.add (local.get $A) (i32.const 16)))
        (br $l))))

  ;; Output signal of the binary cross-entropy: D[i, 0] = sigmoid(s_i) − y[idx_i] for the logit s_i = S[i, 0]
  ;; (S and D have row stride 4; D's columns 1..3 are set to 0).
  (func (export "head") (param $S i32) (param $y i32) (param $idx i32) (param $b i32) (param $D i32)
    (local $i i32) (local $s f32) (local $p f32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $b)))
        (local.set $s (f32.load (i32.add (local.get $S) (i32.shl (local.get $i) (i32.const 4)))))
        (local.set $p (f32.demote_f64 (f64.div (f64.const 1)
          (f64.add (f64.const 1) (call $exp (f64.neg (f64.promote_f32 (local.get $s))))))))
        (v128.store (i32.add (local.get $D) (i32.shl (local.get $i) (i32.const 4)))
          (f32x4.replace_lane 0 (v128.const f32x4 0 0 0 0)
            (f32.sub (local.get $p)
              (f32.load (i32.add (local.get $y)
                (i32.shl (i32.load (i32.add (local.get $idx) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 2)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l))))

  ;; Horizontal sum of the squares of n floats at p (n a multiple of 4).
  (func $rowsq (param $p i32) (param $n i32) (result f32)
    (local $end i32) (local $acc v128) (local $v v128)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $v (v128.load (local.get $p)))
        (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $v) (local.get $v))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $l)))
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
      (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))

  ;; Per-example squared gradient norm of one dense layer, added to sq (b floats):
  ;; sq[i] += (‖A_i‖² + 1)·‖D_i‖² (weights ‖a_i‖²‖d_i‖² plus bias ‖d_i‖²).
  (func (export "sqnorm_acc") (param $A i32) (param $K i32) (param $D i32) (param $N i32) (param $b i32) (param $sq i32)
    (local $i i32) (local $q i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $b)))
        (local.set $q (i32.add (local.get $sq) (i32.shl (local.get $i) (i32.const 2))))
        (f32.store (local.get $q)
          (f32.add (f32.load (local.get $q))
            (f32.mul
              (f32.add
                (call $rowsq (i32.add (local.get $A) (i32.shl (i32.mul (local.get $i) (local.get $K)) (i32.const 2))) (local.get $K))
                (f32.const 1))
              (call $rowsq (i32.add (local.get $D) (i32.shl (i32.mul (local.get $i) (local.get $N)) (i32.const 2))) (local.get $N)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l))))

  ;; Clip factors c_i = min(1, C / (sqrt(sq_i) + 1e-6)) for i < b.
  (func (export "clip") (param $sq i32) (param $b i32) (param $C f32) (param $c i32)
    (local $i i32) (local $o i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $b)))
        (local.set $o (i32.shl (local.get $i) (i32.const 2)))
        (f32.store (i32.add (local.get $c) (local.get $o))
          (f32.min (f32.const 1)
            (f32.div (local.get $C)
              (f32.add (f32.sqrt (f32.load (i32.add (local.get $sq) (local.get $o)))) (f32.const 1e-6)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l))))

  ;; D[i, :] *= c[i] for i < b (D is b × N).
  (func (export "scalerows") (param $D i32) (param $N i32) (param $b i32) (param $c i32)
    (local $i i32) (local $p i32) (local $end i32) (local $f v128)
    (local.set $p (local.get $D))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $b)))
        (local.set $f (v128.load32_splat (i32.add (local.get $c) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $end (i32.add (local.get $p) (i32.shl (local.get $N) (i32.const 2))))
        (block $row_done
          (loop $row
            (br_if $row_done (i32.ge_u (local.get $p) (local.get $end)))
            (v128.store (local.get $p) (f32x4.mul (v128.load (local.get $p)) (local.get $f)))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (br $row)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l))))

;; G (K × N) += Aᵀ D for A (b × K), D (b × N): the weight part of the (clipped) gradient sum (accumulated
  ;; over the chunks of a batch). Rows of G in pairs (K is a multiple of 4), columns in blocks of 16, then 4.
  (func (export "wgrad") (param $A i32) (param $b i32) (param $K i32) (param $D i32) (param $N i32) (param $G i32)
    (local $k i32) (local $j i32) (local $ap i32) (local $dp i32) (local $i i32) (local $ka i32) (local $nb i32)
    (local $gp i32) (local $x v128) (local $z v128) (local $d0 v128) (local $d1 v128) (local $d2 v128) (local $d3 v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    (local.set $ka (i32.shl (local.get $K) (i32.const 2)))
    (local.set $nb (i32.shl (local.get $N) (i32.const 2)))
    (block $k_done
      (loop $kl
        (br_if $k_done (i32.ge_u (local.get $k) (local.get $K)))
        (local.set $gp (i32.add (local.get $G) (i32.mul (local.get $k) (local.get $nb))))
        (local.set $j (i32.const 0))
        ;; a· accumulate row k of G, c· row k + 1
        (block $b16_done
          (loop $b16
            (br_if $b16_done (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $N)))
            (local.set $a0 (v128.load offset=0 (local.get $gp)))
            (local.set $a1 (v128.load offset=16 (local.get $gp)))
            (local.set $a2 (v128.load offset=32 (local.get $gp)))
            (local.set $a3 (v128.load offset=48 (local.get $gp)))
            (local.set $dp (i32.add (local.get $gp) (local.get $nb)))
            (local.set $c0 (v128.load offset=0 (local.get $dp)))
            (local.set $c1 (v128.load offset=16 (local.get $dp)))
            (local.set $c2 (v128.load offset=32 (local.get $dp)))
            (local.set $c3 (v128.load offset=48 (local.get $dp)))
            (local.set $ap (i32.add (local.get $A) (i32.shl (local.get $k) (i32.const 2))))
            (local.set $dp (i32.add (local.get $D) (i32.shl (local.get $j) (i32.const 2))))
            (local.set $i (i32.const 0))
            (block $i_done
              (loop $il
                (br_if $i_done (i32.ge_u (local.get $i) (local.get $b)))
                (local.set $x (v128.load32_splat (local.get $ap)))
                (local.set $z (v128.load32_splat offset=4 (local.get $ap)))
                (local.set $d0 (v128.load offset=0 (local.get $dp)))
                (local.set $d1 (v128.load offset=16 (local.get $dp)))
                (local.set $d2 (v128.load offset=32 (local.get $dp)))
                (local.set $d3 (v128.load offset=48 (local.get $dp)))
                (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $x) (local.get $d0))))
                (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $x) (local.get $d1))))
                (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $x) (local.get $d2))))
                (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $x) (local.get $d3))))
                (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $z) (local.get $d0))))
                (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $z) (local.get $d1))))
                (local.set $c2 (f32x4.add (local.get $c2) (f32x4.mul (local.get $z) (local.get $d2))))
                (local.set $c3 (f32x4.add (local.get $c3) (f32x4.mul (local.get $z) (local.get $d3))))
                (local.set $ap (i32.add (local.get $ap) (local.get $ka)))
                (local.set $dp (i32.add (local.get $dp) (local.get $nb)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $il)))
            (v128.store offset=0 (local.get $gp) (local.get $a0))
            (v128.store offset=16 (local.get $gp) (local.get $a1))
            (v128.store offset=32 (local.get $gp) (local.get $a2))
            (v128.store offset=48 (local.get $gp) (local.get $a3))
            (local.set $dp (i32.add (local.get $gp) (local.get $nb)))
            (v128.store offset=0 (local.get $dp) (local.get $c0))
            (v128.store offset=16 (local.get $dp) (local.get $c1))
            (v128.store offset=32 (local.get $dp) (local.get $c2))
            (v128.store offset=48 (local.get $dp) (local.get $c3))
            (local.set $gp (i32.add (local.get $gp) (i32.const 64)))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $b16)))
        (block $b4_done
          (loop $b4
            (br_if $b4_done (i32.ge_u (local.get $j) (local.get $N)))
            (local.set $a0 (v128.load (local.get $gp)))
            (local.set $c0 (v128.load (i32.add (local.get $gp) (local.get $nb))))
            (local.set $ap (i32.add (local.get $A) (i32.shl (local.get $k) (i32.const 2))))
            (local.set $dp (i32.add (local.get $D) (i32.shl (local.get $j) (i32.const 2))))
            (local.set $i (i32.const 0))
            (block $i4_done
              (loop $i4
                (br_if $i4_done (i32.ge_u (local.get $i) (local.get $b)))
                (local.set $d0 (v128.load (local.get $dp)))
                (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load32_splat (local.get $ap)) (local.get $d0))))
                (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (v128.load32_splat offset=4 (local.get $ap)) (local.get $d0))))
                (local.set $ap (i32.add (local.get $ap) (local.get $ka)))
                (local.set $dp (i32.add (local.get $dp) (local.get $nb)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $i4)))
            (v128.store (local.get $gp) (local.get $a0))
            (v128.store (i32.add (local.get $gp) (local.get $nb)) (local.get $c0))
            (local.set $gp (i32.add (local.get $gp) (i32.const 16)))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $b4)))
        (local.set $k (i32.add (local.get $k) (i32.const 2)))
        (br $kl))))

  ;; g (N) += Σ_i D[i, :] for D (b × N): the bias part of the (clipped) gradient sum.
  (func (export "colsum") (param $D i32) (param $b i32) (param $N i32) (param $g i32)
    (local $j i32) (local $i i32) (local $dp i32) (local $nb i32) (local $acc v128)
    (local.set $nb (i32.shl (local.get $N) (i32.const 2)))
    (block $j_done
      (loop $jl
        (br_if $j_done (i32.ge_u (local.get $j) (local.get $N)))
        (local.set $acc (v128.load (i32.add (local.get $g) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $dp (i32.add (local.get $D) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $i (i32.const 0))
        (block $i_done
          (loop $il
            (br_if $i_done (i32.ge_u (local.get $i) (local.get $b)))
            (local.set $acc (f32x4.add (local.get $acc) (v128.load (local.get $dp))))
            (local.set $dp (i32.add (local.get $dp) (local.get $nb)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $il)))
        (v128.store (i32.add (local.get $g) (i32.shl (local.get $j) (i32.const 2))) (local.get $acc))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $jl))))
)
