import { createHash, randomBytes } from 'node:crypto';
import { fn, kn, wn, zigguratAfterMiss } from './ziggurat.js';
import { ZIGGURAT_WASM } from './ziggurat-wasm.js';
import { instantiateWasm, lazyKernel } from '../math/wasm.js';

/**
 * Seeded randomness. Every stream is derived from a hash of (root seed, purpose, arm, ε,
 * seed index, model index, ...) so a sharded or resumed run reproduces the same numbers
 * (docs/methods.md#seeds). The generator is xoshiro128** (32-bit state words, fast in JS).
 */
export type SeedPart = string | number | undefined | null;

/** 128-bit seed derived from SHA-256 of the parts (joined unambiguously). */
export function deriveSeed(...parts: SeedPart[]): Uint32Array {
  const h = createHash('sha256');
  h.update(JSON.stringify(parts.map((p) => (p === undefined ? null : p))));
  const buf = h.digest();
  const s = new Uint32Array(4);
  for (let i = 0; i < 4; i++) s[i] = buf.readUInt32LE(4 * i);
  if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1;
  return s;
}

/** A 31-bit integer seed derived from the parts (for APIs that take a number). */
export function deriveIntSeed(...parts: SeedPart[]): number {
  return deriveSeed(...parts)[0] >>> 1;
}

export class Rng {
  private s: Uint32Array;
  private spare: number | null = null;

  constructor(seed: Uint32Array | number | SeedPart[]) {
    if (seed instanceof Uint32Array) this.s = Uint32Array.from(seed);
    else if (typeof seed === 'number') this.s = deriveSeed('int', seed);
    else this.s = deriveSeed(...seed);
  }

  /** Derive an independent child stream. */
  static from(...parts: SeedPart[]): Rng {
    return new Rng(deriveSeed(...parts));
  }

  /** Next raw uint32 (xoshiro128**). */
  nextU32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 bits. */
  next(): number {
    const a = this.nextU32() >>> 5;
    const b = this.nextU32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /**
   * Bernoulli(p) trials k = 0 … count − 1 (trial k succeeds when the k-th next() is < p): writes the successful
   * k to `out` in order and returns how many. The same stream and the same outcomes as calling next() < p in a
   * loop, with the generator state in locals (the gradient canaries' Poisson draws).
   */
  selectBelow(p: number, count: number, out: Int32Array): number {
    const st = this.s;
    let s0 = st[0] | 0;
    let s1 = st[1] | 0;
    let s2 = st[2] | 0;
    let s3 = st[3] | 0;
    let n = 0;
    // next() < p with next() = x / 2^53 (x an integer below 2^53): both sides scaled by 2^53 exactly, no division.
    const lim = p * 9007199254740992;
    for (let k = 0; k < count; k++) {
      let m = Math.imul(s1, 5);
      const a = (Math.imul((m << 7) | (m >>> 25), 9) >>> 0) >>> 5;
      let t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      m = Math.imul(s1, 5);
      const b = (Math.imul((m << 7) | (m >>> 25), 9) >>> 0) >>> 6;
      t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      if (a * 67108864 + b < lim) out[n++] = k;
    }
    st[0] = s0;
    st[1] = s1;
    st[2] = s2;
    st[3] = s3;
    return n;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /**
   * Uniform integer in [0, n) from one 32-bit draw (for n ≤ 2^21 the non-uniformity is below 2^-11 of a
   * count and irrelevant for resampling); twice as fast as int(). Used by the bootstrap.
   */
  index(n: number): number {
    return Math.floor((this.nextU32() * n) / 4294967296);
  }

  /**
   * `draws` calls of index(n), counted: out[offset + index(n)] += 1 each time. The same stream and the same
   * numbers as calling index(n) in a loop, with the generator state in locals (the bootstrap's inner loop).
   */
  countIndices(n: number, draws: number, out: Int32Array, offset = 0): void {
    const st = this.s;
    let s0 = st[0] | 0;
    let s1 = st[1] | 0;
    let s2 = st[2] | 0;
    let s3 = st[3] | 0;
    for (let d = 0; d < draws; d++) {
      const m = Math.imul(s1, 5);
      const r = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      out[offset + Math.floor((r * n) / 4294967296)]++;
    }
    st[0] = s0;
    st[1] = s1;
    st[2] = s2;
    st[3] = s3;
  }

  bernoulli(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal (Marsaglia polar method). */
  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * m;
    return u * m;
  }

  /** Fill a Float32Array with N(0, sd²) (ziggurat; the DP noise path). */
  fillNormal(out: Float32Array, sd = 1): Float32Array {
    // Long fills run in WebAssembly (ziggurat.wat, slow paths included): the same stream and arithmetic, same numbers.
    const z = out.length >= 256 ? zigguratWasm() : null;
    if (z) return this.fillNormalWasm(z, out, sd);
    return this.fillNormalJs(out, sd);
  }

  private fillNormalWasm(z: ZigguratWasm, out: Float32Array, sd: number): Float32Array {
    const st = this.s;
    z.u32.set(st, 0);
    for (let start = 0; start < out.length; start += ZIGGURAT_CHUNK) {
      const n = Math.min(ZIGGURAT_CHUNK, out.length - start);
      z.fill(n, sd);
      out.set(z.f32.subarray(ZIGGURAT_OUT, ZIGGURAT_OUT + n), start);
    }
    st.set(z.u32.subarray(0, 4));
    return out;
  }

  private fillNormalJs(out: Float32Array, sd: number): Float32Array {
    // The ziggurat's fast path (two draws, ~98.8 % of variates) with the generator state in locals; a miss
    // hands the state back and finishes that variate with zigguratAfterMiss: the numbers of zigguratNormal.
    const st = this.s;
    let s0 = st[0] | 0;
    let s1 = st[1] | 0;
    let s2 = st[2] | 0;
    let s3 = st[3] | 0;
    for (let i = 0; i < out.length; i++) {
      let m = Math.imul(s1, 5);
      const hz = Math.imul((m << 7) | (m >>> 25), 9);
      let t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      m = Math.imul(s1, 5);
      const iz = Math.imul((m << 7) | (m >>> 25), 9) & 127;
      t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      const abs = hz < 0 ? -hz : hz;
      if (abs < kn[iz]) out[i] = hz * wn[iz] * sd;
      else {
        st[0] = s0;
        st[1] = s1;
        st[2] = s2;
        st[3] = s3;
        out[i] = zigguratAfterMiss(this, hz, iz) * sd;
        s0 = st[0] | 0;
        s1 = st[1] | 0;
        s2 = st[2] | 0;
        s3 = st[3] | 0;
      }
    }
    st[0] = s0;
    st[1] = s1;
    st[2] = s2;
    st[3] = s3;
    return out;
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T>(a: T[] | Int32Array | Uint32Array): typeof a {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }
}

interface ZigguratWasm {
  fill(n: number, sd: number): void;
  u32: Uint32Array;
  f32: Float32Array;
}
/** Float offset of the output buffer and its capacity (see ziggurat.wat). */
const ZIGGURAT_OUT = 1024;
const ZIGGURAT_CHUNK = 32_000;
/** This thread's instance of the WebAssembly fast path (null when the runtime has no WebAssembly). */
const zigguratWasm = lazyKernel(ZIGGURAT_WASM, (module): ZigguratWasm => {
  const ex = instantiateWasm<{ fill(n: number, sd: number): void; memory: { buffer: ArrayBuffer } }>(module, {
    m: { exp: Math.exp, log: Math.log },
  });
  const buf = ex.memory.buffer;
  new Uint32Array(buf, 64, 128).set(kn);
  new Float64Array(buf, 576, 128).set(wn);
  new Float64Array(buf, 1600, 128).set(fn);
  return { fill: ex.fill, u32: new Uint32Array(buf), f32: new Float32Array(buf) };
});

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/**
 * Gaussian noise from a cryptographic RNG (node:crypto), for `--secure-noise`.
 * Box–Muller over 53-bit uniforms from randomBytes.
 */
export function fillSecureNormal(out: Float32Array, sd = 1): Float32Array {
  const n = out.length;
  const pairs = Math.ceil(n / 2);
  const bytes = randomBytes(pairs * 16);
  for (let p = 0; p < pairs; p++) {
    const u1 = uniformFromBytes(bytes, p * 16);
    const u2 = uniformFromBytes(bytes, p * 16 + 8);
    const r = Math.sqrt(-2 * Math.log(1 - u1));
    const th = 2 * Math.PI * u2;
    out[2 * p] = r * Math.cos(th) * sd;
    if (2 * p + 1 < n) out[2 * p + 1] = r * Math.sin(th) * sd;
  }
  return out;
}

function uniformFromBytes(b: Buffer, off: number): number {
  const hi = b.readUInt32LE(off) >>> 5;
  const lo = b.readUInt32LE(off + 4) >>> 6;
  return (hi * 67108864 + lo) / 9007199254740992;
}
