import { layerShapes, type ModelSpec } from '../spec.js';
import { DENSE_STEP_WASM } from './dense-step-wasm.js';
import { ensureBytes, instantiateWasm, lazyModule, type WasmMemory } from '../../math/wasm.js';

/**
 * Host-memory engine for the dense families (logistic regression and the ReLU MLP): the per-example clipped
 * gradient sum of the binary cross-entropy (docs/methods.md#dp-sgd, steps 2–3) and the forward pass, computed
 * by the hand-written WebAssembly SIMD kernel of dense-step.wat on float32 buffers in the kernel's own memory.
 * No tfjs op, no device upload of parameters and no device→host transfer: one call per building block.
 *
 * The rule is the one of dense-clipped-sum.ts: for a dense layer with inputs a_i and backpropagated signal d_i,
 *   ‖∇W_i‖² + ‖∇b_i‖² = ‖a_i‖²·‖d_i‖² + ‖d_i‖²,  c_i = min(1, C / (‖g_i‖ + 1e-6)),
 * the clipped sum is Σ_i c_i a_i d_iᵀ and Σ_i c_i d_i (clip = null: factors 1, the plain sum).
 * Widths are padded to multiples of 4 with zero columns (which stay zero), batches are processed in chunks
 * of at most CHUNK rows (the sums accumulate over chunks). Float32 throughout, like tfjs: results agree with
 * the tfjs path to float32 rounding (the order of additions differs). One instance per thread.
 */
export const DENSE_KERNEL_NAME = 'wasm-simd';

const CHUNK = 512;

interface Exports {
  memory: WasmMemory;
  gather(X: number, K: number, idx: number, b: number, out: number): void;
  dense(A: number, b: number, K: number, W: number, N: number, bias: number, out: number, relu: number): void;
  mulstep(D: number, A: number, count: number): void;
  head(S: number, y: number, idx: number, b: number, D: number): void;
  sqnorm_acc(A: number, K: number, D: number, N: number, b: number, sq: number): void;
  clip(sq: number, b: number, C: number, c: number): void;
  scalerows(D: number, N: number, b: number, c: number): void;
  wgrad(A: number, b: number, K: number, D: number, N: number, G: number): void;
  colsum(D: number, b: number, N: number, g: number): void;
}

const pad4 = (n: number): number => (n + 3) & ~3;

interface LayerBuf {
  inDim: number;
  outDim: number;
  wOffset: number;
  bOffset: number;
  /** Padded widths. */
  K: number;
  N: number;
  W: number;
  bias: number;
  /** Wᵀ (N × K), for layers after the first (the backward pass). */
  WT: number;
  /** Input activations (CHUNK × K) and backpropagated signal (CHUNK × N). */
  A: number;
  D: number;
  G: number;
  gb: number;
}

const compiled = lazyModule(DENSE_STEP_WASM);

/** Whether this runtime can run the kernel (WebAssembly with SIMD). */
export function denseKernelAvailable(): boolean {
  return compiled() !== null;
}

let shared: DenseKernel | null = null;

/** The thread's kernel instance (created on first use). */
export function denseKernel(): DenseKernel {
  if (!shared) shared = new DenseKernel();
  return shared;
}

export class DenseKernel {
  private readonly ex: Exports;
  private f32!: Float32Array;
  private i32!: Int32Array;
  // Data region.
  private data: { X: Float32Array; y: Float32Array; n: number; d: number } | null = null;
  private Xp = 0;
  private yp = 0;
  private dataEnd = 0;
  // Model region.
  private specKey = '';
  private layers: LayerBuf[] = [];
  private idx = 0;
  private zeros = 0;
  private S = 0;
  private sq = 0;
  private c = 0;

  constructor() {
    const module = compiled();
    if (module === null) throw new Error('dpaudit: this runtime has no WebAssembly SIMD');
    this.ex = instantiateWasm<Exports>(module, { env: { exp: Math.exp } });
    this.views();
  }

  private views(): void {
    this.f32 = new Float32Array(this.ex.memory.buffer);
    this.i32 = new Int32Array(this.ex.memory.buffer);
  }

  private ensure(bytes: number): void {
    if (!ensureBytes(this.ex.memory, bytes)) throw new RangeError(`dense kernel: WebAssembly memory cannot grow to ${bytes} bytes`);
    this.views();
  }

  /**
   * The feature matrix (n × d, row-major) and labels (n) the batches index. Copied into the kernel's memory
   * (rows padded to a multiple of 4); the copy is skipped when the same arrays are given again.
   */
  setData(X: Float32Array, y: Float32Array, d: number): void {
    const n = y.length;
    if (X.length !== n * d) throw new Error(`dpaudit: kernel data ${X.length} values for ${n} × ${d}`);
    if (this.data && this.data.X === X && this.data.y === y && this.data.d === d) return;
    const d4 = pad4(d);
    this.Xp = 64;
    this.yp = this.Xp + n * d4 * 4;
    this.dataEnd = this.yp + pad4(n) * 4 + 64;
    this.specKey = '';
    this.ensure(this.dataEnd);
    const f = this.f32;
    const base = this.Xp >> 2;
    if (d4 === d) f.set(X, base);
    else {
      for (let i = 0; i < n; i++) {
        const o = base + i * d4;
        for (let k = 0; k < d; k++) f[o + k] = X[i * d + k];
        for (let k = d; k < d4; k++) f[o + k] = 0;
      }
    }
    f.set(y, this.yp >> 2);
    this.data = { X, y, n, d };
  }

  /** Lay out the buffers of a model shape (after setData). */
  private configure(spec: ModelSpec): void {
    if (!this.data) throw new Error('dpaudit: kernel has no data');
    if (spec.inputDim !== this.data.d) throw new Error(`dpaudit: kernel model input ${spec.inputDim} ≠ data width ${this.data.d}`);
    const key = `${spec.kind}:${spec.inputDim}:${spec.hidden.join(',')}`;
    if (key === this.specKey) return;
    let at = this.dataEnd;
    const alloc = (floats: number): number => {
      const p = at;
      at += pad4(floats) * 4 + 16;
      return p;
    };
    const shapes = layerShapes(spec);
    let maxW = 4;
    this.layers = shapes.map((l, i) => {
      const K = pad4(l.inDim);
      const N = pad4(l.outDim);
      maxW = Math.max(maxW, K, N);
      return {
        ...l,
        K,
        N,
        W: alloc(K * N),
        bias: alloc(N),
        WT: i > 0 ? alloc(N * K) : 0,
        A: alloc(CHUNK * K),
        D: alloc(CHUNK * N),
        G: alloc(K * N),
        gb: alloc(N),
      };
    });
    this.idx = alloc(CHUNK);
    this.zeros = alloc(maxW);
    this.S = alloc(CHUNK * 4);
    this.sq = alloc(CHUNK);
    this.c = alloc(CHUNK);
    this.ensure(at);
    this.f32.fill(0, this.dataEnd >> 2, at >> 2);
    this.specKey = key;
  }

  /** Write the flat parameters (layout of model/spec.ts) into the padded W, b and Wᵀ buffers. */
  private pack(params: Float32Array): void {
    const f = this.f32;
    for (let l = 0; l < this.layers.length; l++) {
      const L = this.layers[l];
      const w = L.W >> 2;
      // W (K × N, rows of N): one block when no column is padding, else row by row.
      if (L.N === L.outDim) f.set(params.subarray(L.wOffset, L.wOffset + L.inDim * L.outDim), w);
      else for (let k = 0; k < L.inDim; k++) f.set(params.subarray(L.wOffset + k * L.outDim, L.wOffset + (k + 1) * L.outDim), w + k * L.N);
      if (l > 0) {
        // Wᵀ (N × K) for the backward pass, written row by row.
        const wt = L.WT >> 2;
        for (let j = 0; j < L.outDim; j++) {
          const row = wt + j * L.K;
          for (let k = 0, src = L.wOffset + j; k < L.inDim; k++, src += L.outDim) f[row + k] = params[src];
        }
      }
      f.set(params.subarray(L.bOffset, L.bOffset + L.outDim), L.bias >> 2);
    }
  }

  /**
   * The forward and backward blocks take rows in pairs: an odd chunk gets a copy of its last row as an extra
   * row, which the per-example norms and the sums (over the first b rows) leave out.
   */
  private evenRows(b: number): number {
    if ((b & 1) === 0) return b;
    const idx = this.idx >> 2;
    this.i32[idx + b] = this.i32[idx + b - 1];
    return b + 1;
  }

  /** Forward pass of a chunk already gathered into the first layer's A: hidden activations and logits S. */
  private forward(b: number): void {
    const ex = this.ex;
    const Ls = this.layers;
    for (let l = 0; l < Ls.length; l++) {
      const last = l === Ls.length - 1;
      ex.dense(Ls[l].A, b, Ls[l].K, Ls[l].W, Ls[l].N, Ls[l].bias, last ? this.S : Ls[l + 1].A, last ? 0 : 1);
    }
  }

  /**
   * out (P) = Σ over `rows` of the per-example gradients of the binary cross-entropy at `params`, each clipped
   * to norm `clip` (null: unclipped). `sqNorms` (optional, rows.length): the per-example squared norms.
   */
  clippedSum(
    spec: ModelSpec,
    params: Float32Array,
    rows: Int32Array,
    clip: number | null,
    out: Float32Array,
    sqNorms?: Float32Array,
  ): Float32Array {
    this.configure(spec);
    const ex = this.ex;
    const Ls = this.layers;
    this.pack(params);
    const f = this.f32;
    for (const L of Ls) {
      f.fill(0, L.G >> 2, (L.G >> 2) + L.K * L.N);
      f.fill(0, L.gb >> 2, (L.gb >> 2) + L.N);
    }
    const first = Ls[0];
    const top = Ls.length - 1;
    for (let start = 0; start < rows.length; start += CHUNK) {
      const b = Math.min(CHUNK, rows.length - start);
      this.i32.set(rows.subarray(start, start + b), this.idx >> 2);
      const be = this.evenRows(b);
      ex.gather(this.Xp, first.K, this.idx, be, first.A);
      this.forward(be);
      ex.head(this.S, this.yp, this.idx, be, Ls[top].D);
      for (let l = top; l > 0; l--) {
        ex.dense(Ls[l].D, be, Ls[l].N, Ls[l].WT, Ls[l].K, this.zeros, Ls[l - 1].D, 0);
        ex.mulstep(Ls[l - 1].D, Ls[l].A, be * Ls[l].K);
      }
      if (clip !== null) {
        f.fill(0, this.sq >> 2, (this.sq >> 2) + b);
        for (const L of Ls) ex.sqnorm_acc(L.A, L.K, L.D, L.N, b, this.sq);
        if (sqNorms) sqNorms.set(f.subarray(this.sq >> 2, (this.sq >> 2) + b), start);
        ex.clip(this.sq, b, clip, this.c);
        for (const L of Ls) ex.scalerows(L.D, L.N, b, this.c);
      }
      for (const L of Ls) {
        ex.wgrad(L.A, b, L.K, L.D, L.N, L.G);
        ex.colsum(L.D, b, L.N, L.gb);
      }
    }
    for (const L of Ls) {
      const g = L.G >> 2;
      // The flat layout's rows are the padded buffer's rows without their padding columns: one block when none.
      if (L.N === L.outDim) out.set(f.subarray(g, g + L.inDim * L.N), L.wOffset);
      else for (let k = 0; k < L.inDim; k++) out.set(f.subarray(g + k * L.N, g + k * L.N + L.outDim), L.wOffset + k * L.outDim);
      out.set(f.subarray(L.gb >> 2, (L.gb >> 2) + L.outDim), L.bOffset);
    }
    return out;
  }

  /** Logits of the model at `params` on the data rows `rows` (all rows when absent). */
  logits(spec: ModelSpec, params: Float32Array, rows?: Int32Array): Float32Array {
    this.configure(spec);
    this.pack(params);
    const n = rows ? rows.length : (this.data as { n: number }).n;
    const out = new Float32Array(n);
    const first = this.layers[0];
    const idx = this.idx >> 2;
    for (let start = 0; start < n; start += CHUNK) {
      const b = Math.min(CHUNK, n - start);
      if (rows) this.i32.set(rows.subarray(start, start + b), idx);
      else for (let i = 0; i < b; i++) this.i32[idx + i] = start + i;
      const be = this.evenRows(b);
      this.ex.gather(this.Xp, first.K, this.idx, be, first.A);
      this.forward(be);
      const s = this.S >> 2;
      for (let i = 0; i < b; i++) out[start + i] = this.f32[s + 4 * i];
    }
    return out;
  }
}
