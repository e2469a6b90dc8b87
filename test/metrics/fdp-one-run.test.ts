import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  blowUpInverseEnvelope,
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
import { createAccountant } from '../../src/privacy/registry.js';
import { defaultEpsilonGrid } from '../../metrics/overlay.js';

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

/** The direct B⁻¹ of a profile on the ε grid: max over every ε of both lines, clamped (one y at a time, O(G)). */
function naiveEnvelope(grid: ArrayLike<number>, delta: ArrayLike<number>, ys: ArrayLike<number>): Float64Array {
  const out = new Float64Array(ys.length);
  for (let i = 0; i < ys.length; i++) {
    let best = 0;
    for (let k = 0; k < grid.length; k++) {
      const e = Math.exp(grid[k]);
      const d = Math.min(1, Math.max(0, delta[k]));
      const a = (ys[i] - d) / e;
      const b = 1 - d - e * (1 - ys[i]);
      if (a > best) best = a;
      if (b > best) best = b;
    }
    out[i] = Math.min(1, best);
  }
  return out;
}

const tableYs = (() => {
  const N = 20001;
  const lmin = Math.log(1e-15);
  return Float64Array.from({ length: N }, (_, i) => (i === N - 1 ? 1 : Math.exp(lmin + (i * -lmin) / (N - 1))));
})();

function assertSameEnvelope(grid: Float64Array, delta: Float64Array, ys: Float64Array, what: string): void {
  const got = blowUpInverseEnvelope(grid, delta, ys);
  const want = naiveEnvelope(grid, delta, ys);
  let worst = 0;
  for (let i = 0; i < ys.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
  assert.ok(worst <= 1e-15, `${what}: max |envelope − direct max| = ${worst}`);
}

test('B⁻¹ table: the upper envelope equals the direct max over all ε on the accountants’ profiles of a subsampled Gaussian', () => {
  const grid = defaultEpsilonGrid();
  const ys = tableYs.filter((_, i) => i % 8 === 0 || i > 19900);
  for (const name of ['prv', 'rdp'] as const) {
    for (const [sigma, q, steps] of [
      [1.1, 256 / 4700, 2000],
      [0.6, 0.01, 500],
      [5, 0.1, 100],
    ]) {
      const acc = createAccountant(name);
      acc.step(sigma, q, steps);
      const p = acc.profile();
      assertSameEnvelope(
        grid,
        Float64Array.from(grid, (e) => p.delta(e)),
        ys,
        `${name} σ ${sigma} q ${q} T ${steps}`,
      );
    }
  }
  // Wired into the memoised table: read at the grid points it reproduces the direct max.
  const acc = createAccountant('prv');
  acc.step(1.1, 256 / 4700, 2000);
  const p = acc.profile();
  const binv = profileBlowUpInverse(p);
  assert.equal(profileBlowUpInverse(p), binv);
  const some = Float64Array.from(
    [1e-12, 1e-6, 1e-3, 0.05, 0.3, 0.7, 0.99, 1],
    (y) => tableYs[Math.round(((Math.log(y) - Math.log(1e-15)) / -Math.log(1e-15)) * 20000)],
  );
  const want = naiveEnvelope(
    grid,
    Float64Array.from(grid, (e) => p.delta(e)),
    some,
  );
  for (const [i, y] of some.entries()) assert.ok(Math.abs(binv(y) - want[i]) <= 1e-15, `y ${y}: ${binv(y)} vs ${want[i]}`);
});

test('B⁻¹ envelope on synthetic profiles: repeated ε, tied lines, lines that never reach the envelope, NaN and δ outside [0, 1]', () => {
  const rng = Rng.from('envelope');
  const ys = tableYs.filter((_, i) => i % 3 === 0 || i === 20000);
  // Ties: every ε twice with the same δ, and a run of equal δ; lines below the envelope: δ far above the
  // profile's (a_k, b_k ≤ 0 for δ = 1) at random ε; δ not monotone.
  const eps: number[] = [];
  const del: number[] = [];
  for (let k = 0; k < 300; k++) {
    const e = k * 0.05;
    const d = Math.exp(-1.5 * e) * 0.3;
    eps.push(e, e);
    del.push(d, d);
    if (k % 7 === 0) {
      eps.push(rng.next() * 15);
      del.push(rng.next() < 0.5 ? 1 : Math.min(1, d * 50));
    }
  }
  for (let k = 0; k < 20; k++) {
    eps.push(3 + k * 0.01);
    del.push(0.004);
  }
  assertSameEnvelope(Float64Array.from(eps), Float64Array.from(del), ys, 'ties and dominated lines');
  // Unsorted grid with δ outside [0, 1] (clamped) and a NaN δ (ignored by the direct max as well).
  const order = eps.map((_, i) => i).sort(() => rng.next() - 0.5);
  const e2 = Float64Array.from(order, (i) => eps[i]);
  const d2 = Float64Array.from(order, (i) => del[i]);
  d2[5] = -0.2;
  d2[17] = 1.7;
  d2[40] = Number.NaN;
  assertSameEnvelope(e2, d2, ys, 'unsorted, clamped, NaN');
  // Pure (ε, δ)-DP as a one-point profile: the closed form.
  const one = blowUpInverseEnvelope([1.2], [1e-5], ys);
  const closed = epsDeltaBlowUpInverse(1.2, 1e-5);
  for (const [i, y] of ys.entries()) assert.ok(Math.abs(one[i] - closed(y)) <= 1e-16, `y ${y}`);
  // δ = 1 everywhere: every line is ≤ 0 on (0, 1] (0 at y = 1), so B⁻¹ = 0.
  const none = blowUpInverseEnvelope([0, 1, 2], [1, 1, 1], ys);
  assert.ok(none.every((x) => x === 0));
});

test('the recursion with early exits decides exactly as the full recursion', () => {
  const full = (binv: (y: number) => number, m: number, r: number, v: number, alpha: number): boolean => {
    if (r === 0 || v === 0) return false;
    const tau = (alpha * r) / m;
    let h = (tau * (r - v)) / r;
    let rho = (tau * v) / r;
    for (let i = v - 1; i >= 0; i--) {
      const hi = Math.max(h, binv(rho));
      rho = rho + (i / (r - i)) * (hi - h);
      h = hi;
    }
    return rho + h > r / m;
  };
  const acc = createAccountant('rdp');
  acc.step(1.1, 0.05, 1000);
  const curves = [
    profileBlowUpInverse(acc.profile()),
    gdpBlowUpInverse(0),
    gdpBlowUpInverse(0.7),
    gdpBlowUpInverse(3),
    epsDeltaBlowUpInverse(1, 1e-5),
    epsDeltaBlowUpInverse(4, 0),
  ];
  let rejected = 0;
  let cases = 0;
  for (const binv of curves)
    for (const [m, r] of [
      [1000, 100],
      [20000, 200],
      [200000, 2000],
    ])
      for (let v = 0; v <= r; v += Math.max(1, Math.floor(r / 25)))
        for (const alpha of [0.5, 0.05, 0.0125, 1e-4]) {
          const want = full(binv, m, r, v, alpha);
          assert.equal(fdpRejects(binv, m, r, v, alpha), want, `m ${m} r ${r} v ${v} α ${alpha}`);
          cases++;
          if (want) rejected++;
        }
  assert.ok(rejected > 0.1 * cases && rejected < 0.9 * cases, `${rejected}/${cases} rejected`);
});
