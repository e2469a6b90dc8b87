import { test } from 'node:test';
import assert from 'node:assert/strict';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { aucDeLongCi, deLongMoments } from '../../metrics/auc-ci.js';
import { descendingOrder } from '../../metrics/roc.js';
import { Rng } from '../../src/random/rng.js';

/** Placement values and DeLong's variance by the definition: every (member, non-member) pair, O(n_in·n_out). */
function naiveDeLong(scores: ArrayLike<number>, member: ArrayLike<number>) {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < scores.length; i++) (member[i] === 1 ? xs : ys).push(scores[i]);
  const psi = (x: number, y: number) => (x > y ? 1 : x === y ? 0.5 : 0);
  const v10 = xs.map((x) => ys.reduce((s, y) => s + psi(x, y), 0) / ys.length);
  const v01 = ys.map((y) => xs.reduce((s, x) => s + psi(x, y), 0) / xs.length);
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
  const sampleVar = (a: number[]) => {
    const m = mean(a);
    return a.reduce((s, v) => s + (v - m) ** 2, 0) / (a.length - 1);
  };
  const s10 = sampleVar(v10);
  const s01 = sampleVar(v01);
  return { auc: mean(v10), aucFromOut: mean(v01), s10, s01, variance: s10 / xs.length + s01 / ys.length };
}

function logitInterval(auc: number, variance: number, level: number): [number, number] {
  const z = normalQuantile((1 + level) / 2, 0, 1);
  const half = (z * Math.sqrt(variance)) / (auc * (1 - auc));
  const l = Math.log(auc / (1 - auc));
  return [1 / (1 + Math.exp(-(l - half))), 1 / (1 + Math.exp(-(l + half)))];
}

const close = (a: number, b: number, rel = 1e-12) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(b));

test('hand-computed: members 3, 2, 1 against non-members 2, 0', () => {
  // V10: 3 beats both (1), 2 ties one and beats one (¾), 1 beats one (½); V01: 2 is beaten by 3 and tied
  // with 2 (1.5/3 = ½), 0 is beaten by all (1). AUC = ¾; s10 = (¼² + 0 + ¼²)/2 = 1/16, s01 = (¼² + ¼²)/1 = ⅛;
  // variance = (1/16)/3 + (1/8)/2 = 1/12.
  const m = deLongMoments([3, 2, 1, 2, 0], [1, 1, 1, 0, 0], descendingOrder([3, 2, 1, 2, 0]))!;
  assert.equal(m.auc, 0.75);
  assert.ok(close(m.s10, 1 / 16));
  assert.ok(close(m.s01, 1 / 8));
  assert.ok(close(m.variance, 1 / 12));
  const ci = aucDeLongCi([3, 2, 1, 2, 0], [1, 1, 1, 0, 0])!;
  // logit ¾ = ln 3; half-width z·√(1/12)/(¾·¼) on the logit scale.
  const half = (1.959963984540054 * Math.sqrt(1 / 12)) / (3 / 16);
  assert.ok(close(ci.lower, 1 / (1 + Math.exp(half) / 3), 1e-9), `${ci.lower}`);
  assert.ok(close(ci.upper, 1 / (1 + Math.exp(-half) / 3), 1e-9), `${ci.upper}`);
  assert.equal(ci.level, 0.95);
  assert.match(ci.method, /DeLong/);
  assert.match(ci.method, /logit/);
  assert.match(ci.method, /independent/);
});

test('placements and variance equal the pairwise definition (many ties, unequal sides, any input order)', () => {
  for (const [seed, n, pIn, grid] of [
    [7, 301, 0.35, 4],
    [8, 57, 0.8, 1],
    [9, 200, 0.5, 100],
  ] as const) {
    const rng = new Rng(seed);
    const s = new Float64Array(n);
    const mem = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      mem[i] = rng.next() < pIn ? 1 : 0;
      s[i] = Math.round(grid * (rng.normal() + 0.7 * mem[i])) / grid;
    }
    const want = naiveDeLong(s, mem);
    const got = deLongMoments(s, mem, descendingOrder(s))!;
    assert.ok(close(got.auc, want.auc) && close(got.auc, want.aucFromOut), `${seed}: auc ${got.auc} vs ${want.auc}`);
    assert.ok(close(got.s10, want.s10, 1e-9), `${seed}: s10 ${got.s10} vs ${want.s10}`);
    assert.ok(close(got.s01, want.s01, 1e-9), `${seed}: s01 ${got.s01} vs ${want.s01}`);
    assert.ok(close(got.variance, want.variance, 1e-9));
    for (const level of [0.9, 0.95, 0.99]) {
      const ci = aucDeLongCi(s, mem, { level })!;
      const [lo, hi] = logitInterval(want.auc, want.variance, level);
      assert.ok(close(ci.lower, lo, 1e-9) && close(ci.upper, hi, 1e-9), `${seed} @ ${level}: [${ci.lower}, ${ci.upper}] vs [${lo}, ${hi}]`);
      assert.ok(0 < ci.lower && ci.lower < want.auc && want.auc < ci.upper && ci.upper < 1);
    }
    // A subset is the same as the data restricted to it.
    const subset = Int32Array.from({ length: Math.floor(n / 2) }, (_, k) => 2 * k);
    const sub = naiveDeLong(
      Array.from(subset, (i) => s[i]),
      Array.from(subset, (i) => mem[i]),
    );
    const ciSub = aucDeLongCi(s, mem, { subset })!;
    const [lo, hi] = logitInterval(sub.auc, sub.variance, 0.95);
    assert.ok(close(ciSub.lower, lo, 1e-9) && close(ciSub.upper, hi, 1e-9));
  }
});

test('the logit interval stays inside (0, 1) where the raw-scale Wald interval would not', () => {
  // Near-perfect separation: non-members 0..29, members 28..57 (two of 900 pairs lost, AUC = 898/900).
  // AUC + z·SE crosses 1 on the raw scale; the logit interval does not.
  const s = Float64Array.from({ length: 60 }, (_, i) => (i < 30 ? i : i - 2));
  const mem = Uint8Array.from({ length: 60 }, (_, i) => (i < 30 ? 0 : 1));
  const want = naiveDeLong(s, mem);
  assert.ok(close(want.auc, 898 / 900), `auc ${want.auc}`);
  assert.ok(want.auc + 1.96 * Math.sqrt(want.variance) > 1, 'the raw-scale Wald interval would leave [0, 1]');
  const ci = aucDeLongCi(s, mem)!;
  assert.ok(ci.lower > 0 && ci.lower < want.auc && want.auc < ci.upper && ci.upper < 1, `[${ci.lower}, ${ci.upper}]`);
  // Mirrored scores: AUC ↦ 1 − AUC and the interval mirrors with it.
  const flipped = aucDeLongCi(
    Array.from(s, (v) => -v),
    mem,
  )!;
  assert.ok(close(flipped.lower, 1 - ci.upper, 1e-9) && close(flipped.upper, 1 - ci.lower, 1e-9));
});

test('edge cases: a side empty → null; AUC 0 or 1 or every score tied → a point; one pair on a side → null', () => {
  assert.equal(aucDeLongCi([1, 2], [1, 1]), null);
  assert.equal(aucDeLongCi([1, 2], [0, 0]), null);
  assert.equal(aucDeLongCi([], []), null);
  assert.deepEqual(
    [aucDeLongCi([0, 1, 2, 3], [0, 0, 1, 1])].map((c) => c && [c.lower, c.upper]),
    [[1, 1]],
  );
  assert.deepEqual(
    [aucDeLongCi([0, 1, 2, 3], [1, 1, 0, 0])].map((c) => c && [c.lower, c.upper]),
    [[0, 0]],
  );
  // A single member above every non-member: AUC 1 still gives the point.
  assert.deepEqual(
    [aucDeLongCi([5, 1, 2, 3], [1, 0, 0, 0])].map((c) => c && [c.lower, c.upper]),
    [[1, 1]],
  );
  // All tied: every placement is ½, SE 0.
  assert.deepEqual(
    [aucDeLongCi([2, 2, 2, 2, 2], [1, 0, 1, 0, 0])].map((c) => c && [c.lower, c.upper]),
    [[0.5, 0.5]],
  );
  // One member in the middle: no sample variance of V10.
  assert.equal(aucDeLongCi([1, 2, 3, 4], [0, 1, 0, 0]), null);
  assert.throws(() => aucDeLongCi([0, 1], [0, 1], { level: 1 }), /confidence level/);
});

/** Stratified percentile bootstrap by the definition: resample each side with replacement, AUC of each resample. */
function naiveBootstrapInterval(s: Float64Array, mem: Uint8Array, rng: Rng, B: number, level: number): [number, number] {
  // Distinct values ascending; each pair's AUC contribution depends only on the two values.
  const values = [...new Set(s)].sort((a, b) => a - b);
  const indexOf = new Map(values.map((v, k) => [v, k]));
  const ins: number[] = [];
  const outs: number[] = [];
  for (let i = 0; i < s.length; i++) (mem[i] === 1 ? ins : outs).push(indexOf.get(s[i]) as number);
  const cx = new Float64Array(values.length);
  const cy = new Float64Array(values.length);
  const reps = new Float64Array(B);
  for (let r = 0; r < B; r++) {
    cx.fill(0);
    cy.fill(0);
    for (let d = 0; d < outs.length; d++) cy[outs[rng.index(outs.length)]]++;
    for (let d = 0; d < ins.length; d++) cx[ins[rng.index(ins.length)]]++;
    // Per value: the drawn members there times the drawn non-members below, plus ½ those tied.
    let u = 0;
    let below = 0;
    for (let k = 0; k < values.length; k++) {
      u += cx[k] * (below + 0.5 * cy[k]);
      below += cy[k];
    }
    reps[r] = u / (ins.length * outs.length);
  }
  reps.sort();
  const q = (p: number) => {
    const h = (B - 1) * p;
    const lo = Math.floor(h);
    return reps[lo] + (h - lo) * (reps[Math.min(lo + 1, B - 1)] - reps[lo]);
  };
  return [q((1 - level) / 2), q((1 + level) / 2)];
}

test('n = 20,000: the DeLong interval agrees with a stratified percentile bootstrap (width within 10 %)', () => {
  const rng = new Rng(11);
  const n = 20_000;
  const s = new Float64Array(n);
  const mem = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    mem[i] = rng.next() < 0.4 ? 1 : 0;
    s[i] = Math.round(20 * (rng.normal() + 0.5 * mem[i])) / 20;
  }
  const ci = aucDeLongCi(s, mem)!;
  const [blo, bhi] = naiveBootstrapInterval(s, mem, new Rng(12), 2000, 0.95);
  const w = ci.upper - ci.lower;
  const bw = bhi - blo;
  assert.ok(Math.abs(w - bw) < 0.1 * bw, `DeLong width ${w} vs bootstrap ${bw}`);
  assert.ok(Math.abs((ci.lower + ci.upper) / 2 - (blo + bhi) / 2) < 0.1 * bw, `centres [${ci.lower}, ${ci.upper}] vs [${blo}, ${bhi}]`);
});

test('coverage: 95 % intervals cover the binormal AUC Φ(d/√2) in about 95 % of 400 seeded data sets', () => {
  const d = 1.2;
  const A = normalCdf(d / Math.SQRT2, 0, 1);
  const rng = new Rng(13);
  const trials = 400;
  let covered = 0;
  for (let t = 0; t < trials; t++) {
    const n = 300;
    const s = new Float64Array(n);
    const mem = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      mem[i] = i < 100 ? 1 : 0;
      s[i] = rng.normal() + d * mem[i];
    }
    const ci = aucDeLongCi(s, mem)!;
    if (ci.lower <= A && A <= ci.upper) covered++;
  }
  // Binomial SD at 95 % over 400 trials is 1.1 %; a miscalibrated variance (e.g. missing one side's term) falls far outside.
  assert.ok(covered / trials > 0.92 && covered / trials < 0.98, `coverage ${covered / trials}`);
});
