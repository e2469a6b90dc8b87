import { ensureBytes, instantiateWasm, lazyModule, type WasmMemory } from '../math/wasm.js';
import { ADAM_WASM } from './adam-wasm.js';

/**
 * Adam's update for a stack of models in WebAssembly SIMD (adam.wat): the same operations in the same order as the
 * JavaScript loop of optimizer.ts, so the same parameters and moments, bit for bit (tested), at a fraction of the
 * time (the loop is bound by a division and a square root per coordinate, which SIMD does two at a time).
 * The moments of every model and the gradient live in the kernel's memory: the optimiser states' m and v and the
 * trainer's gradient buffer are views on it, so nothing but the float32 parameters is copied per step.
 */
interface Exports {
  memory: WasmMemory;
  adam(w: number, g: number, m: number, v: number, n: number, b1: number, b2: number, c2: number, s: number, eps: number): void;
}

const compiled = lazyModule(ADAM_WASM);

export class AdamKernel {
  /** The gradient buffer the step reads (float64[P]). */
  readonly grad: Float64Array;
  private readonly ex: Exports;
  private readonly w: Float32Array;
  private readonly offsets: { m: number; v: number }[] = [];
  private readonly moments: { m: Float64Array; v: Float64Array }[] = [];

  private constructor(ex: Exports, P: number, models: number) {
    this.ex = ex;
    const wBytes = align16(4 * P);
    const fBytes = align16(8 * P);
    const buf = ex.memory.buffer;
    this.w = new Float32Array(buf, 0, P);
    this.grad = new Float64Array(buf, wBytes, P);
    for (let k = 0; k < models; k++) {
      const m = wBytes + fBytes * (1 + 2 * k);
      const v = m + fBytes;
      this.offsets.push({ m, v });
      this.moments.push({ m: new Float64Array(buf, m, P), v: new Float64Array(buf, v, P) });
    }
  }

  /** A kernel for `models` models of P parameters, or null when this runtime has no WebAssembly SIMD. */
  static create(P: number, models: number): AdamKernel | null {
    const module = compiled();
    if (module === null || P <= 0 || models <= 0) return null;
    const ex = instantiateWasm<Exports>(module, {});
    // Memory beyond what WebAssembly can grow to: the JavaScript loop.
    if (!ensureBytes(ex.memory, align16(4 * P) + align16(8 * P) * (1 + 2 * models))) return null;
    return new AdamKernel(ex, P, models);
  }

  /** Model k's first and second moments (zero at start): the optimiser state's m and v. */
  moment(k: number): { m: Float64Array; v: Float64Array } {
    return this.moments[k];
  }

  /**
   * One Adam step of model k on `params` (updated in place) from the gradient in `grad`:
   * m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g·g, w ← w − s·m / (√(v / c2) + ε).
   */
  step(k: number, params: Float32Array, b1: number, b2: number, c2: number, stepSize: number, eps: number): void {
    const P = this.w.length;
    if (params.length !== P) throw new RangeError(`AdamKernel: ${params.length} parameters, expected ${P}`);
    this.w.set(params);
    const o = this.offsets[k];
    this.ex.adam(0, this.grad.byteOffset, o.m, o.v, P, b1, b2, c2, stepSize, eps);
    params.set(this.w);
  }
}

function align16(n: number): number {
  return (n + 15) & ~15;
}
