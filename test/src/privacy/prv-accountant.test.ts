import { test } from 'node:test';
import { epsilonFor } from '../../../src/privacy/registry.js';
import assert from 'node:assert/strict';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { PrvAccountant, profileFromTable } from '../../../src/privacy/prv-accountant.js';
import { RdpAccountant } from '../../../src/privacy/rdp-accountant.js';

/** Exact δ(ε) of the μ-GDP Gaussian mechanism: Φ(−ε/μ + μ/2) − e^ε Φ(−ε/μ − μ/2). */
function gaussianDelta(eps: number, mu: number): number {
  return normalCdf(-eps / mu + mu / 2, 0, 1) - Math.exp(eps) * normalCdf(-eps / mu - mu / 2, 0, 1);
}

/** Exact ε of the Gaussian mechanism at δ, by bisection (δ(ε) is decreasing). */
function gaussianEpsilon(delta: number, mu: number): number {
  let lo = 0;
  let hi = 100;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (gaussianDelta(mid, mu) > delta) lo = mid;
    else hi = mid;
  }
  return hi;
}

function prv(sigma: number, q: number, steps: number): PrvAccountant {
  const a = new PrvAccountant();
  a.step(sigma, q, steps);
  return a;
}

test('q = 0.01, σ = 1, T = 1000, δ = 1e-5: PRV ≈ 1.84 (RDP 2.10), an upper bound with its error stated', () => {
  const r = prv(1, 0.01, 1000).epsilon(1e-5);
  assert.equal(r.accountant, 'prv');
  assert.ok(Math.abs(r.epsilon - 1.84) < 0.01, `ε = ${r.epsilon}`);
  assert.ok(r.error !== undefined && r.error > 0 && r.error <= 0.01, `error ${r.error}`);
  const rdp = new RdpAccountant();
  rdp.step(1, 0.01, 1000);
  assert.ok(Math.abs(rdp.epsilon(1e-5).epsilon - 2.1) < 0.005);
});

test('PRV ≤ RDP on a grid of (q, σ, T)', () => {
  for (const q of [0.02, 0.2]) {
    for (const sigma of [0.8, 2]) {
      for (const steps of [10, 300]) {
        const p = prv(sigma, q, steps).epsilon(1e-5).epsilon;
        const r = new RdpAccountant();
        r.step(sigma, q, steps);
        const e = r.epsilon(1e-5).epsilon;
        assert.ok(p <= e, `q=${q} σ=${sigma} T=${steps}: PRV ${p} > RDP ${e}`);
      }
    }
  }
});

test('q = 1: PRV is at least the exact Gaussian ε and within 0.03 of it; heterogeneous composition too', () => {
  for (const [sigma, steps] of [
    [5, 100],
    [2, 10],
    [20, 400],
  ]) {
    const mu = Math.sqrt(steps) / sigma;
    const exact = gaussianEpsilon(1e-5, mu);
    const p = prv(sigma, 1, steps).epsilon(1e-5).epsilon;
    assert.ok(p >= exact && p <= exact + 0.03, `σ=${sigma} T=${steps}: PRV ${p}, exact ${exact}`);
  }
  // 30 steps at σ = 3 then 20 at σ = 2: μ² = 30/9 + 20/4
  const a = new PrvAccountant();
  a.step(3, 1, 30);
  a.step(2, 1, 20);
  assert.equal(a.history.length, 2);
  const exact = gaussianEpsilon(1e-6, Math.sqrt(30 / 9 + 20 / 4));
  const p = a.epsilon(1e-6).epsilon;
  assert.ok(p >= exact && p <= exact + 0.03, `heterogeneous: PRV ${p}, exact ${exact}`);
});

test('profile δ(ε): an upper bound on the exact Gaussian δ(ε), non-increasing, consistent with ε(δ)', () => {
  const sigma = 4;
  const steps = 64;
  const mu = Math.sqrt(steps) / sigma;
  const acc = prv(sigma, 1, steps);
  const profile = acc.profile();
  assert.match(profile.method, /prv/);
  let prev = 1;
  for (let e = 0; e <= 12; e += 0.5) {
    const d = profile.delta(e);
    assert.ok(d <= prev, `not monotone at ε=${e}`);
    assert.ok(d >= gaussianDelta(e, mu), `below the exact δ at ε=${e}: ${d}`);
    assert.ok(d <= gaussianDelta(e - 0.03, mu) + 1e-8, `too loose at ε=${e}: ${d}`);
    prev = d;
  }
  assert.equal(profile.delta(Infinity), 0);
  const sub = prv(1, 0.01, 1000);
  const subProfile = sub.profile();
  const { epsilon } = sub.epsilon(1e-5);
  const d = subProfile.delta(epsilon);
  assert.ok(d <= 1e-5 && d > 0.5e-5, `δ(ε(1e-5)) = ${d}`);
  assert.ok(subProfile.delta(epsilon - 0.05) > 1e-5);
});

test('degenerate histories: no steps → 0, σ = 0 → ∞', () => {
  const empty = new PrvAccountant();
  assert.equal(empty.epsilon(1e-5).epsilon, 0);
  assert.equal(empty.profile().delta(0.1), 0);
  const noiseless = prv(0, 0.1, 5);
  assert.equal(noiseless.epsilon(1e-5).epsilon, Infinity);
  assert.equal(noiseless.profile().delta(3), 1);
});

test('long compositions (T = 20 000) stay finite and below RDP (speed is measured by npm run bench)', () => {
  const r = prv(1, 0.004, 20000).epsilon(1e-5);
  const rdp = epsilonFor({ noiseMultiplier: 1, sampleRate: 0.004, steps: 20000, delta: 1e-5, accountant: 'rdp' });
  assert.ok(Number.isFinite(r.epsilon) && r.epsilon > 0);
  assert.ok(r.epsilon <= rdp.epsilon, `PRV ${r.epsilon} > RDP ${rdp.epsilon}`);
});

test('a PRV profile rebuilt from its table (after a structured clone, as between threads) gives the same δ(ε), bit for bit', () => {
  const acc = new PrvAccountant();
  acc.step(1.1, 0.05, 150);
  const p = acc.profile();
  const table = p.table?.();
  assert.ok(table, 'the PRV profile carries its table');
  const q = profileFromTable(structuredClone(table));
  assert.equal(q.method, p.method);
  let nonTrivial = 0;
  for (let eps = 0; eps <= 12; eps += 0.0137) {
    assert.equal(q.delta(eps), p.delta(eps), `ε = ${eps}`);
    if (p.delta(eps) > 1e-6 && p.delta(eps) < 1) nonTrivial++;
  }
  assert.ok(nonTrivial > 100);
  assert.equal(q.delta(Infinity), 0);
  // A table whose tail sums do not fit its grid is refused.
  const bad = structuredClone(table);
  bad.composed.add.d1 = bad.composed.add.d1.subarray(1);
  assert.throws(() => profileFromTable(bad), /tail sums/);
});
