import { DpauditError } from '../errors.js';
import type { MechanismStep } from './types.js';

/**
 * The step history shared by the accountants: consecutive steps with the same (σ, q) are merged
 * into one entry (as Opacus does), so a training loop that calls `step` once per batch stays O(1) in memory.
 */
export class StepHistory {
  private readonly items: MechanismStep[] = [];

  get entries(): readonly MechanismStep[] {
    return this.items;
  }

  add(noiseMultiplier: number, sampleRate: number, steps = 1): void {
    if (!(noiseMultiplier >= 0) || !Number.isFinite(noiseMultiplier))
      throw new DpauditError(`accountant step: noise multiplier must be ≥ 0 and finite, got ${noiseMultiplier}`);
    if (!(sampleRate >= 0 && sampleRate <= 1)) throw new DpauditError(`accountant step: sample rate must be in [0, 1], got ${sampleRate}`);
    if (!(Number.isInteger(steps) && steps >= 0))
      throw new DpauditError(`accountant step: steps must be a non-negative integer, got ${steps}`);
    if (steps === 0) return;
    const last = this.items[this.items.length - 1];
    if (last && last.noiseMultiplier === noiseMultiplier && last.sampleRate === sampleRate) {
      this.items[this.items.length - 1] = { ...last, steps: last.steps + steps };
    } else {
      this.items.push({ noiseMultiplier, sampleRate, steps });
    }
  }
}

/** True when the history releases nothing about any record (no steps, or q = 0 everywhere). */
export function isTrivial(history: readonly MechanismStep[]): boolean {
  return history.every((h) => h.steps === 0 || h.sampleRate === 0);
}

/** True when some step samples records without noise (σ = 0, q > 0): ε = ∞. */
export function hasNoiselessStep(history: readonly MechanismStep[]): boolean {
  return history.some((h) => h.steps > 0 && h.sampleRate > 0 && h.noiseMultiplier === 0);
}
