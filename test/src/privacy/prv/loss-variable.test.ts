import { test } from 'node:test';
import assert from 'node:assert/strict';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { subsampledGaussianLoss } from '../../../../src/privacy/prv/loss-variable.js';

test('q = 1: both directions are N(1/(2σ²), 1/σ²)', () => {
  const sigma = 1.7;
  const mu = 1 / (2 * sigma * sigma);
  const s = 1 / sigma;
  const { remove, add } = subsampledGaussianLoss(1, sigma);
  for (const t of [-2, -0.3, 0, 0.1, 0.9, 3]) {
    const exact = normalCdf(t, mu, s);
    assert.ok(Math.abs(remove.cdf(t) - exact) < 1e-14, `remove t=${t}`);
    assert.ok(Math.abs(add.cdf(t) - exact) < 1e-14, `add t=${t}`);
  }
  // truncated mean of a normal: μ + s(φ(a') − φ(b'))/(Φ(b') − Φ(a'))
  const [a, b] = [-0.5, 1.2];
  const pdf = (z: number) => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
  const za = (a - mu) / s;
  const zb = (b - mu) / s;
  const expected = mu + (s * (pdf(za) - pdf(zb))) / (normalCdf(zb, 0, 1) - normalCdf(za, 0, 1));
  assert.ok(Math.abs(remove.truncatedMean(a, b) - expected) < 1e-10);
  assert.ok(Math.abs(add.truncatedMean(a, b) - expected) < 1e-10);
});

test('q < 1: cdf + sf = 1, supports, total variation at ε = 0, means are the KL divergences', () => {
  const q = 0.05;
  const sigma = 0.9;
  const { remove, add } = subsampledGaussianLoss(q, sigma);
  for (const t of [-1, Math.log1p(-q) - 1e-9, -0.01, 0, 0.02, 0.5, 4]) {
    assert.ok(Math.abs(remove.cdf(t) + remove.sf(t) - 1) < 1e-13);
    assert.ok(Math.abs(add.cdf(t) + add.sf(t) - 1) < 1e-13);
  }
  assert.equal(remove.cdf(Math.log1p(-q) - 1e-9), 0);
  assert.equal(add.sf(-Math.log1p(-q) + 1e-9), 0);
  // P_M[Y > 0] − P_Q[Y > 0] is the total variation q·(2Φ(1/(2σ)) − 1), for Y = g(x) > 0 ⇔ x > ½.
  const tv = q * (2 * normalCdf(1 / (2 * sigma), 0, 1) - 1);
  assert.ok(Math.abs(remove.sf(0) - (1 - normalCdf(0.5, 0, sigma)) - tv) < 1e-14);
  // add direction: −g(x) > 0 ⇔ x < ½ under Q = N(0, σ²)
  assert.ok(Math.abs(add.sf(0) - normalCdf(0.5, 0, sigma)) < 1e-14);
  // means are KL divergences, E_M[log M/Q] = KL(M‖Q) and E_Q[log Q/M] = KL(Q‖M), by direct quadrature
  const kl = (p: (x: number) => number, r: (x: number) => number) => {
    let s = 0;
    const h = 1e-3;
    for (let x = -12; x <= 13; x += h) s += p(x) * Math.log(p(x) / r(x)) * h;
    return s;
  };
  const Q = (x: number) => Math.exp(-0.5 * (x / sigma) ** 2) / (sigma * Math.sqrt(2 * Math.PI));
  const M = (x: number) => (1 - q) * Q(x) + q * Q(x - 1);
  assert.ok(Math.abs(remove.truncatedMean(-50, 50) - kl(M, Q)) < 1e-8);
  assert.ok(Math.abs(add.truncatedMean(-50, 50) - kl(Q, M)) < 1e-8);
});
