import { test } from 'node:test';
import assert from 'node:assert/strict';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { aucBootstrapCi } from '../../metrics/auc-ci.js';
import { percentileInterval, strataOf, stratifiedWeights } from '../../metrics/bootstrap.js';
import { descendingOrder } from '../../metrics/roc.js';
import { Rng } from '../../src/random/rng.js';

function data(seed: number, n: number): { s: Float64Array; m: Uint8Array } {
  const rng = new Rng(seed);
  const s = new Float64Array(2 * n);
  const m = new Uint8Array(2 * n);
  for (let i = 0; i < 2 * n; i++) {
    m[i] = i % 2;
    s[i] = rng.normal() + m[i];
  }
  return { s, m };
}

test('bootstrap CI: seeded, covers the true AUC, width close to the Hanley–McNeil normal approximation', () => {
  const { s, m } = data(4, 2000);
  const a = aucBootstrapCi(s, m, new Rng(9), { replicates: 400 })!;
  const b = aucBootstrapCi(s, m, new Rng(9), { replicates: 400 })!;
  assert.deepEqual(a, b);
  const A = normalCdf(1 / Math.SQRT2, 0, 1);
  assert.ok(a.lower < A && A < a.upper, `${a.lower} ${a.upper} vs ${A}`);
  const q1 = A / (2 - A);
  const q2 = (2 * A * A) / (1 + A);
  const se = Math.sqrt((A * (1 - A) + 1999 * (q1 - A * A) + 1999 * (q2 - A * A)) / (2000 * 2000));
  const width = a.upper - a.lower;
  assert.ok(Math.abs(width - 2 * 1.96 * se) < 0.25 * 2 * 1.96 * se, `width ${width} vs ${2 * 1.96 * se}`);
  assert.match(a.method, /bootstrap/);
});

test('null without both classes; perfect separation gives [1, 1]', () => {
  assert.equal(aucBootstrapCi([1, 2], [1, 1], new Rng(1)), null);
  const ci = aucBootstrapCi([0, 1, 2, 3], [0, 0, 1, 1], new Rng(1), { replicates: 50 })!;
  assert.equal(ci.lower, 1);
  assert.equal(ci.upper, 1);
});

/** The replicate AUCs by the direct definition: stratified weights per sorted position, weighted Mann–Whitney pair count. */
function naiveReplicates(scores: Float64Array, member: Uint8Array, rng: Rng, B: number): Float64Array {
  const order = descendingOrder(scores);
  const n = order.length;
  const m = Int32Array.from(order, (i) => member[i]);
  const strata = strataOf(m, 2);
  const w = new Int32Array(n);
  const out = new Float64Array(B);
  let nIn = 0;
  for (const x of m) nIn += x;
  for (let r = 0; r < B; r++) {
    stratifiedWeights(rng, strata, w);
    let u = 0;
    for (let p = 0; p < n; p++) {
      if (m[p] !== 1) continue;
      for (let q = 0; q < n; q++) {
        if (m[q] !== 0) continue;
        const a = scores[order[p]];
        const b = scores[order[q]];
        if (a > b) u += w[p] * w[q];
        else if (a === b) u += 0.5 * w[p] * w[q];
      }
    }
    out[r] = u / (nIn * (n - nIn));
  }
  return out;
}

test('bootstrap CI equals the direct computation on the same seeded resamples (ties, unequal classes)', () => {
  const rng = new Rng(7);
  const n = 301;
  const s = new Float64Array(n);
  const mem = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    mem[i] = rng.next() < 0.35 ? 1 : 0;
    s[i] = Math.round(4 * (rng.normal() + 0.7 * mem[i])) / 4; // many ties
  }
  const B = 60;
  const reps = naiveReplicates(s, mem, new Rng(['ci', 2]), B);
  const iv = percentileInterval(reps, 0.9)!;
  const ci = aucBootstrapCi(s, mem, new Rng(['ci', 2]), { replicates: B, level: 0.9 })!;
  assert.equal(ci.lower, iv.lower);
  assert.equal(ci.upper, iv.upper);
});
