import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  epsDeltaBlowUpInverse,
  fdpEpsDeltaLowerBound,
  fdpMuLowerBound,
  fdpOneRun,
  fdpRejects,
  gdpBlowUpInverse,
  profileBlowUpInverse,
} from '../../metrics/fdp-one-run.js';
import { oneRunEpsilon, oneRunAudit } from '../../metrics/one-run.js';
import { gdpDelta, gdpEpsilon } from '../../metrics/gdp.js';
import { Phi } from '../../src/math/normal.js';
import { Rng } from '../../src/random/rng.js';
import { binomialUpperPValue } from '../../src/selftest/binomial-test.js';

test('m = 1000, 100 guesses all correct: μ-GDP ε 5.55 vs Steinke–Nasr–Jagielski 3.47 (δ = 1e-5)', () => {
  const mu = fdpMuLowerBound(1000, 100, 100);
  assert.ok(Math.abs(gdpEpsilon(mu, 1e-5) - 5.55) < 0.01, `μ ${mu}, ε ${gdpEpsilon(mu, 1e-5)}`);
  assert.ok(Math.abs(oneRunEpsilon(1000, 100, 100, 1e-5) - 3.47) < 0.01);
  const r = fdpOneRun({ m: 1000, r: 100, v: 100 }, { delta: 1e-5 });
  assert.equal(r.ceiling, r.epsilonLb);
  assert.equal(r.gdpCeiling, r.gdpEpsilonLb);
});

test('pure ε-DP (δ = 0), all guesses correct: the f-DP test agrees with the Steinke–Nasr–Jagielski bound', () => {
  for (const [m, r] of [
    [1000, 100],
    [2000, 1000],
    [400, 200],
  ]) {
    const f = fdpEpsDeltaLowerBound(m, r, r, 0);
    const s = oneRunEpsilon(m, r, r, 0);
    assert.ok(Math.abs(f - s) < 2e-3, `m ${m} r ${r}: f-DP ${f} vs SNJ ${s}`);
  }
});

test('μ = 0 (no leakage): the recursion rejects no more often than the exact binomial tail of fair guesses', () => {
  const id = gdpBlowUpInverse(0);
  assert.ok(Math.abs(id(0.3) - 0.3) < 1e-12);
  // With B⁻¹(y) = y the guesses are fair coins: rejecting at level α needs P[Bin(r, ½) ≥ v] small.
  for (const r of [20, 50, 100]) {
    for (let v = 0; v <= r; v++) {
      if (fdpRejects(id, 1000, r, v, 0.05)) assert.ok(binomialUpperPValue(v, r, 0.5) < 0.05, `r ${r} v ${v}`);
    }
    assert.equal(fdpRejects(id, 1000, r, Math.round(r / 2), 0.05), false);
    assert.equal(fdpRejects(id, 1000, r, r, 0.05), true);
  }
});

test('rejection is monotone: a weaker curve (larger μ or ε) is rejected only if the stronger one is', () => {
  for (const v of [60, 75, 90, 100]) {
    let prev = true;
    for (const mu of [0, 0.2, 0.5, 1, 2, 4]) {
      const rej = fdpRejects(gdpBlowUpInverse(mu), 1000, 100, v, 0.05);
      assert.ok(prev || !rej, `v ${v} μ ${mu}`);
      prev = rej;
    }
    prev = true;
    for (const e of [0, 0.5, 1, 2, 4]) {
      const rej = fdpRejects(epsDeltaBlowUpInverse(e, 1e-5), 1000, 100, v, 0.05);
      assert.ok(prev || !rej, `v ${v} ε ${e}`);
      prev = rej;
    }
  }
});

test('validity: on an exactly μ-GDP mechanism the μ curve is rejected in at most ~α of 300 seeded one-run audits', () => {
  const mu = 1;
  const m = 1000;
  let rejections = 0;
  const trials = 300;
  for (let t = 0; t < trials; t++) {
    const rng = Rng.from('fdp-validity', t);
    const scores = new Float64Array(m);
    const inc = new Uint8Array(m);
    for (let j = 0; j < m; j++) {
      inc[j] = rng.next() < 0.5 ? 1 : 0;
      scores[j] = rng.normal() + (inc[j] ? mu : 0);
    }
    const a = oneRunAudit(scores, inc, { delta: 1e-5, kPlus: 50, kMinus: 50 });
    if (fdpRejects(gdpBlowUpInverse(mu), m, a.r, a.v, 0.05)) rejections++;
  }
  // One-sided exact binomial test of rate ≤ 0.05 at level 0.01.
  assert.ok(binomialUpperPValue(rejections, trials, 0.05) >= 0.01, `${rejections}/${trials} rejections`);
});

test('profile B⁻¹ of a μ-GDP profile matches Φ(Φ⁻¹(y) − μ) and never exceeds it (conservative)', () => {
  const mu = 1;
  const b = profileBlowUpInverse({ method: 'gdp', delta: (e) => gdpDelta(e, mu) });
  const exact = gdpBlowUpInverse(mu);
  for (const y of [1e-6, 1e-4, 0.01, 0.1, 0.3, 0.5, 0.8, 0.95, 0.999]) {
    assert.ok(b(y) <= exact(y) + 1e-12, `y ${y}: ${b(y)} > ${exact(y)}`);
    assert.ok(b(y) >= exact(y) * 0.97 - 1e-4, `y ${y}: ${b(y)} ≪ ${exact(y)}`);
  }
  assert.ok(Math.abs(Phi(0) - 0.5) < 1e-12);
  // The accountant-curve test then agrees with the μ test on a clear case.
  assert.equal(fdpRejects(b, 1000, 100, 100, 0.05), fdpRejects(exact, 1000, 100, 100, 0.05));
  const r = fdpOneRun({ m: 1000, r: 100, v: 100 }, { delta: 1e-5, profile: { method: 'gdp', delta: (e) => gdpDelta(e, mu) } });
  assert.equal(r.claimedCurve?.rejected, true);
  assert.equal(r.claimedCurve?.rejectableAtCeiling, true);
});
