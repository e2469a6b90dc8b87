import { test } from 'node:test';
import assert from 'node:assert/strict';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { liraOfflineScores, liraOnlineScores, resolveVariance } from '../../attacks/lira.js';
import { referencesOf, SIGMA_FLOOR } from '../../attacks/reference-stats.js';
import { phiMatrix } from '../../attacks/signals.js';
import { assertClose, logN, tinyFleet } from './fixture.js';

// Target 0, references {1, 2}. φ of the references per row (hand-read from the fixture):
//   row 0: IN {m2: −0.5}        OUT {m1: 1}
//   row 1: IN {m1: 0, m2: −2}   OUT {}            → OUT fallback
//   row 2: IN {m1: −2}          OUT {m2: 1}
//   row 3: IN {}                OUT {m1: −1.5, m2: 0} → IN fallback
// Mean centres: μ_in = [−0.5, −1, −2, ·], μ_out = [1, ·, 1, −0.75].
// Fixed σ (ddof = 1 per row: Σ (φ − μ_row)² over Σ (c_row − 1)): σ_in = √((1 + 1)/1) = √2 (only row 1 has two
// IN values); σ_out = √((0.75² + 0.75²)/1) = √1.125 (only row 3).
// IN fallback / single-value rows: global mean (−0.5 + 0 − 2 − 2)/4 = −1.125, sd √(3.1875/3).
// OUT fallback / single-value rows: global mean (1 + 1 − 1.5 + 0)/4 = 0.125, sd √(4.1875/3).
const f = tinyFleet();
const phi = phiMatrix(f.logits, f.labels, 3);
const refs = referencesOf(3, 0);
const x = [2, 1, 0.5, -3];
const muIn = [-0.5, -1, -2, -1.125];
const muOut = [1, 0.125, 1, -0.75];
const sIn = Math.sqrt(2);
const sOut = Math.sqrt(1.125);
const sdInFb = Math.sqrt(3.1875 / 3);
const sdOutFb = Math.sqrt(4.1875 / 3);

test('auto variance: fixed below 64 references, per-example from 64', () => {
  assert.equal(resolveVariance('auto', 63), 'fixed');
  assert.equal(resolveVariance('auto', 64), 'per-example');
  assert.equal(resolveVariance('per-example', 2), 'per-example');
});

test('LiRA online, fixed variance, mean: hand-computed scores with both fallbacks', () => {
  const r = liraOnlineScores(phi, f.inMask, 4, 0, refs, { variance: 'fixed', centre: 'mean' });
  const sdIn = [sIn, sIn, sIn, sdInFb];
  const sdOut = [sOut, sdOutFb, sOut, sOut];
  const expected = x.map((v, i) => logN(v, muIn[i], sdIn[i]) - logN(v, muOut[i], sdOut[i]));
  assertClose(r.scores, expected, 1e-12);
  assert.equal(r.fallbackIn, 1);
  assert.equal(r.fallbackOut, 1);
  assert.equal(r.flooredSigma, 0);
  // one value by hand: row 2: log N(0.5; −2, 2) − log N(0.5; 1, 1.125)
  //   = [−½log2π − ½log 2 − 6.25/4] − [−½log2π − ½log 1.125 − 0.25/2.25] = 0.5·log(1.125/2) − 1.5625 + 0.1111…
  assert.ok(Math.abs(r.scores[2] - (0.5 * Math.log(1.125 / 2) - 1.5625 + 0.25 / 2.25)) < 1e-12);
});

test('LiRA online, per-example variance (ddof = 1): single-reference rows use the global σ of their side', () => {
  const r = liraOnlineScores(phi, f.inMask, 4, 0, refs, { variance: 'per-example', centre: 'mean' });
  // per-example σ: row 1 IN {0, −2} → √2; row 3 OUT {−1.5, 0} → √1.125; single values → global σ.
  const sdIn = [sdInFb, Math.sqrt(2), sdInFb, sdInFb];
  const sdOut = [sdOutFb, sdOutFb, sdOutFb, Math.sqrt(1.125)];
  const expected = x.map((v, i) => logN(v, muIn[i], sdIn[i]) - logN(v, muOut[i], sdOut[i]));
  assertClose(r.scores, expected, 1e-12);
  assert.equal(r.flooredSigma, 0);
  assert.ok(SIGMA_FLOOR < 1e-3);
});

test('LiRA offline, paper convention: Φ((φ − μ_out)/σ_out)', () => {
  const r = liraOfflineScores(phi, f.inMask, 4, 0, refs, { variance: 'fixed', centre: 'mean', convention: 'paper' });
  const sdOut = [sOut, sdOutFb, sOut, sOut];
  assertClose(
    r.scores,
    x.map((v, i) => normalCdf((v - muOut[i]) / sdOut[i], 0, 1)),
    1e-12,
  );
  assert.equal(r.fallbackOut, 1);
});

test('LiRA offline, reference-code convention: −log N(φ; μ_out, σ_out²)', () => {
  const r = liraOfflineScores(phi, f.inMask, 4, 0, refs, { variance: 'fixed', centre: 'mean', convention: 'reference-code' });
  const sdOut = [sOut, sdOutFb, sOut, sOut];
  assertClose(
    r.scores,
    x.map((v, i) => -logN(v, muOut[i], sdOut[i])),
    1e-12,
  );
});

test('LiRA offline, target 2 (references {0, 1}): hand values', () => {
  // OUT φ of refs for each row: row0 {m1: 1}, row1 {m0: 1}, row2 {} → fallback, row3 {m0: −3, m1: −1.5}.
  // μ_out = [1, 1, g, −2.25]; fixed σ_out = √((0.75² · 2)/1) = √1.125; g = (1 + 1 − 3 − 1.5)/4 = −0.625,
  // global sd = √((1.625² + 1.625² + 2.375² + 0.875²)/3) = √(11.6875/3).
  const r = liraOfflineScores(phi, f.inMask, 4, 2, referencesOf(3, 2), { variance: 'fixed', centre: 'mean', convention: 'paper' });
  const xs = [-0.5, -2, 1, 0];
  const mu = [1, 1, -0.625, -2.25];
  const sd = [sOut, sOut, Math.sqrt(11.6875 / 3), sOut];
  assertClose(
    r.scores,
    xs.map((v, i) => normalCdf((v - mu[i]) / sd[i], 0, 1)),
    1e-12,
  );
});
