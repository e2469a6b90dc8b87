import { test } from 'node:test';
import assert from 'node:assert/strict';
import { descendingOrder, downsampleRoc, rocAdvantage, rocAuc, rocCurve, summarizeRoc } from '../../metrics/roc.js';
import { Rng } from '../../src/random/rng.js';

function bruteAuc(s: ArrayLike<number>, m: ArrayLike<number>): number {
  let u = 0;
  let pairs = 0;
  for (let i = 0; i < s.length; i++)
    for (let j = 0; j < s.length; j++) {
      if (m[i] === 1 && m[j] === 0) {
        pairs++;
        u += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0;
      }
    }
  return u / pairs;
}

/** max over every candidate threshold (each score and +∞) of TPR − FPR, by direct counting. */
function bruteAdvantage(s: number[], m: number[]): number {
  const nIn = m.filter((x) => x === 1).length;
  const nOut = m.length - nIn;
  let best = 0;
  for (const t of [...s, Infinity]) {
    let tp = 0;
    let fp = 0;
    s.forEach((v, i) => {
      if (v >= t) m[i] === 1 ? tp++ : fp++;
    });
    best = Math.max(best, tp / nIn - fp / nOut);
  }
  return best;
}

test('hand case with ties: AUC, advantage, curve', () => {
  // scores 3(m) 2(m) 2(n) 1(n) 1(m) 0(n): pairs (m,n): 3>all 3 → 3; 2 vs {2: ½, 1, 0} → 2.5; 1 vs {2: 0, 1: ½, 0: 1} → 1.5
  const s = [3, 2, 2, 1, 1, 0];
  const m = [1, 1, 0, 0, 1, 0];
  const c = rocCurve(s, m);
  assert.deepEqual(Array.from(c.tp), [0, 1, 2, 3, 3]);
  assert.deepEqual(Array.from(c.fp), [0, 0, 1, 2, 3]);
  assert.equal(rocAuc(c), 7 / 9);
  assert.ok(Math.abs((rocAdvantage(c) ?? NaN) - 1 / 3) < 1e-15); // t = 2: 2/3 − 1/3; t = 3: 1/3 − 0
  const sum = summarizeRoc(c);
  assert.ok(Math.abs((sum.balancedAccuracy ?? NaN) - 2 / 3) < 1e-15);
  assert.deepEqual(sum.points[0], { fpr: 0, tpr: 0 });
  assert.deepEqual(sum.points[sum.points.length - 1], { fpr: 1, tpr: 1 });
});

test('AUC and advantage equal brute force on random tied data', () => {
  const rng = new Rng(7);
  for (let rep = 0; rep < 20; rep++) {
    const n = 30 + rng.int(40);
    const s = Array.from({ length: n }, () => rng.int(8));
    const m = Array.from({ length: n }, () => (rng.bernoulli(0.4) ? 1 : 0));
    if (!m.includes(1) || !m.includes(0)) continue;
    const c = rocCurve(s, m);
    assert.ok(Math.abs((rocAuc(c) ?? NaN) - bruteAuc(s, m)) < 1e-12);
    assert.ok(Math.abs((rocAdvantage(c) ?? NaN) - bruteAdvantage(s, m)) < 1e-12);
  }
});

test('undefined without members or non-members', () => {
  const c = rocCurve([1, 2], [1, 1]);
  assert.equal(rocAuc(c), null);
  assert.equal(summarizeRoc(c).advantage, null);
  assert.equal(summarizeRoc(c).balancedAccuracy, null);
});

test('downsampling keeps ≤ 200 points, both ends, sorted, on the curve', () => {
  const rng = new Rng(3);
  const n = 5000;
  const s = Array.from({ length: n }, () => rng.normal());
  const m = Array.from({ length: n }, () => (rng.bernoulli(0.5) ? 1 : 0));
  const c = rocCurve(s, m);
  const pts = downsampleRoc(c);
  assert.ok(pts.length <= 200 && pts.length > 150, `${pts.length}`);
  assert.deepEqual(pts[0], { fpr: 0, tpr: 0 });
  assert.deepEqual(pts[pts.length - 1], { fpr: 1, tpr: 1 });
  const onCurve = new Set(Array.from(c.tp, (tp, k) => `${c.fp[k] / c.nOut},${tp / c.nIn}`));
  for (let k = 0; k < pts.length; k++) {
    assert.ok(onCurve.has(`${pts[k].fpr},${pts[k].tpr}`));
    if (k > 0) assert.ok(pts[k].fpr >= pts[k - 1].fpr && pts[k].tpr >= pts[k - 1].tpr);
  }
  // the log-spaced part resolves low FPR
  assert.ok(pts.some((p) => p.fpr > 0 && p.fpr <= 0.002));
});

test('descendingOrder: the radix path gives the comparison sort (ties by index, ±0 equal, ±∞, subsets)', () => {
  const rng = new Rng(['order', 1]);
  const n = 5000;
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = rng.next();
    s[i] =
      u < 0.1
        ? 0
        : u < 0.15
          ? -0
          : u < 0.17
            ? Infinity
            : u < 0.19
              ? -Infinity
              : u < 0.5
                ? Math.round(rng.normal() * 8) / 8
                : rng.normal() * 1e-300 * (u < 0.6 ? 1 : 1e300);
  }
  const cmp = (idx: Int32Array) => Int32Array.from(idx).sort((a, b) => s[b] - s[a] || a - b);
  assert.deepEqual(descendingOrder(s), cmp(Int32Array.from({ length: n }, (_, i) => i)));
  const sub = Int32Array.from({ length: n }, (_, i) => i).filter((i) => i % 3 !== 1);
  assert.deepEqual(descendingOrder(s, sub), cmp(sub));
  const shuffled = Int32Array.from(sub).reverse();
  assert.deepEqual(descendingOrder(s, shuffled), cmp(sub));
});
