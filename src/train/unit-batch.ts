import type { Rng } from '../random/rng.js';
import type { UnitSegments } from '../model/families/dense-unit-clipped-sum.js';
import { poissonBatch } from './poisson.js';

/** A model's training rows grouped by privacy unit (CSR): rows of unit k are rows[start[k]..start[k+1]). */
export interface UnitGroups {
  /** Number of units U_m among the model's training rows. */
  count: number;
  start: Int32Array;
  rows: Int32Array;
  /** 0..count−1, the population that Poisson sampling draws from. */
  positions: Int32Array;
}

/**
 * Group `rows` (job row indices) by `unitOfRow` (unit of every job row). Units keep the order of their
 * first row in `rows`, and rows keep their order within a unit.
 */
export function groupRowsByUnit(rows: Int32Array, unitOfRow: Int32Array): UnitGroups {
  const pos = new Map<number, number>();
  const counts: number[] = [];
  for (const r of rows) {
    const u = unitOfRow[r];
    let k = pos.get(u);
    if (k === undefined) {
      k = counts.length;
      pos.set(u, k);
      counts.push(0);
    }
    counts[k]++;
  }
  const count = counts.length;
  const start = new Int32Array(count + 1);
  for (let k = 0; k < count; k++) start[k + 1] = start[k] + counts[k];
  const fill = start.slice(0, count);
  const out = new Int32Array(rows.length);
  for (const r of rows) out[fill[pos.get(unitOfRow[r]) as number]++] = r;
  return { count, start, rows: out, positions: Int32Array.from({ length: count }, (_, k) => k) };
}

/**
 * One user-level Poisson batch (docs/methods.md#user-level-dp): every unit joins independently with
 * probability q and brings all its rows. Returns the batch rows (units contiguous) and their segments.
 */
export function unitPoissonBatch(
  groups: UnitGroups,
  q: number,
  rng: Rng,
  scratch?: Int32Array,
): { rows: Int32Array; segments: UnitSegments } {
  const picked = poissonBatch(groups.positions, q, rng, scratch);
  let n = 0;
  for (const k of picked) n += groups.start[k + 1] - groups.start[k];
  const rows = new Int32Array(n);
  const seg = new Int32Array(n);
  let p = 0;
  for (let s = 0; s < picked.length; s++) {
    const k = picked[s];
    for (let i = groups.start[k]; i < groups.start[k + 1]; i++) {
      rows[p] = groups.rows[i];
      seg[p++] = s;
    }
  }
  return { rows, segments: { segmentOfRow: seg, units: picked.length } };
}
