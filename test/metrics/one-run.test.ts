import { test } from 'node:test';
import assert from 'node:assert/strict';
import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';
import binomialPmf from '@stdlib/stats-base-dists-binomial-pmf';
import { oneRunAudit, oneRunEpsilon, oneRunPValue, oneRunPValues } from '../../metrics/one-run.js';
import { DpauditError } from '../../src/errors.js';
import { Rng } from '../../src/random/rng.js';

/** p(ε) by explicit sums over the binomial pmf. */
function directP(eps: number, m: number, r: number, v: number, delta: number): number {
  const q = Math.exp(eps) / (1 + Math.exp(eps));
  const f = (u: number): number => {
    let s = 0;
    for (let j = Math.max(0, u); j <= r; j++) s += binomialPmf(j, r, q);
    return s;
  };
  let worst = 0;
  for (let i = 1; i <= v; i++) worst = Math.max(worst, (f(v - i) - f(v)) / i);
  return Math.min(1, f(v) + 2 * m * delta * worst);
}

test('p(ε) equals the direct binomial sum', () => {
  for (const [eps, m, r, v, delta] of [
    [1, 100, 20, 17, 1e-5],
    [0.5, 1000, 100, 70, 1e-5],
    [2, 500, 50, 45, 1e-3],
    [0, 10, 10, 5, 0],
    [3, 200, 40, 40, 1e-5],
  ]) {
    assert.ok(Math.abs(oneRunPValue(eps, m, r, v, delta) - directP(eps, m, r, v, delta)) < 1e-12, `${eps} ${m} ${r} ${v} ${delta}`);
  }
});

test('ε_lb: δ = 0, perfect guesses → q^r = 0.05 in closed form', () => {
  const r = 30;
  const q = 0.05 ** (1 / r);
  assert.ok(Math.abs(oneRunEpsilon(100, r, r, 0) - Math.log(q / (1 - q))) < 1e-8);
});

test('ε_lb is the boundary p(ε) = 0.05', () => {
  const e = oneRunEpsilon(1000, 100, 80, 1e-5);
  assert.ok(e > 0);
  assert.ok(oneRunPValue(e, 1000, 100, 80, 1e-5) < 0.05);
  assert.ok(oneRunPValue(e + 1e-6, 1000, 100, 80, 1e-5) >= 0.05);
  assert.equal(oneRunEpsilon(1000, 100, 50, 1e-5), 0); // chance level: no evidence
});

test('audit: guesses from fixed k⁺ / k⁻, v counted, ceiling = perfect attack', () => {
  const res = oneRunAudit([5, 4, 3, 2, 1, 0], [1, 0, 1, 0, 0, 1], { kPlus: 2, kMinus: 2, delta: 0 });
  assert.equal(res.r, 4);
  assert.equal(res.v, 2); // IN guesses: canary 0 ✓, canary 1 ✗; OUT guesses: canary 4 ✓, canary 5 ✗
  assert.equal(res.ceiling, oneRunEpsilon(6, 4, 4, 0));
  assert.equal(res.method, 'one-run');
  assert.equal(res.details.m, 6);
  assert.throws(() => oneRunAudit([1, 2], [1, 0], { kPlus: 2, kMinus: 1, delta: 0 }), DpauditError);
});

/** log C(r, j) exactly: the integer C(r, j) by BigInt, its log from its leading digits and its length. */
function logBinomExact(r: number, j: number): number {
  let c = 1n;
  for (let k = 0; k < j; k++) c = (c * BigInt(r - k)) / BigInt(k + 1);
  const s = c.toString();
  const lead = s.slice(0, 17);
  return Math.log(Number(lead)) + (s.length - lead.length) * Math.LN10;
}

/** log Σ exp(terms), for terms > −∞. */
function logSumExp(terms: number[]): number {
  const mx = Math.max(...terms);
  if (mx === -Infinity) return -Infinity;
  let s = 0;
  for (const t of terms) s += Math.exp(t - mx);
  return mx + Math.log(s);
}

/**
 * p(ε) in log space, term by term: log pmf(j) = log C(r, j) + j log q + (r − j) log(1 − q) with C(r, j) exact
 * (BigInt), tails and differences by log-sum-exp over the exact terms (no recurrence, no 1 − cdf).
 */
function logSpaceP(eps: number, m: number, r: number, v: number, delta: number): { p: number; logF: number } {
  const lq = -Math.log1p(Math.exp(-eps));
  const lq1 = -eps - Math.log1p(Math.exp(-eps));
  const lp = Array.from({ length: r + 1 }, (_, j) => logBinomExact(r, j) + j * lq + (r - j) * lq1);
  const logF = v === 0 ? 0 : logSumExp(lp.slice(v));
  let worst = 0;
  for (let i = 1; i <= v; i++) worst = Math.max(worst, Math.exp(logSumExp(lp.slice(v - i, v))) / i);
  return { p: Math.min(1, Math.exp(logF) + 2 * m * delta * worst), logF };
}

/** The former p(ε): tails as 1 − cdf by the regularized incomplete beta (accurate while the tail is ≫ 1e-16). */
function betaincP(eps: number, m: number, r: number, v: number, delta: number): number {
  const q = 1 / (1 + Math.exp(-eps));
  const fv = v <= 0 ? 1 : 1 - binomialCdf(v - 1, r, q);
  let worst = 0;
  if (delta > 0) {
    const top = binomialCdf(v - 1, r, q);
    for (let i = 1; i <= v; i++) worst = Math.max(worst, (top - (v - i - 1 < 0 ? 0 : binomialCdf(v - i - 1, r, q))) / i);
  }
  return Math.min(1, fv + 2 * m * delta * worst);
}

/** The former ε_lb: doubling, then bisection to width 1e-10, on the incomplete-beta p(ε). */
function bisectionEpsilon(m: number, r: number, v: number, delta: number, alpha = 0.05): number {
  if (betaincP(0, m, r, v, delta) >= alpha) return 0;
  let lo = 0;
  let hi = 1;
  while (betaincP(hi, m, r, v, delta) < alpha) {
    lo = hi;
    hi *= 2;
  }
  while (hi - lo > 1e-10) {
    const mid = 0.5 * (lo + hi);
    if (betaincP(mid, m, r, v, delta) < alpha) lo = mid;
    else hi = mid;
  }
  return lo;
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);

test('p(ε) matches the exact-coefficient log-space sum to 1e-9 relative, also in deep tails and at δ = 0', () => {
  for (const [eps, m, r, v, delta] of [
    [0, 1000, 100, 75, 0],
    [1, 1000, 100, 97, 0],
    [2.5, 1000, 1000, 970, 0],
    [1, 200000, 2000, 1500, 0],
    [0.5, 1000, 100, 70, 1e-5],
    [2, 500, 50, 45, 1e-3],
    [3, 200, 40, 40, 1e-5],
    [0, 5000, 500, 500, 0], // f(v) = 2^−500 ≈ 3e−151
    [0, 1000, 1000, 1000, 0], // 2^−1000 ≈ 9e−302
    [0, 5000, 1000, 900, 1e-5], // f(v) ~ 1e−168 under a δ term
    [0.2, 5000, 600, 590, 0],
    [6, 1000, 300, 1, 0], // f(v) ≈ 1
    [-1, 100, 60, 10, 1e-5], // ε < 0: q < ½
  ]) {
    const { p, logF } = logSpaceP(eps, m, r, v, delta);
    const got = oneRunPValue(eps, m, r, v, delta);
    assert.ok(got > 0, `p = 0 at ${[eps, m, r, v, delta]} (log f(v) = ${logF})`);
    assert.ok(rel(got, p) < 1e-9, `${[eps, m, r, v, delta]}: ${got} vs ${p}`);
  }
});

test('deep tails: p(ε) stays positive and relatively exact where 1 − cdf rounds to 0', () => {
  for (const [eps, r, v] of [
    [0, 600, 550],
    [1, 400, 400],
    [0.3, 1000, 980],
  ]) {
    const { p, logF } = logSpaceP(eps, 10000, r, v, 0);
    assert.ok(logF < Math.log(1e-16) && logF > Math.log(1e-300), `case ${[eps, r, v]} is not a deep tail (log f = ${logF})`);
    assert.ok(betaincP(eps, 10000, r, v, 0) < 1e-15, 'the incomplete-beta form is not exact here');
    const got = oneRunPValue(eps, 10000, r, v, 0);
    assert.ok(got > 0 && rel(got, p) < 1e-9, `${[eps, r, v]}: ${got} vs ${p}`);
  }
});

test('p(ε) agrees with the incomplete-beta formula where that one is accurate (tails ≥ 1e-6)', () => {
  let checked = 0;
  for (const [m, r] of [
    [1000, 100],
    [20000, 2000],
    [100000, 1000],
  ]) {
    for (const frac of [0.5, 0.6, 0.75, 0.9])
      for (const delta of [0, 1e-5, 1e-3])
        for (const eps of [0, 0.3, 1, 2.5]) {
          const v = Math.round(frac * r);
          const old = betaincP(eps, m, r, v, delta);
          if (old < 1e-6) continue;
          checked++;
          const got = oneRunPValue(eps, m, r, v, delta);
          assert.ok(rel(got, old) < 1e-9, `${[eps, m, r, v, delta]}: ${got} vs ${old}`);
        }
  }
  assert.ok(checked > 40, `${checked} cases`);
});

test('p-values of several v at one ε equal the single-v p-values; v = 0 and r = 0 give 1', () => {
  const vs = [0, 1, 40, 61, 77, 100];
  const many = oneRunPValues(1.3, 5000, 100, vs, 1e-5);
  for (const [k, v] of vs.entries()) assert.equal(many[k], oneRunPValue(1.3, 5000, 100, v, 1e-5));
  assert.equal(many[0], 1);
  assert.equal(oneRunPValue(2, 10, 0, 0, 1e-5), 1);
  assert.throws(() => oneRunPValues(1, 10, 5, [6], 0), DpauditError);
});

test('ε_lb equals the former bisection on the incomplete-beta p(ε) to 1e-8, and brackets the crossing to 1e-10', () => {
  for (const [m, r] of [
    [100, 10],
    [1000, 100],
    [100000, 1000],
    [20000, 2000],
  ]) {
    for (const frac of [0.5, 0.6, 0.75, 0.9, 1])
      for (const delta of [0, 1e-5, 1e-3]) {
        const v = Math.round(frac * r);
        const e = oneRunEpsilon(m, r, v, delta);
        const old = bisectionEpsilon(m, r, v, delta);
        assert.ok(Math.abs(e - old) < 1e-8, `${[m, r, v, delta]}: ${e} vs ${old}`);
        if (e > 0) {
          assert.ok(oneRunPValue(e, m, r, v, delta) < 0.05);
          assert.ok(oneRunPValue(e + 1e-10, m, r, v, delta) >= 0.05, `${[m, r, v, delta]}: not within 1e-10 of the crossing`);
        }
      }
  }
});

test('correct guesses equal the count over the index order sorted by score (ties by index), with many ties, ±0 and ±∞', () => {
  const rng = Rng.from('one-run-ties');
  for (let trial = 0; trial < 60; trial++) {
    const m = trial < 6 ? 20000 : 1 + Math.floor(rng.next() * 300);
    const levels = [-Infinity, -1, -0, 0, 0.5, 2, Infinity];
    const scores = Float64Array.from({ length: m }, () =>
      trial % 3 === 0 ? rng.normal() : levels[Math.floor(rng.next() * (trial % 3 === 1 ? 3 : levels.length))],
    );
    const included = Uint8Array.from({ length: m }, () => (rng.next() < 0.5 ? 1 : 0));
    const kPlus = Math.floor(rng.next() * (m + 1));
    const kMinus = Math.floor(rng.next() * (m - kPlus + 1));
    const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
    let v = 0;
    for (let k = 0; k < kPlus; k++) if (included[order[k]] === 1) v++;
    for (let k = m - kMinus; k < m; k++) if (included[order[k]] !== 1) v++;
    const res = oneRunAudit(scores, included, { kPlus, kMinus, delta: 1e-5 });
    assert.equal(res.v, v, `trial ${trial}: m ${m} k⁺ ${kPlus} k⁻ ${kMinus}`);
    assert.equal(res.r, kPlus + kMinus);
  }
});
