import { DpauditError } from '../errors.js';
import { StepHistory, hasNoiselessStep, isTrivial } from './history.js';
import { composePrv, composedFrom, type ComposedPrv } from './prv/composed.js';
import type { Accountant, EpsilonResult, MechanismStep, PrivacyProfile, ProfileTable } from './types.js';
import { checkDelta, checkEpsilonArg } from './validate.js';

export interface PrvAccountantOptions {
  /** Requested ε discretisation error (default 0.01, as Opacus); the actual error is reported and may be smaller. */
  epsError?: number;
  /** δ error as a fraction of the target δ in `epsilon(δ)` (default 1/1000, as Opacus). */
  deltaErrorRatio?: number;
  /** δ error of `profile()` (default 1e-9: the profile never reports δ below this). */
  profileDeltaError?: number;
  /** Largest FFT grid (default 2^21 points). */
  maxGridSize?: number;
}

/**
 * PRV accountant (Gopi, Lee, Wutschitz 2021; Opacus `PRVAccountant`; docs/methods.md#prv): numerical composition of the
 * privacy loss random variables of the Poisson-subsampled Gaussian by FFT, for both add and remove
 * adjacency. `epsilon(δ)` returns the certified upper bound ε̃(δ − δ_err) + ε_err (the error is added,
 * and reported in `error`); `profile()` returns δ̃(ε − ε_err) + δ_err.
 */
export class PrvAccountant implements Accountant {
  readonly name = 'prv' as const;
  private readonly steps = new StepHistory();
  private readonly options: Required<PrvAccountantOptions>;
  private cache: { key: string; prv: ComposedPrv } | null = null;

  constructor(options: PrvAccountantOptions = {}) {
    this.options = {
      epsError: options.epsError ?? 0.01,
      deltaErrorRatio: options.deltaErrorRatio ?? 1e-3,
      profileDeltaError: options.profileDeltaError ?? 1e-9,
      maxGridSize: options.maxGridSize ?? 1 << 21,
    };
    const o = this.options;
    if (
      !(o.epsError > 0) ||
      !(o.deltaErrorRatio > 0 && o.deltaErrorRatio < 1) ||
      !(o.profileDeltaError > 0 && o.profileDeltaError < 1) ||
      !(o.maxGridSize >= 16)
    ) {
      throw new DpauditError('PRV accountant: invalid error settings');
    }
  }

  get history(): readonly MechanismStep[] {
    return this.steps.entries;
  }

  step(noiseMultiplier: number, sampleRate: number, steps = 1): void {
    this.steps.add(noiseMultiplier, sampleRate, steps);
    this.cache = null;
  }

  /** The composed discrete PRV for a given δ error (cached for the last δ error used). */
  composed(deltaError: number): ComposedPrv {
    const key = `${deltaError}`;
    if (this.cache?.key === key) return this.cache.prv;
    let prv: ComposedPrv;
    try {
      prv = composePrv(this.history, { epsError: this.options.epsError, deltaError, maxGridSize: this.options.maxGridSize });
    } catch (e) {
      throw new DpauditError(`PRV accountant: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    this.cache = { key, prv };
    return prv;
  }

  epsilon(delta: number): EpsilonResult {
    checkDelta(delta);
    if (isTrivial(this.history)) return { epsilon: 0, delta, accountant: 'prv', error: 0 };
    if (hasNoiselessStep(this.history)) return { epsilon: Infinity, delta, accountant: 'prv', error: 0 };
    const prv = this.composed(delta * this.options.deltaErrorRatio);
    let epsilon: number;
    try {
      epsilon = prv.epsilonUpper(delta);
    } catch (e) {
      throw new DpauditError(`${e instanceof Error ? e.message : String(e)}; use the RDP accountant`, {
        location: { option: 'delta' },
        cause: e,
      });
    }
    return { epsilon, delta, accountant: 'prv', error: prv.epsError };
  }

  profile(): PrivacyProfile {
    const method = PRV_PROFILE_METHOD;
    if (isTrivial(this.history)) return { delta: (eps) => (checkEpsilonArg(eps), 0), method };
    if (hasNoiselessStep(this.history)) return { delta: (eps) => (checkEpsilonArg(eps), 1), method };
    return prvProfile(this.composed(this.options.profileDeltaError));
  }
}

const PRV_PROFILE_METHOD = 'prv-numerical (upper bound: δ̃(ε − ε_err) + δ_err, add/remove adjacency)';

/** The profile δ(ε) of a composed PRV, carrying its table so another thread can rebuild it (profileFromTable). */
function prvProfile(prv: ComposedPrv): PrivacyProfile {
  return {
    delta: (eps: number) => {
      checkEpsilonArg(eps);
      return eps === Infinity ? 0 : prv.deltaUpper(eps);
    },
    method: PRV_PROFILE_METHOD,
    table: () => ({ accountant: 'prv', composed: prv.table() }),
  };
}

/** The profile a PRV accountant returned, rebuilt from its table: the same δ(ε), bit for bit, without composing again. */
export function profileFromTable(table: ProfileTable): PrivacyProfile {
  if (table.accountant !== 'prv') throw new DpauditError(`internal: no profile table for the ${String(table.accountant)} accountant`);
  return prvProfile(composedFrom(table.composed));
}
