import { Rng, type SeedPart } from '../random/rng.js';
import type { StackCanaryHook } from './stack.js';

/**
 * White-box gradient (Dirac) canaries (docs/methods.md#gradient-canaries). Canary j is the vector C·e_j on
 * its own extra update coordinate j — a coordinate no real example's gradient touches, so neither the data
 * nor the other canaries interfere with it (m is not limited by the model's parameter count P). Each canary
 * is IN with probability ½ (drawn once); an IN canary joins step t's clipped sum when its own Poisson draw at
 * the trainer's actual sampling rate selects it, before the noise. The trainer adds its noise and normaliser
 * to these coordinates exactly as to the model's (see StackCanaryHook).
 *
 * Score (all iterates, what an observer of the updates sees): s_j = Σ_t u_t[j] · B_exp / C, with u_t the
 * privatised update and B_exp the trainer's normaliser (the expected batch size), i.e. the sum over steps of
 * the noisy clipped sum's projection on the canary direction divided by C. IN canaries have mean q·T more than
 * OUT ones; the noise has sd σ√T. Per canary this is exactly the Poisson-subsampled Gaussian the accountant
 * analyses, so the audit tests the noise scale, its scaling by C, the sampling rate and the number of steps;
 * it bypasses per-example clipping (input-space canaries audit that).
 */
export interface GradientCanaryRun {
  m: number;
  /** 1 if canary j was IN. */
  included: Uint8Array;
  /** White-box score of each canary (higher = IN). */
  scores: Float64Array;
}

export class GradientCanaries implements StackCanaryHook {
  readonly dims: number;
  readonly included: Uint8Array;
  readonly scores: Float64Array;
  private readonly inIdx: Int32Array;
  private readonly draws: Rng;
  private clip = 1;

  constructor(m: number, seed: SeedPart[]) {
    this.dims = m;
    const inc = Rng.from(...seed, 'gradient-canaries', 'inclusion');
    this.included = new Uint8Array(m);
    const idx: number[] = [];
    for (let j = 0; j < m; j++) {
      this.included[j] = inc.next() < 0.5 ? 1 : 0;
      if (this.included[j]) idx.push(j);
    }
    this.inIdx = Int32Array.from(idx);
    this.draws = Rng.from(...seed, 'gradient-canaries', 'draws');
    this.scores = new Float64Array(m);
  }

  addCanaries(sum: Float64Array, sampleRate: number, clip: number): void {
    this.clip = clip;
    for (let k = 0; k < this.inIdx.length; k++) if (this.draws.next() < sampleRate) sum[this.inIdx[k]] += clip;
  }

  observe(update: Float64Array, expectedBatchSize: number): void {
    const f = expectedBatchSize / this.clip;
    for (let j = 0; j < this.dims; j++) this.scores[j] += update[j] * f;
  }

  result(): GradientCanaryRun {
    return { m: this.dims, included: this.included, scores: this.scores };
  }
}
