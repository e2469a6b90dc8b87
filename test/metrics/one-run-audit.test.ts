import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditOneRun, canariesToTest, fdpPValue, fleetTargetBound, guessesFor } from '../../metrics/one-run-audit.js';
import { oneRunAudit, oneRunEpsilon, oneRunPValue } from '../../metrics/one-run.js';
import { fdpRejects, gdpBlowUpInverse } from '../../metrics/fdp-one-run.js';
import { gdpDelta } from '../../metrics/gdp.js';
import { Rng } from '../../src/random/rng.js';

function canaries(m: number, shift: number, seed: string) {
  const rng = Rng.from(seed);
  const inc = new Uint8Array(m);
  const s = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    inc[j] = rng.next() < 0.5 ? 1 : 0;
    s[j] = rng.normal() + (inc[j] ? shift : 0);
  }
  return { s, inc };
}

test('gradient canaries guess IN for the top 1 % only; input-space canaries 5 % each side', () => {
  assert.deepEqual(guessesFor('gradient', 20000), { kPlus: 200, kMinus: 0 });
  assert.deepEqual(guessesFor('ood', 1000), { kPlus: 50, kMinus: 50 });
});

test('p-value at the claimed ε matches the bound: p(ε_lb) ≈ α, and a claim above the ceiling is untestable with the m it needs', () => {
  const { s, inc } = canaries(2000, 3, 'audit');
  const a = auditOneRun(s, inc, { delta: 1e-5, canaryKind: 'ood', claimedEpsilon: 1, profile: null });
  assert.ok(a.epsilonLb !== null && a.epsilonLb > 1);
  assert.ok(Math.abs(oneRunPValue(a.epsilonLb as number, a.m, a.r, a.v, 1e-5) - 0.05) < 1e-3);
  assert.ok((a.pValue as number) < 0.05);
  assert.equal(a.pValue, oneRunPValue(1, a.m, a.r, a.v, 1e-5));
  assert.equal(a.bestPValue, oneRunPValue(1, a.m, a.r, a.r, 1e-5));
  assert.equal(a.snj?.testable, true);
  const b = auditOneRun(s, inc, { delta: 1e-5, canaryKind: 'ood', claimedEpsilon: 4.5, profile: null });
  assert.equal(b.snj?.testable, false);
  // Needs the first ladder m whose all-correct SNJ p-value at 4.5 is ≤ α (5 % each side).
  const need = b.snj?.neededM as number;
  assert.ok(need > 2000);
  const g = guessesFor('ood', need);
  assert.ok(oneRunPValue(4.5, need, g.kPlus + g.kMinus, g.kPlus + g.kMinus, 1e-5) <= 0.05);
  assert.ok(b.bestPValue !== null && b.bestPValue > 0.05);
});

test('f-DP p-value is the smallest α at which the test rejects', () => {
  const binv = gdpBlowUpInverse(0.5);
  const p = fdpPValue(binv, 1000, 100, 85);
  assert.ok(p > 0 && p < 1);
  assert.equal(fdpRejects(binv, 1000, 100, 85, p * 1.01), true);
  assert.equal(fdpRejects(binv, 1000, 100, 85, p * 0.99), false);
});

test('canariesToTest raises m along the ladder until the claimed curve is rejectable when all guesses are right', () => {
  const profile = { method: 'gdp', delta: (e: number) => gdpDelta(e, 1.2) };
  const m = canariesToTest(profile, 1000, 0.0125);
  const binv = gdpBlowUpInverse(1.2);
  assert.ok(m > 1000 && m < 200000);
  const rPrev = guessesFor('gradient', 1000).kPlus;
  assert.equal(fdpRejects(binv, 1000, rPrev, rPrev, 0.0125), false);
  const r = guessesFor('gradient', m).kPlus;
  // (the tabulated profile inverse is conservative, so the exact μ curve is rejected too)
  assert.equal(fdpRejects(binv, m, r, r, 0.0125), true);
  assert.equal(canariesToTest({ method: 'gdp', delta: (e: number) => gdpDelta(e, 0.1) }, 1000, 0.0125), 1000);
});

test('per-target fleet bound = max over targets of the one-run bound at α/M (naive loop), Bonferroni p-value', () => {
  const M = 4;
  const n = 600;
  const scores = new Float64Array(M * n);
  const isMember = new Uint8Array(M * n);
  for (let t = 0; t < M; t++) {
    const c = canaries(n, t === 2 ? 2.5 : 0.3, `fleet-${t}`);
    scores.set(c.s, t * n);
    isMember.set(c.inc, t * n);
  }
  const f = fleetTargetBound(scores, isMember, M, { attack: 'lira-online', delta: 1e-5, claimedEpsilon: 1 });
  let best = -1;
  let bestT = -1;
  let minP = 1;
  for (let t = 0; t < M; t++) {
    const a = oneRunAudit(scores.subarray(t * n, (t + 1) * n), isMember.subarray(t * n, (t + 1) * n), { delta: 1e-5, alpha: 0.05 / M });
    if ((a.epsilonLb as number) > best) {
      best = a.epsilonLb as number;
      bestT = t;
    }
    minP = Math.min(minP, oneRunPValue(1, n, a.r, a.v, 1e-5));
  }
  assert.equal(f.epsilonLb, best);
  assert.equal(f.bestTarget, bestT);
  assert.equal(bestT, 2);
  assert.ok(Math.abs((f.pValue as number) - Math.min(1, minP * M)) < 1e-12);
  assert.equal(f.alphaPerTarget, 0.05 / M);
  assert.ok(f.ceiling > 1 && f.testability?.testable === true);
  assert.ok(oneRunEpsilon(n, f.r, f.r, 1e-5, 0.05 / M) === f.ceiling);
});

test('fleet bound testability is judged at testAlpha on the Bonferroni-adjusted best p-value, not by the ceiling at α', () => {
  const M = 4;
  const n = 600;
  const delta = 1e-9;
  const scores = new Float64Array(M * n);
  const isMember = new Uint8Array(M * n);
  for (let t = 0; t < M; t++) {
    const c = canaries(n, 0.3, `fleet-ta-${t}`);
    scores.set(c.s, t * n);
    isMember.set(c.inc, t * n);
  }
  const r = guessesFor('fleet', n).kPlus + guessesFor('fleet', n).kMinus;
  const ceiling = oneRunEpsilon(n, r, r, delta, 0.05 / M);
  // A claim just below the ceiling at α/M: the perfect attack's adjusted p-value is just under 0.05, far above 0.001.
  const claimed = ceiling - 0.05;
  const best = Math.min(1, oneRunPValue(claimed, n, r, r, delta) * M);
  assert.ok(best < 0.05 && best > 0.001);
  const loose = fleetTargetBound(scores, isMember, M, { attack: 'lira-online', delta, claimedEpsilon: claimed });
  assert.equal(loose.ceiling, ceiling);
  assert.deepEqual(loose.testability, { testable: true, neededM: null });
  const ta = 0.001;
  const strict = fleetTargetBound(scores, isMember, M, { attack: 'lira-online', delta, claimedEpsilon: claimed, testAlpha: ta });
  assert.ok(Math.abs((strict.bestPValue as number) - best) < 1e-12);
  assert.equal(strict.testability?.testable, false, 'ceiling > claim, yet a perfect attack cannot reach p ≤ testAlpha');
  // Naive ladder: the first m whose perfect attack reaches an adjusted p-value ≤ testAlpha.
  let want: number | null = null;
  for (const mm of [1000, 2000, 5000, 10000, 20000, 50000, 100000, 200000]) {
    const g = guessesFor('fleet', mm);
    if (Math.min(1, oneRunPValue(claimed, mm, g.kPlus + g.kMinus, g.kPlus + g.kMinus, delta) * M) <= ta) {
      want = mm;
      break;
    }
  }
  assert.ok(want !== null);
  assert.equal(strict.testability?.neededM, want);
});
