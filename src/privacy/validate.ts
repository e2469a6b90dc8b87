import { DpauditError } from '../errors.js';

/**
 * Input checks of the privacy module. Each names the command-line option it corresponds to, so the
 * CLI and library callers get the same one-line usage error (exit 2).
 */
export function checkSampleRate(q: number, option = 'sample-rate'): void {
  if (!(typeof q === 'number' && q > 0 && q <= 1)) throw new DpauditError(`must be in (0, 1], got ${q}`, { location: { option } });
}

export function checkNoiseMultiplier(sigma: number, option = 'noise-multiplier'): void {
  if (!(typeof sigma === 'number' && sigma >= 0 && Number.isFinite(sigma)))
    throw new DpauditError(`must be a finite number ≥ 0, got ${sigma}`, { location: { option } });
}

export function checkSteps(steps: number, option = 'steps'): void {
  if (!(typeof steps === 'number' && Number.isInteger(steps) && steps > 0))
    throw new DpauditError(`must be a positive integer, got ${steps}`, { location: { option } });
}

export function checkDelta(delta: number, option = 'delta'): void {
  if (!(typeof delta === 'number' && delta > 0 && delta < 1))
    throw new DpauditError(`must be in (0, 1), got ${delta}`, { location: { option } });
}

export function checkTargetEpsilon(eps: number, option = 'target-epsilon'): void {
  if (!(typeof eps === 'number' && eps > 0 && Number.isFinite(eps)))
    throw new DpauditError(`must be a positive finite number, got ${eps}`, { location: { option } });
}

/** ε argument of a privacy profile: any number ≥ 0 (∞ allowed: δ(∞) = 0). */
export function checkEpsilonArg(eps: number): void {
  if (!(eps >= 0)) throw new DpauditError(`privacy profile: ε must be ≥ 0, got ${eps}`);
}
