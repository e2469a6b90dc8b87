import { nextPowerOfTwo } from '../fft.js';
import { composedRdp, rdpToEpsilon } from '../rdp.js';
import { DEFAULT_RDP_ORDERS } from '../orders.js';
import type { MechanismStep } from '../types.js';
import { composeOnGrid, type GridComponent } from './compose.js';
import { DiscretePrv, type DiscretePrvTable } from './discrete-prv.js';
import { discretise } from './discretise.js';
import type { Grid } from './grid.js';
import { subsampledGaussianLoss } from './loss-variable.js';

/**
 * The numerically composed PRV of a history of Poisson-subsampled Gaussian steps, with the error
 * bounds of Gopi, Lee, Wutschitz (2021, §5 and Remark 5.6; constants as in Opacus `prv`):
 * with mesh h and domain [−L, L], L ≥ max(ε_RDP(δ_err/4) of the composition, ε_RDP(δ_err/(8T)) of
 * one step, ε_err) + 3, and ε_err = h·√(T·log(12/δ_err)/2), the true ε and δ satisfy
 *   ε(δ) ≤ ε̃(δ − δ_err) + ε_err   and   δ(ε) ≤ δ̃(ε − ε_err) + δ_err,
 * where ε̃, δ̃ belong to the discrete composition. Both add/remove directions are composed and the
 * larger δ (ε) is reported.
 */
export interface PrvErrorTarget {
  /** Requested ε error (the mesh is chosen so that the actual error is at most this unless capped). */
  epsError: number;
  /** δ error δ_err. */
  deltaError: number;
  /** Largest grid (a power of 2); when the requested mesh needs more points, the mesh and ε_err grow. */
  maxGridSize: number;
}

export interface ComposedPrv {
  /** Upper bound on ε at δ: ε̃(δ − δ_err) + ε_err. */
  epsilonUpper(delta: number): number;
  /** Upper bound on δ at ε: δ̃(ε − ε_err) + δ_err, capped at 1. */
  deltaUpper(eps: number): number;
  /** Point estimate ε̃(δ) (no error terms; not a bound). */
  epsilonEstimate(delta: number): number;
  readonly epsError: number;
  readonly deltaError: number;
  readonly grid: Grid;
  readonly domain: number;
  /** The same PRV as data (for another thread: composedFrom). */
  table(): ComposedPrvTable;
}

/** Orders for the domain bound only: Opacus's plus larger ones (any orders give a valid RDP bound; more give a smaller L). */
const DOMAIN_ORDERS: readonly number[] = [...DEFAULT_RDP_ORDERS, 80, 96, 128, 192, 256, 384, 512];

export function composePrv(history: readonly MechanismStep[], target: PrvErrorTarget): ComposedPrv {
  const mechs = history.filter((h) => h.steps > 0 && h.sampleRate > 0);
  const totalSteps = mechs.reduce((s, h) => s + h.steps, 0);
  if (totalSteps === 0) throw new RangeError('composePrv: nothing to compose');
  if (mechs.some((h) => !(h.noiseMultiplier > 0))) throw new RangeError('composePrv: σ = 0 has no finite PRV');
  const { epsError, deltaError } = target;
  const spread = Math.sqrt((totalSteps * Math.log(12 / deltaError)) / 2);
  // Domain (Remark 5.6): tails beyond L carry negligible probability.
  let L = rdpToEpsilon(DOMAIN_ORDERS, composedRdp(mechs, DOMAIN_ORDERS), deltaError / 4).epsilon;
  for (const h of mechs) {
    const one = rdpToEpsilon(DOMAIN_ORDERS, composedRdp([{ ...h, steps: 1 }], DOMAIN_ORDERS), deltaError / (8 * totalSteps)).epsilon;
    L = Math.max(L, one);
  }
  L = Math.max(L, epsError) + 3;
  if (!Number.isFinite(L)) throw new RangeError('composePrv: infinite domain');
  const meshWanted = epsError / spread;
  const size = Math.max(16, Math.min(target.maxGridSize, nextPowerOfTwo(Math.ceil((2 * L) / meshWanted) + 2)));
  // Grid covers [−L − h, L]: (n/2 − 1)·h = L.
  const grid: Grid = { size, mesh: L / (size / 2 - 1) };
  const actualEpsError = grid.mesh * spread;

  const components: GridComponent[] = [];
  const shifts = { remove: 0, add: 0 };
  for (const h of mechs) {
    const Y = subsampledGaussianLoss(h.sampleRate, h.noiseMultiplier);
    const r = discretise(Y.remove, grid);
    const a = discretise(Y.add, grid);
    shifts.remove += h.steps * r.shift;
    shifts.add += h.steps * a.shift;
    components.push({ remove: r.pmf, add: a.pmf, steps: h.steps });
  }
  const composed = composeOnGrid(components, grid);
  return composedFrom({
    remove: DiscretePrv.fromPmf(composed.remove, grid, shifts.remove).toTable(),
    add: DiscretePrv.fromPmf(composed.add, grid, shifts.add).toTable(),
    epsError: actualEpsError,
    deltaError,
    domain: L,
  });
}

/** A composed PRV as data (structured-cloneable; `composedFrom` rebuilds the same bounds, bit for bit). */
export interface ComposedPrvTable {
  remove: DiscretePrvTable;
  add: DiscretePrvTable;
  /** The actual ε discretisation error ε_err. */
  epsError: number;
  deltaError: number;
  domain: number;
}

export function composedFrom(table: ComposedPrvTable): ComposedPrv {
  const rem = DiscretePrv.fromTable(table.remove);
  const add = DiscretePrv.fromTable(table.add);
  const { epsError: actualEpsError, deltaError, domain } = table;
  const grid = rem.grid;
  const size = grid.size;
  if (add.grid.size !== size || add.grid.mesh !== grid.mesh) throw new RangeError('composed PRV table: the two directions differ in grid');
  // Rounding noise of the FFT is ~1e-16 per point; δ must stay well above what n such errors can add.
  const floor = 2.3e-16 * size;

  const epsilonEstimate = (delta: number) => Math.max(rem.epsilon(delta), add.epsilon(delta));
  return {
    epsilonUpper(delta) {
      const d = delta - deltaError;
      if (!(d > 10 * floor)) throw new RangeError(`δ = ${delta} is too small for the PRV accountant's numerics (grid of ${size} points)`);
      return epsilonEstimate(d) + actualEpsError;
    },
    deltaUpper(eps) {
      const e = eps - actualEpsError;
      return Math.min(1, Math.max(rem.delta(e), add.delta(e)) + deltaError + floor);
    },
    epsilonEstimate,
    epsError: actualEpsError,
    deltaError,
    grid,
    domain,
    table: () => table,
  };
}
