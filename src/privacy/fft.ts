import { ensureBytes, instantiateWasm, lazyKernel, type WasmMemory } from '../math/wasm.js';
import { FFT_WASM } from './fft-wasm.js';

/**
 * In-place iterative radix-2 complex FFT on split real/imaginary Float64Arrays (length a power of 2).
 * Forward: X_k = Σ_j x_j e^{−2πi jk/n}; inverse: x_j = (1/n) Σ_k X_k e^{+2πi jk/n}.
 */
export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0;
}

export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

const twiddleCache = new Map<number, { cos: Float64Array; sin: Float64Array }>();

/** cos/sin of 2πk/n for k < n/2 (computed directly, not by recurrence, to keep them exact to rounding). */
function twiddles(n: number): { cos: Float64Array; sin: Float64Array } {
  let t = twiddleCache.get(n);
  if (!t) {
    const h = n >> 1;
    const cos = new Float64Array(h);
    const sin = new Float64Array(h);
    for (let k = 0; k < h; k++) {
      const a = (2 * Math.PI * k) / n;
      cos[k] = Math.cos(a);
      sin[k] = Math.sin(a);
    }
    t = { cos, sin };
    if (twiddleCache.size > 8) twiddleCache.clear();
    twiddleCache.set(n, t);
  }
  return t;
}

export function fft(re: Float64Array, im: Float64Array, inverse = false): void {
  const n = re.length;
  if (im.length !== n) throw new RangeError('fft: real and imaginary parts differ in length');
  if (!isPowerOfTwo(n)) throw new RangeError(`fft: length ${n} is not a power of 2`);
  if (n === 1) return;
  if (n >= WASM_MIN && fftWasm(re, im, inverse)) return;
  fftJs(re, im, inverse);
}

/** The JavaScript transform (the reference the WebAssembly one reproduces bit for bit; short lengths). */
export function fftJs(re: Float64Array, im: Float64Array, inverse = false): void {
  const n = re.length;
  // bit-reversal permutation
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = re[i];
      re[i] = re[j];
      re[j] = t;
      t = im[i];
      im[i] = im[j];
      im[j] = t;
    }
  }
  const { cos, sin } = twiddles(n);
  const sgn = inverse ? 1 : -1;
  for (let len = 2; len <= n; len <<= 1) {
    const half = len >> 1;
    const stride = n / len;
    for (let start = 0; start < n; start += len) {
      for (let k = 0; k < half; k++) {
        const wr = cos[k * stride];
        const wi = sgn * sin[k * stride];
        const a = start + k;
        const b = a + half;
        const xr = re[b] * wr - im[b] * wi;
        const xi = re[b] * wi + im[b] * wr;
        re[b] = re[a] - xr;
        im[b] = im[a] - xi;
        re[a] += xr;
        im[a] += xi;
      }
    }
  }
  if (inverse) {
    const s = 1 / n;
    for (let i = 0; i < n; i++) {
      re[i] *= s;
      im[i] *= s;
    }
  }
}

/** Shortest length sent to WebAssembly (below it the copies cost more than they save). */
const WASM_MIN = 64;

interface FftExports {
  memory: WasmMemory;
  fft(re: number, im: number, n: number, tc: number, ts: number, sgn: number, inverse: number): void;
}
/** This thread's instance and the length its twiddle tables are laid out for. */
const fftKernel = lazyKernel(FFT_WASM, (m) => ({ ex: instantiateWasm<FftExports>(m, {}), n: 0 }));

/** Whether this thread runs the transform in WebAssembly (for tests: a kernel that fails to load must not pass for the loop). */
export function fftKernelLoaded(): boolean {
  return fftKernel() !== null;
}

/**
 * The transform in WebAssembly (fft.wat: the same butterflies, two per SIMD instruction, so the same numbers; tested
 * against fftJs). Memory: re at 0, im at 8n, the per-stage twiddle tables at 16n (cos) and 24n (sin), copied from
 * the same `twiddles(n)` the JavaScript loop reads. False when the runtime has no WebAssembly SIMD.
 */
function fftWasm(re: Float64Array, im: Float64Array, inverse: boolean): boolean {
  const k = fftKernel();
  if (k === null) return false;
  const n = re.length;
  if (!ensureBytes(k.ex.memory, 32 * n)) return false; // beyond what WebAssembly memory can grow to: the JavaScript loop
  const buf = k.ex.memory.buffer;
  if (k.n !== n) {
    const { cos, sin } = twiddles(n);
    const tc = new Float64Array(buf, 16 * n, n);
    const ts = new Float64Array(buf, 24 * n, n);
    for (let half = 2, at = 0; half < n; half <<= 1) {
      const stride = n / (2 * half);
      for (let j = 0; j < half; j++, at++) {
        tc[at] = cos[j * stride];
        ts[at] = sin[j * stride];
      }
    }
    k.n = n;
  }
  const r = new Float64Array(buf, 0, n);
  const i = new Float64Array(buf, 8 * n, n);
  r.set(re);
  i.set(im);
  k.ex.fft(0, 8 * n, n, 16 * n, 24 * n, inverse ? 1 : -1, inverse ? 1 : 0);
  re.set(r);
  im.set(i);
  return true;
}
