import { N_METRICS } from './engine.js';
import { DISPARITY_KEYS, DISPARITY_VARIANTS, M, WORST_KEYS } from './types.js';

/**
 * Disparities and worst-group values of one grouping from its cells' metric vectors (docs/methods.md#disparities),
 * NaN = undefined. Groups whose metric is undefined are skipped. For a metric m:
 * - betweenGroups: difference = max − min over groups (≥ 2 defined), ratio = min / max (max = 0 → undefined);
 * - toOverall: difference = max |g − o|, ratio = min over groups of min(g/o, o/g) (o = 0 → undefined);
 * - toReference: the same with the reference group r in place of o (r = 0 → undefined).
 * demographicParity = selectionRate, equalOpportunity = tpr, accuracy; equalizedOddsDifference =
 * max(tpr, fpr differences), equalizedOddsRatio = min(tpr, fpr ratios) (undefined if either is).
 * The *ExcludingSmall variants leave out groups flagged small (and are undefined when the reference is small).
 */
export const DISPARITY_BLOCK = DISPARITY_VARIANTS.length * DISPARITY_KEYS.length + 2 * WORST_KEYS.length;

export interface GroupingContext {
  /** First slot of the grouping and its number of cells. */
  first: number;
  nCells: number;
  /** Slot of the overall population. */
  overallSlot: number;
  /** Slot of the reference group. */
  refSlot: number;
  /** small[slot] = 1 when the slot's group is below minGroupSize. */
  small: Uint8Array;
}

interface Pair {
  difference: number;
  ratio: number;
}

function between(mv: Float64Array, ctx: GroupingContext, m: number, excludeSmall: boolean): Pair {
  let lo = Infinity;
  let hi = -Infinity;
  let k = 0;
  for (let c = 0; c < ctx.nCells; c++) {
    const s = ctx.first + c;
    if (excludeSmall && ctx.small[s]) continue;
    const v = mv[s * N_METRICS + m];
    if (Number.isNaN(v)) continue;
    k++;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (k < 2) return { difference: NaN, ratio: NaN };
  return { difference: hi - lo, ratio: hi === 0 ? NaN : lo / hi };
}

function toTarget(mv: Float64Array, ctx: GroupingContext, m: number, target: number, excludeSmall: boolean): Pair {
  if (Number.isNaN(target)) return { difference: NaN, ratio: NaN };
  let diff = -Infinity;
  let ratio = Infinity;
  let k = 0;
  for (let c = 0; c < ctx.nCells; c++) {
    const s = ctx.first + c;
    if (excludeSmall && ctx.small[s]) continue;
    const v = mv[s * N_METRICS + m];
    if (Number.isNaN(v)) continue;
    k++;
    const d = Math.abs(v - target);
    if (d > diff) diff = d;
    const r = target === 0 ? NaN : Math.min(v / target, target / v);
    if (r < ratio || Number.isNaN(r)) ratio = r;
  }
  if (k === 0) return { difference: NaN, ratio: NaN };
  return { difference: diff, ratio };
}

/** Index of the defined minimum of metric m over the grouping's cells (−1 when none). */
export function argMinCell(mv: Float64Array, ctx: GroupingContext, m: number, excludeSmall: boolean): number {
  let best = -1;
  let bv = Infinity;
  for (let c = 0; c < ctx.nCells; c++) {
    const s = ctx.first + c;
    if (excludeSmall && ctx.small[s]) continue;
    const v = mv[s * N_METRICS + m];
    if (!Number.isNaN(v) && v < bv) {
      bv = v;
      best = c;
    }
  }
  return best;
}

/**
 * Write the grouping's disparity block into out[o ..]: for each variant (DISPARITY_VARIANTS order) the 8
 * DISPARITY_KEYS, then the worst-group values (WORST_KEYS) over all groups and excluding small groups.
 */
export function disparityBlock(mv: Float64Array, ctx: GroupingContext, out: Float64Array, o: number): void {
  const metrics = [M.selectionRate, M.tpr, M.fpr, M.accuracy];
  let w = o;
  for (const variant of DISPARITY_VARIANTS) {
    const excl = variant.endsWith('ExcludingSmall');
    const kind = variant.startsWith('between') ? 'between' : variant.startsWith('toOverall') ? 'overall' : 'reference';
    const [sel, tpr, fpr, acc] = metrics.map((m): Pair => {
      if (kind === 'between') return between(mv, ctx, m, excl);
      if (kind === 'overall') return toTarget(mv, ctx, m, mv[ctx.overallSlot * N_METRICS + m], excl);
      if (excl && ctx.small[ctx.refSlot]) return { difference: NaN, ratio: NaN };
      return toTarget(mv, ctx, m, mv[ctx.refSlot * N_METRICS + m], excl);
    });
    // DISPARITY_KEYS order
    out[w++] = sel.difference;
    out[w++] = sel.ratio;
    out[w++] = Math.max(tpr.difference, fpr.difference);
    out[w++] = Math.min(tpr.ratio, fpr.ratio);
    out[w++] = tpr.difference;
    out[w++] = tpr.ratio;
    out[w++] = acc.difference;
    out[w++] = acc.ratio;
  }
  for (const excl of [false, true]) {
    for (const key of WORST_KEYS) {
      const c = argMinCell(mv, ctx, M[key], excl);
      out[w++] = c < 0 ? NaN : mv[(ctx.first + c) * N_METRICS + M[key]];
    }
  }
}
