import { Rng, type SeedPart } from '../random/rng.js';
import { addSoftplusAffine, RANGE, STEPS_PER_UNIT, softplusTable } from '../math/softplus.js';
import { instantiateWasm, lazyKernel, type WasmMemory } from '../math/wasm.js';
import { CANARY_SCORE_WASM } from './canary-score-wasm.js';
import { CANARY_CHUNK, privatizedGradient, type StackCanaryHook } from './stack.js';

/**
 * White-box gradient (Dirac) canaries (docs/methods.md#gradient-canaries). Canary j is the vector C·e_j on
 * its own extra update coordinate j — a coordinate no real example's gradient touches, so neither the data
 * nor the other canaries interfere with it (m is not limited by the model's parameter count P). Each canary
 * is IN with probability ½ (drawn once); an IN canary joins step t's clipped sum when its own Poisson draw at
 * the trainer's actual sampling rate selects it, before the noise. The trainer adds its noise and normaliser
 * to these coordinates exactly as to the model's (see StackCanaryHook).
 *
 * Score (all iterates, what an observer of the updates sees): with x_t = u_t[j] · B_exp / C, u_t the privatised
 * update and B_exp the trainer's normaliser (the expected batch size) — the noisy clipped sum's projection on
 * the canary direction in units of C, 1{drawn} + N(0, σ²) for an IN canary —
 *   `lr` (default when the claimed σ > 0): s_j = Σ_t log(1 − q + q·exp((x_t − ½)/σ²)), the log-likelihood ratio
 *        of IN vs OUT under the claimed q and σ (the Neyman–Pearson test of the claimed mechanism);
 *   `sum`: s_j = Σ_t x_t (IN canaries have mean q·T more than OUT ones; the noise has sd σ√T).
 * Per canary this is exactly the Poisson-subsampled Gaussian the accountant analyses, so the audit tests the
 * noise scale, its scaling by C, the sampling rate and the number of steps.
 *
 * Clipping: a canary's raw gradient has norm CANARY_RAW_NORM·C (far above C, as an outlier's would be) and
 * passes through the clip bound the trainer applies to per-example gradients, so a correct trainer adds
 * exactly C and a trainer that does not clip adds the raw norm (a ×CANARY_RAW_NORM signal). This audits the
 * clip bound the trainer uses, not the model family's per-example clipping kernel (input-space canaries audit
 * that black-box).
 */
export const CANARY_RAW_NORM = 100;
export type GradientCanaryScore = 'lr' | 'sum';
export interface GradientCanaryRun {
  m: number;
  /** 1 if canary j was IN. */
  included: Uint8Array;
  /** White-box score of each canary (higher = IN). */
  scores: Float64Array;
  score: GradientCanaryScore;
}

export class GradientCanaries implements StackCanaryHook {
  readonly dims: number;
  readonly included: Uint8Array;
  readonly scores: Float64Array;
  private readonly inIdx: Int32Array;
  private readonly drawn: Int32Array;
  private readonly draws: Rng;
  private clip = 1;
  private readonly score: GradientCanaryScore;
  private readonly logNotQ: number;
  private readonly logQ: number;
  private readonly invVar: number;
  /** Scratch update of the JavaScript path of observePrivatized. */
  private update: Float64Array | null = null;

  /** `claimed`: the accountant's σ and q, which the likelihood-ratio score assumes (sum score when σ = 0). */
  constructor(m: number, seed: SeedPart[], claimed: { noiseMultiplier: number; sampleRate: number }, score?: GradientCanaryScore) {
    this.dims = m;
    const sigma = claimed.noiseMultiplier;
    this.score = sigma > 0 && claimed.sampleRate > 0 && claimed.sampleRate < 1 ? (score ?? 'lr') : 'sum';
    this.logNotQ = Math.log1p(-claimed.sampleRate);
    this.logQ = Math.log(claimed.sampleRate);
    this.invVar = sigma > 0 ? 1 / (sigma * sigma) : 0;
    const inc = Rng.from(...seed, 'gradient-canaries', 'inclusion');
    this.included = new Uint8Array(m);
    const idx: number[] = [];
    for (let j = 0; j < m; j++) {
      this.included[j] = inc.next() < 0.5 ? 1 : 0;
      if (this.included[j]) idx.push(j);
    }
    this.inIdx = Int32Array.from(idx);
    this.drawn = new Int32Array(idx.length);
    this.draws = Rng.from(...seed, 'gradient-canaries', 'draws');
    this.scores = new Float64Array(m);
  }

  addCanaries(sum: Float32Array, sampleRate: number, clip: number, clipBound?: number | null): void {
    this.clip = clip;
    // Raw norm CANARY_RAW_NORM·C clipped by the trainer's bound (= C when the trainer clips correctly).
    const raw = CANARY_RAW_NORM * clip;
    const add = clipBound === undefined ? clip : clipBound === null ? raw : Math.min(raw, clipBound);
    const n = this.draws.selectBelow(sampleRate, this.inIdx.length, this.drawn);
    for (let i = 0; i < n; i++) sum[this.inIdx[this.drawn[i]]] += add;
  }

  observe(update: Float64Array, expectedBatchSize: number, offset = 0): void {
    const f = expectedBatchSize / this.clip;
    const n = update.length;
    if (this.score === 'sum') {
      for (let j = 0; j < n; j++) this.scores[offset + j] += update[j] * f;
      return;
    }
    // log((1 − q) + q·e^z) = log(1 − q) + softplus(log q − log(1 − q) + z), z = (x − ½)/σ², x = u·f.
    const k = f * this.invVar;
    addSoftplusAffine(this.scores.subarray(offset, offset + n), update, this.logNotQ, this.logQ - this.logNotQ - 0.5 * this.invVar, k, n);
  }

  /**
   * privatizedGradient then observe for one chunk, fused in WebAssembly (canary-score.wat: the same operations in
   * the same order, so the same scores; tested), or by the two JavaScript loops where WebAssembly is unavailable.
   */
  observePrivatized(sum: Float32Array, noise: Float32Array | null, expectedBatchSize: number, offset: number): void {
    const n = sum.length;
    if (n > CANARY_CHUNK || (noise !== null && noise.length < n))
      throw new RangeError(
        `observePrivatized: a chunk of ${n} coordinates (at most ${CANARY_CHUNK}) with ${noise?.length ?? 0} noise values`,
      );
    const kernel = canaryScoreKernel();
    if (!kernel) {
      this.update ??= new Float64Array(CANARY_CHUNK);
      const u = this.update.subarray(0, n);
      privatizedGradient(u, sum, noise, expectedBatchSize);
      this.observe(u, expectedBatchSize, offset);
      return;
    }
    const inv = 1 / expectedBatchSize;
    const f = expectedBatchSize / this.clip;
    const acc = this.scores.subarray(offset, offset + n);
    kernel.sum.set(sum);
    if (noise) kernel.noise.set(noise.subarray(0, n));
    kernel.scores.set(acc);
    if (this.score === 'sum') kernel.ex.sum(n, noise ? 1 : 0, inv, f);
    else {
      const k = f * this.invVar;
      kernel.ex.lr(n, noise ? 1 : 0, inv, this.logNotQ, this.logQ - this.logNotQ - 0.5 * this.invVar, k);
    }
    acc.set(kernel.scores.subarray(0, n));
  }

  result(): GradientCanaryRun {
    return { m: this.dims, included: this.included, scores: this.scores, score: this.score };
  }
}

interface CanaryScoreExports {
  memory: WasmMemory;
  lr(n: number, noisy: number, inv: number, base: number, c: number, k: number): void;
  sum(n: number, noisy: number, inv: number, f: number): void;
}
interface CanaryScoreKernel {
  ex: CanaryScoreExports;
  sum: Float32Array;
  noise: Float32Array;
  scores: Float64Array;
}
/** This thread's instance of canary-score.wat with the softplus table in place (null without WebAssembly SIMD). */
const canaryScoreKernel = lazyKernel(CANARY_SCORE_WASM, (module): CanaryScoreKernel => {
  // The module's fixed layout (4 pages): the table at 0, then sum, noise and scores of one chunk each.
  if (RANGE !== 32 || STEPS_PER_UNIT !== 64 || CANARY_CHUNK !== 8192)
    throw new Error('canary-score.wat assumes the softplus table of [−32, 32] at 64 steps per unit and chunks of 8192');
  const ex = instantiateWasm<CanaryScoreExports>(module, { m: { exp: Math.exp, log1p: Math.log1p } });
  const buf = ex.memory.buffer;
  new Float64Array(buf, 0, 16384).set(softplusTable());
  return {
    ex,
    sum: new Float32Array(buf, 131072, CANARY_CHUNK),
    noise: new Float32Array(buf, 163840, CANARY_CHUNK),
    scores: new Float64Array(buf, 196608, CANARY_CHUNK),
  };
});

/** Whether this thread scores canaries in WebAssembly (for tests: a kernel that fails to load must not pass for the loop). */
export function canaryKernelLoaded(): boolean {
  return canaryScoreKernel() !== null;
}
