import { DpauditError } from '../src/errors.js';
import type { Rng } from '../src/random/rng.js';
import { cpUpper } from './clopper-pearson.js';

/**
 * Empirical ε lower bounds from a membership score (docs/methods.md#empirical-epsilon; Jagielski et al. 2020, Nasr et al. 2021).
 * For a threshold t (member ⇔ score ≥ t), with one-sided Clopper–Pearson upper bounds FPR_ub and FNR_ub
 * at level α/2 each and TPR_lb = 1 − FNR_ub:
 *   ε_lb = max{0, log((TPR_lb − δ)/FPR_ub), log((1 − FPR_ub − δ)/FNR_ub)}.
 * The threshold must not be chosen on the data the bound is computed on: `split` (default) chooses it on a
 * seeded random half and bounds on the other half; `bonferroni` takes the max over the distinct values
 * among the 100 quantiles of the pooled scores at level α/T. Pooled (model, row) decisions are treated
 * as independent Bernoulli trials, which rows of one training run are not: "multi-run, assumes independent
 * trials".
 */
export interface EpsilonBound {
  /** "clopper-pearson-split", "clopper-pearson-bonferroni", "gdp", "one-run". */
  method: string;
  epsilonLb: number | null;
  /** Assumptions in words. */
  label: string;
  alpha: number;
  details: Record<string, number | string | boolean | null>;
}

export type ThresholdSelection = 'split' | 'bonferroni';

export const MULTI_RUN_LABEL = 'multi-run, assumes independent trials';
export const QUANTILE_COUNT = 100;

/** The ε_lb formula for given one-sided upper bounds on FPR and FNR. */
export function epsilonFromRateBounds(fprUb: number, fnrUb: number, delta: number): number {
  const tprLb = 1 - fnrUb;
  let eps = 0;
  if (tprLb - delta > 0 && fprUb > 0) eps = Math.max(eps, Math.log((tprLb - delta) / fprUb));
  if (1 - fprUb - delta > 0 && fnrUb > 0) eps = Math.max(eps, Math.log((1 - fprUb - delta) / fnrUb));
  return eps;
}

export interface ThresholdCounts {
  /** Members with score ≥ t. */
  tp: number;
  /** Non-members with score ≥ t. */
  fp: number;
  nIn: number;
  nOut: number;
}

export interface ThresholdBound extends ThresholdCounts {
  fprUb: number;
  fnrUb: number;
  tprLb: number;
  epsilon: number;
}

/** CP bounds at `sideAlpha` per side and ε_lb at one threshold's counts. */
export function boundAtCounts(c: ThresholdCounts, sideAlpha: number, delta: number): ThresholdBound {
  const fprUb = cpUpper(c.fp, c.nOut, sideAlpha);
  const fnrUb = cpUpper(c.nIn - c.tp, c.nIn, sideAlpha);
  return { ...c, fprUb, fnrUb, tprLb: 1 - fnrUb, epsilon: epsilonFromRateBounds(fprUb, fnrUb, delta) };
}

/** Members' and non-members' scores sorted ascending, for counting score ≥ t by binary search. */
export class SortedScores {
  readonly inScores: Float64Array;
  readonly outScores: Float64Array;
  constructor(scores: ArrayLike<number>, isMember: ArrayLike<number>, subset?: ArrayLike<number>) {
    if (scores.length !== isMember.length)
      throw new DpauditError(`scores (${scores.length}) and membership (${isMember.length}) differ in length`);
    const n = subset ? subset.length : scores.length;
    let nIn = 0;
    for (let k = 0; k < n; k++) {
      const i = subset ? subset[k] : k;
      if (Number.isNaN(scores[i])) throw new DpauditError(`membership score ${i} is NaN`);
      if (isMember[i] === 1) nIn++;
    }
    const a = new Float64Array(nIn);
    const b = new Float64Array(n - nIn);
    for (let k = 0, ia = 0, ib = 0; k < n; k++) {
      const i = subset ? subset[k] : k;
      if (isMember[i] === 1) a[ia++] = scores[i];
      else b[ib++] = scores[i];
    }
    this.inScores = a.sort();
    this.outScores = b.sort();
  }
  get nIn(): number {
    return this.inScores.length;
  }
  get nOut(): number {
    return this.outScores.length;
  }
  countsAt(t: number): ThresholdCounts {
    return {
      tp: this.inScores.length - lowerBound(this.inScores, t),
      fp: this.outScores.length - lowerBound(this.outScores, t),
      nIn: this.nIn,
      nOut: this.nOut,
    };
  }
  /** All scores, ascending (a merge of the two sorted sides; −0 before +0 as the typed-array sort orders them). */
  all(): Float64Array {
    const a = this.inScores;
    const b = this.outScores;
    const out = new Float64Array(a.length + b.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < a.length && j < b.length) {
      const x = a[i];
      const y = b[j];
      if (x < y || (x === y && (x !== 0 || 1 / x <= 1 / y))) out[k++] = a[i++];
      else out[k++] = b[j++];
    }
    while (i < a.length) out[k++] = a[i++];
    while (j < b.length) out[k++] = b[j++];
    return out;
  }
}

/** First index with a[k] ≥ t in an ascending array. */
function lowerBound(a: Float64Array, t: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The distinct values among the `count` quantiles of the pooled scores, as order statistics
 * sorted[floor(p_j · N)] at p_j = (j + ½)/count, j = 0..count−1 (label-independent, no interpolation).
 */
export function quantileThresholds(sortedAll: Float64Array, count = QUANTILE_COUNT): Float64Array {
  const N = sortedAll.length;
  const out: number[] = [];
  for (let j = 0; j < count && N > 0; j++) {
    const v = sortedAll[Math.min(N - 1, Math.floor(((j + 0.5) / count) * N))];
    if (out.length === 0 || out[out.length - 1] !== v) out.push(v);
  }
  return Float64Array.from(out);
}

/**
 * Bonferroni family over the quantile thresholds: each threshold gets CP bounds at α/(2T) per side, so
 * all 2T bounds hold simultaneously with probability ≥ 1 − α. Shared by the CP-Bonferroni ε bound,
 * the GDP μ bound and the violation check.
 */
export interface BonferroniFamily {
  bounds: ThresholdBound[];
  thresholdsTested: number;
  sideAlpha: number;
}

export function bonferroniFamily(sorted: SortedScores, alpha: number, delta: number, count = QUANTILE_COUNT): BonferroniFamily {
  checkAlphaDelta(alpha, delta);
  const ts = quantileThresholds(sorted.all(), count);
  const T = ts.length;
  const sideAlpha = alpha / (2 * Math.max(1, T));
  const bounds = Array.from(ts, (t) => boundAtCounts(sorted.countsAt(t), sideAlpha, delta));
  return { bounds, thresholdsTested: T, sideAlpha };
}

function checkAlphaDelta(alpha: number, delta: number): void {
  if (!(alpha > 0 && alpha < 1)) throw new DpauditError(`α must be in (0, 1), got ${alpha}`);
  if (!(delta >= 0 && delta < 1)) throw new DpauditError(`δ must be in [0, 1), got ${delta}`);
}

function requireBothSides(s: SortedScores, what: string): void {
  if (s.nIn === 0 || s.nOut === 0) throw new DpauditError(`${what} needs members and non-members (got ${s.nIn} and ${s.nOut})`);
}

/** Clopper–Pearson ε_lb with the Bonferroni correction over the quantile thresholds. */
export function cpEpsilonBonferroni(
  scores: ArrayLike<number>,
  isMember: ArrayLike<number>,
  opts: { alpha?: number; delta: number; subset?: ArrayLike<number> },
): EpsilonBound {
  const alpha = opts.alpha ?? 0.05;
  const sorted = new SortedScores(scores, isMember, opts.subset);
  requireBothSides(sorted, 'the ε lower bound');
  return cpEpsilonBonferroniSorted(sorted, alpha, opts.delta);
}

export function cpEpsilonBonferroniSorted(sorted: SortedScores, alpha: number, delta: number, family?: BonferroniFamily): EpsilonBound {
  const fam = family ?? bonferroniFamily(sorted, alpha, delta);
  let best: ThresholdBound | null = null;
  for (const b of fam.bounds) if (best === null || b.epsilon > best.epsilon) best = b;
  return {
    method: 'clopper-pearson-bonferroni',
    epsilonLb: best === null ? null : best.epsilon,
    label: MULTI_RUN_LABEL,
    alpha,
    details: {
      delta,
      nIn: sorted.nIn,
      nOut: sorted.nOut,
      thresholdsTested: fam.thresholdsTested,
      perSideAlpha: fam.sideAlpha,
      thresholds: `distinct values among the ${QUANTILE_COUNT} quantiles of the pooled scores`,
      fprUb: best?.fprUb ?? null,
      tprLb: best?.tprLb ?? null,
    },
  };
}

/**
 * Candidate thresholds for the selection half: the score at predicted-member counts 1..50, then growing
 * geometrically (×1.05), from both ends of the order (the low end serves the second term of the formula).
 */
function candidateThresholds(sortedAsc: Float64Array): number[] {
  const N = sortedAsc.length;
  const counts = new Set<number>();
  for (let c = 1; c <= N; c = c < 50 ? c + 1 : Math.ceil(c * 1.05)) {
    counts.add(c);
    counts.add(N - c + 1);
  }
  const out = new Set<number>();
  for (const c of counts) if (c >= 1 && c <= N) out.add(sortedAsc[N - c]);
  return [...out];
}

/**
 * The first of `thresholds` (in their order) whose CP ε_lb on `sel` is the largest: the same answer as evaluating
 * every threshold, found by branch and bound. ε_lb falls as either CP upper bound rises and each CP upper bound
 * is at least its point estimate, so ε at the point estimates (fp/nOut, fn/nIn; +∞ when either count is 0)
 * bounds ε_lb from above. Thresholds are visited in descending order of that bound and the search stops once the
 * bound cannot beat the best found (ties go to the earlier threshold, as in a plain scan).
 */
export function bestSplitThreshold(sel: SortedScores, thresholds: readonly number[], sideAlpha: number, delta: number): number {
  const T = thresholds.length;
  if (T === 0) return Infinity;
  const counts = thresholds.map((t) => sel.countsAt(t));
  const cap = new Float64Array(T);
  for (let j = 0; j < T; j++) {
    const c = counts[j];
    const fn = c.nIn - c.tp;
    cap[j] = c.fp === 0 || fn === 0 ? Infinity : epsilonFromRateBounds(c.fp / c.nOut, fn / c.nIn, delta);
  }
  const order = Array.from({ length: T }, (_, j) => j).sort((a, b) => cap[b] - cap[a] || a - b);
  const fprUb = new Map<number, number>();
  const fnrUb = new Map<number, number>();
  let bestEps = -1;
  let best = -1;
  for (const j of order) {
    if (cap[j] < bestEps || (cap[j] === bestEps && j > best)) break;
    const c = counts[j];
    let f = fprUb.get(c.fp);
    if (f === undefined) fprUb.set(c.fp, (f = cpUpper(c.fp, c.nOut, sideAlpha)));
    const fn = c.nIn - c.tp;
    let g = fnrUb.get(fn);
    if (g === undefined) fnrUb.set(fn, (g = cpUpper(fn, c.nIn, sideAlpha)));
    const eps = epsilonFromRateBounds(f, g, delta);
    if (eps > bestEps || (eps === bestEps && j < best)) {
      bestEps = eps;
      best = j;
    }
  }
  return thresholds[best];
}

/**
 * Split selection (default): a seeded random half, stratified by membership, chooses the threshold that
 * maximises the CP ε_lb computed on that half; the other half bounds it at α (α/2 per side).
 */
export function cpEpsilonSplit(
  scores: ArrayLike<number>,
  isMember: ArrayLike<number>,
  opts: { alpha?: number; delta: number; rng: Rng; subset?: ArrayLike<number> },
): EpsilonBound {
  const alpha = opts.alpha ?? 0.05;
  checkAlphaDelta(alpha, opts.delta);
  const n = opts.subset ? opts.subset.length : scores.length;
  const ins: number[] = [];
  const outs: number[] = [];
  for (let k = 0; k < n; k++) {
    const i = opts.subset ? opts.subset[k] : k;
    (isMember[i] === 1 ? ins : outs).push(i);
  }
  if (ins.length < 2 || outs.length < 2)
    throw new DpauditError(`the split ε lower bound needs at least 2 members and 2 non-members (got ${ins.length} and ${outs.length})`);
  opts.rng.shuffle(ins);
  opts.rng.shuffle(outs);
  const hIn = Math.floor(ins.length / 2);
  const hOut = Math.floor(outs.length / 2);
  const select = Int32Array.from([...ins.slice(0, hIn), ...outs.slice(0, hOut)]);
  const evaluate = Int32Array.from([...ins.slice(hIn), ...outs.slice(hOut)]);
  const sel = new SortedScores(scores, isMember, select);
  const ev = new SortedScores(scores, isMember, evaluate);
  const bestT = bestSplitThreshold(sel, candidateThresholds(sel.all()), alpha / 2, opts.delta);
  const b = boundAtCounts(ev.countsAt(bestT), alpha / 2, opts.delta);
  return {
    method: 'clopper-pearson-split',
    epsilonLb: b.epsilon,
    label: MULTI_RUN_LABEL,
    alpha,
    details: {
      delta: opts.delta,
      selection: 'seeded random half (stratified by membership) chooses the threshold; the other half bounds it',
      nInSelect: sel.nIn,
      nOutSelect: sel.nOut,
      nIn: ev.nIn,
      nOut: ev.nOut,
      perSideAlpha: alpha / 2,
      fprUb: b.fprUb,
      tprLb: b.tprLb,
    },
  };
}
