import { test } from 'node:test';
import assert from 'node:assert/strict';
import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import {
  bestSplitThreshold,
  boundAtCounts,
  cpEpsilonBonferroni,
  cpEpsilonSplit,
  epsilonFromRateBounds,
  quantileThresholds,
  SortedScores,
} from '../../metrics/empirical-epsilon.js';
import { Rng } from '../../src/random/rng.js';

const cpUp = (k: number, n: number, a: number): number => (k === n ? 1 : betaQuantile(1 - a, k + 1, n - k));

test('ε_lb formula on a hand case', () => {
  // FPR_ub = 0.1, FNR_ub = 0.2, δ = 0: max{0, log(0.8/0.1), log(0.9/0.2)} = log 8
  assert.ok(Math.abs(epsilonFromRateBounds(0.1, 0.2, 0) - Math.log(8)) < 1e-15);
  // with δ = 0.05: max{log(0.75/0.1), log(0.85/0.2)} = log 7.5
  assert.ok(Math.abs(epsilonFromRateBounds(0.1, 0.2, 0.05) - Math.log(7.5)) < 1e-15);
  // the second term wins when the attack is better at catching non-members: FPR_ub 0.5, FNR_ub 0.01 → log(0.5/0.01)
  assert.ok(Math.abs(epsilonFromRateBounds(0.5, 0.01, 0) - Math.log(50)) < 1e-12);
  // no evidence → 0
  assert.equal(epsilonFromRateBounds(0.6, 0.6, 0), 0);
});

test('bound at counts uses one-sided CP at α/2 per side', () => {
  const b = boundAtCounts({ tp: 80, fp: 5, nIn: 100, nOut: 100 }, 0.025, 1e-5);
  const fprUb = betaQuantile(0.975, 6, 95);
  const fnrUb = betaQuantile(0.975, 21, 80);
  assert.equal(b.fprUb, fprUb);
  assert.equal(b.fnrUb, fnrUb);
  assert.ok(Math.abs(b.epsilon - Math.max(0, Math.log((1 - fnrUb - 1e-5) / fprUb), Math.log((1 - fprUb - 1e-5) / fnrUb))) < 1e-14);
});

test('quantile thresholds are order statistics at (j + ½)/100, deduplicated', () => {
  const sorted = Float64Array.from({ length: 200 }, (_, i) => i);
  const t = quantileThresholds(sorted);
  assert.equal(t.length, 100);
  assert.equal(t[0], 1);
  assert.equal(t[99], 199);
  assert.deepEqual(Array.from(quantileThresholds(Float64Array.from([0, 0, 0, 1]))), [0, 1]);
});

test('Bonferroni bound equals brute force over the 100 quantile thresholds', () => {
  const rng = new Rng(11);
  const s: number[] = [];
  const m: number[] = [];
  for (let i = 0; i < 400; i++) {
    const member = i % 2;
    s.push(rng.normal() + 2 * member);
    m.push(member);
  }
  const delta = 1e-5;
  const sorted = [...s].sort((a, b) => a - b);
  const ts = [...new Set(Array.from({ length: 100 }, (_, j) => sorted[Math.floor(((j + 0.5) / 100) * 400)]))];
  const side = 0.05 / (2 * ts.length);
  let best = 0;
  for (const t of ts) {
    let tp = 0;
    let fp = 0;
    s.forEach((v, i) => {
      if (v >= t) m[i] === 1 ? tp++ : fp++;
    });
    const fprUb = cpUp(fp, 200, side);
    const fnrUb = cpUp(200 - tp, 200, side);
    best = Math.max(best, Math.log((1 - fnrUb - delta) / fprUb), Math.log((1 - fprUb - delta) / fnrUb));
  }
  const r = cpEpsilonBonferroni(s, m, { delta });
  assert.ok(Math.abs((r.epsilonLb ?? NaN) - best) < 1e-12);
  assert.equal(r.label, 'multi-run, assumes independent trials');
  assert.equal(r.details.thresholdsTested, 100);
});

test('split bound: perfect separation gives the CP ceiling of the evaluation half; deterministic per seed', () => {
  const s = Array.from({ length: 400 }, (_, i) => i);
  const m = s.map((i) => (i >= 200 ? 1 : 0));
  const r = cpEpsilonSplit(s, m, { delta: 0, rng: new Rng(1) });
  // evaluation half: 100 members, 100 non-members, the chosen threshold separates them: FPR_ub = FNR_ub = CP(0, 100) at α/2.
  const u = cpUp(0, 100, 0.025);
  assert.ok(Math.abs((r.epsilonLb ?? NaN) - Math.log((1 - u) / u)) < 1e-12);
  assert.equal(r.details.nIn, 100);
  assert.equal(r.details.nOut, 100);
  assert.deepEqual(cpEpsilonSplit(s, m, { delta: 0, rng: new Rng(5) }), cpEpsilonSplit(s, m, { delta: 0, rng: new Rng(5) }));
});

test('split bound under no leakage is positive in at most ~α of seeds', () => {
  let positive = 0;
  for (let seed = 0; seed < 40; seed++) {
    const rng = new Rng(['null', seed]);
    const s = Array.from({ length: 600 }, () => rng.normal());
    const m = s.map((_, i) => i % 2);
    if ((cpEpsilonSplit(s, m, { delta: 1e-5, rng }).epsilonLb ?? 0) > 0) positive++;
  }
  assert.ok(positive <= 6, `${positive} of 40`);
});

test('SortedScores: each side sorted, and all() equals the typed-array sort of the pooled scores (ties, ±0, ±∞, subset)', async () => {
  const { SortedScores } = await import('../../metrics/empirical-epsilon.js');
  const { Rng } = await import('../../src/random/rng.js');
  const rng = new Rng(['sorted-scores']);
  const n = 5000;
  const pool = [0, -0, 1, -1, 0.5, Infinity, -Infinity];
  const scores = Float64Array.from({ length: n }, (_, i) =>
    i % 3 === 0 ? pool[rng.int(pool.length)] : Math.round(rng.normal() * 20) / 10,
  );
  const member = Uint8Array.from({ length: n }, () => (rng.next() < 0.4 ? 1 : 0));
  const subset = Int32Array.from({ length: 1200 }, () => rng.int(n));
  for (const sub of [undefined, subset]) {
    const s = new SortedScores(scores, member, sub);
    const idx = sub ? Array.from(sub) : Array.from({ length: n }, (_, i) => i);
    const want = Float64Array.from(idx, (i) => scores[i]).sort();
    const got = s.all();
    assert.equal(got.length, want.length);
    for (let k = 0; k < want.length; k++) assert.ok(Object.is(got[k], want[k]), `position ${k}: ${got[k]} vs ${want[k]}`);
    const inWant = Float64Array.from(
      idx.filter((i) => member[i] === 1),
      (i) => scores[i],
    ).sort();
    assert.deepEqual(Array.from(s.inScores), Array.from(inWant));
    assert.equal(s.nIn + s.nOut, idx.length);
  }
});

test('bestSplitThreshold equals a plain scan over every threshold (first maximum), with ties and degenerate scores', () => {
  const rng = new Rng(11);
  for (let trial = 0; trial < 60; trial++) {
    const n = 20 + Math.floor(rng.next() * 400);
    const shift = trial % 3 === 0 ? 0 : rng.next() * 2;
    const levels = trial % 4 === 0 ? 5 : 0; // coarse scores: many ties and repeated counts
    const scores = new Float64Array(n);
    const member = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      member[i] = rng.next() < 0.5 ? 1 : 0;
      const z = rng.normal() + member[i] * shift;
      scores[i] = levels ? Math.round(z * levels) / levels : z;
    }
    if (trial === 1) member.fill(1, 0, n >> 1).fill(0, n >> 1); // scores unrelated to membership order
    const sel = new SortedScores(scores, member);
    if (sel.nIn === 0 || sel.nOut === 0) continue;
    const ts = [...new Set(Array.from(sel.all()).reverse())];
    const delta = trial % 2 ? 0 : 1e-3;
    let bestT = Infinity;
    let bestEps = -1;
    for (const t of ts) {
      const e = boundAtCounts(sel.countsAt(t), 0.025, delta).epsilon;
      if (e > bestEps) {
        bestEps = e;
        bestT = t;
      }
    }
    assert.equal(bestSplitThreshold(sel, ts, 0.025, delta), bestT, `trial ${trial}`);
  }
});
