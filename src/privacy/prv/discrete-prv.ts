import { gridPoint, type Grid } from './grid.js';

/** A DiscretePrv as data: its grid, shift and tail sums (see DiscretePrv.toTable). */
export interface DiscretePrvTable {
  grid: Grid;
  shift: number;
  d1: Float64Array;
  d2: Float64Array;
}

/**
 * A discrete privacy loss distribution on a grid, with δ(ε) = Σ_{t_k ≥ ε} p_k (1 − e^{ε − t_k}) and its
 * inverse ε(δ), both exact for the discrete distribution (Opacus `DiscretePRV.compute_epsilon`).
 * Tail sums d1[k] = Σ_{j≥k} p_j and d2[k] = Σ_{j≥k} p_j e^{−t_j} make each query O(log n).
 */
export class DiscretePrv {
  readonly grid: Grid;
  readonly shift: number;
  private readonly d1: Float64Array;
  private readonly d2: Float64Array;

  private constructor(t: DiscretePrvTable) {
    this.grid = t.grid;
    this.shift = t.shift;
    this.d1 = t.d1;
    this.d2 = t.d2;
  }

  /** The distribution with probabilities `pmf` on the grid points shifted by `shift`. */
  static fromPmf(pmf: Float64Array, grid: Grid, shift: number): DiscretePrv {
    const n = grid.size;
    const d1 = new Float64Array(n + 1);
    const d2 = new Float64Array(n + 1);
    for (let k = n - 1; k >= 0; k--) {
      const p = pmf[k] > 0 ? pmf[k] : 0; // rounding noise of the FFT below 0 is dropped (raises δ: conservative)
      d1[k] = d1[k + 1] + p;
      d2[k] = d2[k + 1] + p * Math.exp(-gridPoint(grid, k, shift));
    }
    return new DiscretePrv({ grid, shift, d1, d2 });
  }

  /** Everything δ(ε) and ε(δ) read, as plain data (structured-cloneable: a worker can rebuild the same distribution). */
  toTable(): DiscretePrvTable {
    return { grid: { size: this.grid.size, mesh: this.grid.mesh }, shift: this.shift, d1: this.d1, d2: this.d2 };
  }

  /** The distribution of `toTable`, answering every query with the same bits. */
  static fromTable(t: DiscretePrvTable): DiscretePrv {
    const n = t.grid.size;
    if (!(t.d1 instanceof Float64Array && t.d2 instanceof Float64Array && t.d1.length === n + 1 && t.d2.length === n + 1))
      throw new RangeError('DiscretePrv table: tail sums do not match the grid');
    return new DiscretePrv({ grid: { size: n, mesh: t.grid.mesh }, shift: t.shift, d1: t.d1, d2: t.d2 });
  }

  t(k: number): number {
    return gridPoint(this.grid, k, this.shift);
  }

  /** Index of the first grid point ≥ ε (n when none). */
  private firstAtLeast(eps: number): number {
    const n = this.grid.size;
    let k = Math.ceil((eps - this.shift) / this.grid.mesh + n / 2);
    if (k < 0) k = 0;
    if (k > n) k = n;
    while (k > 0 && this.t(k - 1) >= eps) k--;
    while (k < n && this.t(k) < eps) k++;
    return k;
  }

  /** δ(ε) of the discrete distribution. */
  delta(eps: number): number {
    const k = this.firstAtLeast(eps);
    const d = this.d1[k] - Math.exp(eps) * this.d2[k];
    return d > 0 ? d : 0;
  }

  /** The smallest ε ≥ 0 with δ(ε) ≤ target (target > 0). */
  epsilon(target: number): number {
    if (!(target > 0)) return Infinity;
    if (this.delta(0) <= target) return 0;
    const n = this.grid.size;
    // δ(t_k) is non-increasing in k; find the first k with t_k > 0 and δ(t_k) ≤ target.
    let lo = this.firstAtLeast(0);
    let hi = n - 1; // δ(t_{n−1}) = 0
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.delta(this.t(mid)) <= target) hi = mid;
      else lo = mid + 1;
    }
    const k = lo;
    const left = k > 0 ? Math.max(0, this.t(k - 1)) : 0;
    // On (t_{k−1}, t_k], δ(ε) = d1[k] − e^ε·d2[k].
    if (this.d1[k] <= target) return left;
    const eps = Math.log((this.d1[k] - target) / this.d2[k]);
    return Math.min(this.t(k), Math.max(left, eps));
  }
}
