import { test } from 'node:test';
import assert from 'node:assert/strict';
import binomialPmf from '@stdlib/stats-base-dists-binomial-pmf';
import { oneRunAudit, oneRunEpsilon, oneRunPValue } from '../../metrics/one-run.js';
import { DpauditError } from '../../src/errors.js';

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
