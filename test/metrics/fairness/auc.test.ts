import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rankOrder, weightedMannWhitney } from '../../../metrics/fairness/auc.js';
import { Rng } from '../../../src/random/rng.js';

/** Brute force: every (positive, negative) pair, weighted, ties ½. */
function bruteAuc(y: number[], s: number[], w: number[]): number | null {
  let num = 0;
  let wp = 0;
  let wn = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] === 1) wp += w[i];
    else wn += w[i];
    if (y[i] !== 1) continue;
    for (let j = 0; j < y.length; j++) {
      if (y[j] !== 0) continue;
      num += w[i] * w[j] * (s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0);
    }
  }
  return wp > 0 && wn > 0 ? num / (wp * wn) : null;
}

test('weighted rank-sum AUC per slot equals the brute-force pair count with ties, for every grouping', () => {
  const rng = new Rng(11);
  for (let trial = 0; trial < 30; trial++) {
    const n = 5 + rng.int(60);
    const y = Array.from({ length: n }, () => (rng.bernoulli(0.4) ? 1 : 0));
    const s = Array.from({ length: n }, () => rng.int(5) / 4); // many ties
    const w = Array.from({ length: n }, () => (trial % 2 === 0 ? 1 : rng.int(4))); // bootstrap-like multiplicities incl. 0
    const cell = Array.from({ length: n }, () => rng.int(3));
    // two groupings: overall (slot 0) and cells (slots 1..3)
    const G = 2;
    const sortedSlotsByRow = new Int32Array(n * G);
    const ro = rankOrder(s, y);
    for (let p = 0; p < n; p++) {
      sortedSlotsByRow[p * G] = 0;
      sortedSlotsByRow[p * G + 1] = 1 + cell[ro.order[p]];
    }
    const U = new Float64Array(4);
    weightedMannWhitney(ro, Int32Array.from(w), sortedSlotsByRow, G, U, new Float64Array(4), new Float64Array(4));
    for (let slot = 0; slot < 4; slot++) {
      const keep = (i: number) => slot === 0 || cell[i] === slot - 1;
      const idx = y.map((_, i) => i).filter(keep);
      const expected = bruteAuc(
        idx.map((i) => y[i]),
        idx.map((i) => s[i]),
        idx.map((i) => w[i]),
      );
      let wp = 0;
      let wn = 0;
      for (const i of idx) y[i] === 1 ? (wp += w[i]) : (wn += w[i]);
      const got = wp > 0 && wn > 0 ? U[slot] / (wp * wn) : null;
      if (expected === null) assert.equal(got, null);
      else assert.ok(Math.abs((got as number) - expected) < 1e-12, `trial ${trial} slot ${slot}: ${got} vs ${expected}`);
    }
  }
});
