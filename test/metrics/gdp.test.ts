import { test } from 'node:test';
import assert from 'node:assert/strict';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { SortedScores } from '../../metrics/empirical-epsilon.js';
import { gdpDelta, gdpEpsilon, gdpEpsilonBound, muFromRates } from '../../metrics/gdp.js';
import { Rng } from '../../src/random/rng.js';

const Phi = (x: number): number => normalCdf(x, 0, 1);

test('δ(ε) of μ-GDP matches the closed form', () => {
  assert.ok(Math.abs(gdpDelta(2, 1) - (Phi(-1.5) - Math.exp(2) * Phi(-2.5))) < 1e-15);
  assert.ok(Math.abs(gdpDelta(0, 1) - (2 * Phi(0.5) - 1)) < 1e-15);
  assert.equal(gdpDelta(3, 0), 0);
});

test('ε(μ, δ) inverts δ(ε)', () => {
  for (const mu of [0.5, 1, 3]) {
    const e = gdpEpsilon(mu, 1e-5);
    assert.ok(Math.abs(gdpDelta(e, mu) - 1e-5) < 1e-12, `μ = ${mu}`);
  }
  assert.equal(gdpEpsilon(0.1, 0.2), 0); // δ(0) = 2Φ(0.05) − 1 ≈ 0.04 ≤ 0.2
});

test('μ from rates = Φ⁻¹(1 − FPR) − Φ⁻¹(FNR)', () => {
  assert.ok(Math.abs(muFromRates(0.1, 0.2) - (normalQuantile(0.9, 0, 1) - normalQuantile(0.2, 0, 1))) < 1e-14);
});

test('GDP bound is labelled and below the true μ on Gaussian data (μ = 1)', () => {
  const rng = new Rng(2);
  const s: number[] = [];
  const m: number[] = [];
  for (let i = 0; i < 20000; i++) {
    const member = i % 2;
    s.push(rng.normal() + member);
    m.push(member);
  }
  const b = gdpEpsilonBound(new SortedScores(s, m), { delta: 1e-5 });
  assert.match(b.label, /assumes μ-GDP/);
  const mu = Number(b.details.muLb);
  assert.ok(mu > 0.8 && mu < 1, `μ_lb = ${mu}`);
  assert.ok(Math.abs((b.epsilonLb ?? NaN) - gdpEpsilon(mu, 1e-5)) < 1e-12);
});
