import { Rng, type SeedPart } from '../random/rng.js';

/**
 * Inclusion masks of the reference fleet (docs/methods.md#attack-design): M models over n pool rows. Default: independent
 * Bernoulli(½) per (model, row). Switch `balanced`: every row is IN for exactly ⌊M/2⌋ or ⌈M/2⌉ models
 * (alternating when M is odd). Returned model-major: mask[m*n + i].
 */
export type MaskScheme = 'bernoulli' | 'balanced';

export function inclusionMasks(M: number, n: number, scheme: MaskScheme, seed: SeedPart[]): Uint8Array {
  const rng = Rng.from(...seed, 'masks', scheme);
  const mask = new Uint8Array(M * n);
  if (scheme === 'bernoulli') {
    for (let m = 0; m < M; m++) for (let i = 0; i < n; i++) mask[m * n + i] = rng.next() < 0.5 ? 1 : 0;
    return mask;
  }
  const order = Int32Array.from({ length: M }, (_, m) => m);
  for (let i = 0; i < n; i++) {
    rng.shuffle(order);
    const k = M % 2 === 0 ? M / 2 : (M - 1) / 2 + (i % 2);
    for (let j = 0; j < k; j++) mask[order[j] * n + i] = 1;
  }
  return mask;
}

/** Rows (as indices into `pool`) that model m includes. */
export function rowsOfModel(mask: Uint8Array, m: number, pool: Int32Array): Int32Array {
  const n = pool.length;
  let k = 0;
  for (let i = 0; i < n; i++) k += mask[m * n + i];
  const out = new Int32Array(k);
  let j = 0;
  for (let i = 0; i < n; i++) if (mask[m * n + i]) out[j++] = pool[i];
  return out;
}

/**
 * Inclusion masks over privacy units (docs/methods.md#user-level-dp): the masks of `inclusionMasks` drawn
 * over the distinct units of the pool (in order of their first row), then given to every row of the unit,
 * so that each patient's rows are all in or all out of every model. Returned row-level, model-major.
 */
export function unitInclusionMasks(M: number, pool: Int32Array, unitOfRow: Int32Array, scheme: MaskScheme, seed: SeedPart[]): Uint8Array {
  const pos = new Map<number, number>();
  const unitIndex = new Int32Array(pool.length);
  for (let i = 0; i < pool.length; i++) {
    const u = unitOfRow[pool[i]];
    let k = pos.get(u);
    if (k === undefined) {
      k = pos.size;
      pos.set(u, k);
    }
    unitIndex[i] = k;
  }
  const U = pos.size;
  const unitMask = inclusionMasks(M, U, scheme, [...seed, 'units']);
  const n = pool.length;
  const mask = new Uint8Array(M * n);
  for (let m = 0; m < M; m++) for (let i = 0; i < n; i++) mask[m * n + i] = unitMask[m * U + unitIndex[i]];
  return mask;
}

/**
 * Masks over records instead of rows: `unitOfPos[i]` is the record (0..units−1) of pool row i; every copy of
 * a record is IN or OUT together, so an attack's non-members are never copies of its members. With one row
 * per record (unitOfPos = identity) this equals `inclusionMasks(M, n, …)`.
 */
export function groupedInclusionMasks(M: number, unitOfPos: Int32Array, units: number, scheme: MaskScheme, seed: SeedPart[]): Uint8Array {
  const n = unitOfPos.length;
  const byUnit = inclusionMasks(M, units, scheme, seed);
  if (units === n) {
    let identity = true;
    for (let i = 0; i < n && identity; i++) identity = unitOfPos[i] === i;
    if (identity) return byUnit;
  }
  const mask = new Uint8Array(M * n);
  for (let m = 0; m < M; m++) for (let i = 0; i < n; i++) mask[m * n + i] = byUnit[m * units + unitOfPos[i]];
  return mask;
}
