import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_RDP_ORDERS } from '../../../src/privacy/orders.js';
import { composedRdp, logAFractional, logAInteger, rdpSubsampledGaussian, rdpToDelta, rdpToEpsilon } from '../../../src/privacy/rdp.js';

/** A_α by direct (non-log-space) binomial sum: Σ_k C(α,k) q^k (1−q)^{α−k} e^{(k²−k)/(2σ²)}. */
function directA(q: number, sigma: number, alpha: number): number {
  let s = 0;
  let c = 1;
  for (let k = 0; k <= alpha; k++) {
    s += c * q ** k * (1 - q) ** (alpha - k) * Math.exp((k * k - k) / (2 * sigma * sigma));
    c = (c * (alpha - k)) / (k + 1);
  }
  return s;
}

/** A_α = E_{x~N(0,σ²)}[(1 − q + q e^{(2x−1)/(2σ²)})^α] by trapezoid quadrature (independent of the series). */
function integralA(q: number, sigma: number, alpha: number): number {
  const lo = -20 * sigma;
  const hi = 20 * sigma + 1 + alpha; // the integrand's mass moves right with α
  const m = 200_000;
  const h = (hi - lo) / m;
  let s = 0;
  for (let i = 0; i <= m; i++) {
    const x = lo + i * h;
    const w = i === 0 || i === m ? 0.5 : 1;
    const ratio = 1 - q + q * Math.exp((2 * x - 1) / (2 * sigma * sigma));
    s += w * Math.exp(-0.5 * (x / sigma) ** 2 + alpha * Math.log(ratio));
  }
  return (s * h) / (sigma * Math.sqrt(2 * Math.PI));
}

test('default orders: 1.1 … 10.9 then 12 … 63 (151, no 11)', () => {
  assert.equal(DEFAULT_RDP_ORDERS.length, 151);
  assert.ok(Math.abs(DEFAULT_RDP_ORDERS[0] - 1.1) < 1e-12);
  assert.ok(Math.abs(DEFAULT_RDP_ORDERS[98] - 10.9) < 1e-12);
  assert.equal(DEFAULT_RDP_ORDERS[99], 12);
  assert.equal(DEFAULT_RDP_ORDERS[150], 63);
  assert.ok(!DEFAULT_RDP_ORDERS.includes(11));
});

test('q = 1 is the Gaussian mechanism: α/(2σ²), also as the limit of both general formulas', () => {
  for (const sigma of [0.7, 1, 3]) {
    for (const alpha of [2, 5, 32]) {
      assert.equal(rdpSubsampledGaussian(1, sigma, alpha), alpha / (2 * sigma * sigma));
      const general = logAInteger(1 - 1e-12, sigma, alpha) / (alpha - 1);
      assert.ok(Math.abs(general - alpha / (2 * sigma * sigma)) < 1e-6 * alpha, `integer α=${alpha} σ=${sigma}: ${general}`);
    }
    for (const alpha of [1.5, 4.3]) {
      const general = logAFractional(1 - 1e-10, sigma, alpha) / (alpha - 1);
      assert.ok(Math.abs(general - alpha / (2 * sigma * sigma)) < 1e-5 * alpha, `fractional α=${alpha} σ=${sigma}: ${general}`);
    }
  }
});

test('integer α: log-space sum equals the direct binomial sum', () => {
  for (const [q, sigma] of [
    [0.01, 1],
    [0.1, 0.8],
    [0.5, 2],
  ]) {
    for (let alpha = 2; alpha <= 8; alpha++) {
      const direct = Math.log(directA(q, sigma, alpha)) / (alpha - 1);
      const got = rdpSubsampledGaussian(q, sigma, alpha);
      assert.ok(Math.abs(got - direct) <= 1e-12 * Math.max(1, Math.abs(direct)), `q=${q} σ=${sigma} α=${alpha}: ${got} vs ${direct}`);
    }
  }
});

test('fractional α: the two-series form equals the defining integral', () => {
  for (const [q, sigma, alpha] of [
    [0.01, 1, 2.5],
    [0.05, 1.1, 8.1],
    [0.2, 2, 1.3],
    [0.003, 0.9, 5.7],
  ]) {
    const expected = Math.log(integralA(q, sigma, alpha)) / (alpha - 1);
    const got = rdpSubsampledGaussian(q, sigma, alpha);
    assert.ok(Math.abs(got - expected) <= 1e-7 * Math.max(expected, 1e-6), `q=${q} σ=${sigma} α=${alpha}: ${got} vs ${expected}`);
  }
});

test('fractional α is continuous at and between neighbouring integer orders', () => {
  const q = 0.01;
  const sigma = 1.1;
  for (const a of [3, 8, 20]) {
    const atInt = rdpSubsampledGaussian(q, sigma, a);
    for (const d of [-1e-6, 1e-6]) {
      const near = rdpSubsampledGaussian(q, sigma, a + d);
      assert.ok(Math.abs(near - atInt) < 1e-4 * atInt, `α=${a + d}: ${near} vs ${atInt}`);
    }
    // increasing in α between integers
    let prev = atInt;
    for (let k = 1; k <= 10; k++) {
      const v = rdpSubsampledGaussian(q, sigma, a + k / 10);
      assert.ok(v > prev, `RDP not increasing at α=${a + k / 10}`);
      prev = v;
    }
  }
});

test('special cases: q = 0 → 0, σ = 0 → ∞', () => {
  assert.equal(rdpSubsampledGaussian(0, 1, 5), 0);
  assert.equal(rdpSubsampledGaussian(0.1, 0, 5.5), Infinity);
  const r = rdpToEpsilon(DEFAULT_RDP_ORDERS, composedRdp([{ sampleRate: 0.1, noiseMultiplier: 0, steps: 3 }], DEFAULT_RDP_ORDERS), 1e-5);
  assert.equal(r.epsilon, Infinity);
  assert.equal(r.order, null);
});

test('documented check value (docs/methods.md#rdp): N=60000, B=256, σ=1.1, T=14063, δ=1e-5 → ε ≈ 2.597 at α = 8.1 (not the old 3.01)', () => {
  const rdp = composedRdp([{ sampleRate: 256 / 60000, noiseMultiplier: 1.1, steps: 14063 }], DEFAULT_RDP_ORDERS);
  const { epsilon, order } = rdpToEpsilon(DEFAULT_RDP_ORDERS, rdp, 1e-5);
  assert.ok(Math.abs(epsilon - 2.597) < 0.005, `ε = ${epsilon}`);
  assert.ok(order !== null && Math.abs(order - 8.1) < 1e-9, `α = ${order}`);
  // the older conversion R(α) + log(1/δ)/(α − 1) gives ≈ 3.01; that is not what is reported
  let old = Infinity;
  DEFAULT_RDP_ORDERS.forEach((a, i) => {
    old = Math.min(old, rdp[i] + Math.log(1 / 1e-5) / (a - 1));
  });
  assert.ok(Math.abs(old - 3.01) < 0.01, `old conversion ${old}`);
  assert.ok(old - epsilon > 0.4);
});

test('δ(ε) is the exact inverse of ε(δ) and non-increasing', () => {
  const rdp = composedRdp([{ sampleRate: 0.01, noiseMultiplier: 1, steps: 1000 }], DEFAULT_RDP_ORDERS);
  for (const delta of [1e-3, 1e-5, 1e-8]) {
    const { epsilon } = rdpToEpsilon(DEFAULT_RDP_ORDERS, rdp, delta);
    const back = rdpToDelta(DEFAULT_RDP_ORDERS, rdp, epsilon).delta;
    assert.ok(Math.abs(back - delta) < 1e-9 * delta, `δ=${delta}: round trip ${back}`);
  }
  let prev = 1;
  for (let e = 0; e <= 8; e += 0.25) {
    const d = rdpToDelta(DEFAULT_RDP_ORDERS, rdp, e).delta;
    assert.ok(d <= prev && d >= 0);
    prev = d;
  }
});
