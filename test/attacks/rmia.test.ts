import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fractionDominated, rmiaScores } from '../../attacks/rmia.js';
import { referencesOf } from '../../attacks/reference-stats.js';
import { phiMatrix, probOfPhi } from '../../attacks/signals.js';
import { DpauditError } from '../../src/errors.js';
import { assertClose, bruteRmia, PHI_POP, sig, tinyFleet } from './fixture.js';

const f = tinyFleet();
const py = probOfPhi(phiMatrix(f.logits, f.labels, 3));
const pyPop = probOfPhi(phiMatrix(f.population!.logits, f.population!.labels, 3));

test('RMIA online equals the definition for every target and several γ', () => {
  for (const gamma of [1, 0.9, 1.2]) {
    for (let t = 0; t < 3; t++) {
      const refs = referencesOf(3, t);
      const r = rmiaScores(py, f.inMask, 4, pyPop, 3, t, refs, { mode: { kind: 'online' }, gamma });
      assertClose(r.scores, bruteRmia(t, Array.from(refs), 'online', gamma), 0, 0, `t=${t} γ=${gamma}`);
    }
  }
});

test('RMIA online, target 0, row 0 by hand', () => {
  // r_x = σ(2) / mean(σ(1), σ(−0.5)); r_z = σ(φ0_z) / mean(σ(φ1_z), σ(φ2_z)).
  const rx = sig(2) / ((sig(1) + sig(-0.5)) / 2);
  const rz = [0, 1, 2].map((z) => sig(PHI_POP[0][z]) / ((sig(PHI_POP[1][z]) + sig(PHI_POP[2][z])) / 2));
  // rx ≈ 1.2525; rz ≈ [1.0742, 1.1006, 1.1975]: all three are dominated at γ = 1.
  assert.ok(rz.every((r) => rx / r > 1));
  const r = rmiaScores(py, f.inMask, 4, pyPop, 3, 0, referencesOf(3, 0), { mode: { kind: 'online' }, gamma: 1 });
  assert.equal(r.scores[0], 1);
});

test('RMIA offline with fixed a equals the definition (OUT fallback counted)', () => {
  for (const a of [0, 0.3, 1]) {
    for (let t = 0; t < 3; t++) {
      const refs = referencesOf(3, t);
      const r = rmiaScores(py, f.inMask, 4, pyPop, 3, t, refs, { mode: { kind: 'offline', a }, gamma: 1 });
      assertClose(r.scores, bruteRmia(t, Array.from(refs), { a }, 1), 0, 0, `t=${t} a=${a}`);
    }
  }
  // Target 0: row 1 has no OUT reference; target 2: row 2 has none.
  assert.equal(
    rmiaScores(py, f.inMask, 4, pyPop, 3, 0, referencesOf(3, 0), { mode: { kind: 'offline', a: 0.5 }, gamma: 1 }).fallbackOut,
    1,
  );
});

test('fractionDominated counts r_x / r_z > γ strictly', () => {
  const rz = Float64Array.from([0.5, 1, 1, 2]);
  assert.equal(fractionDominated(1, rz, 1), 0.25); // only 0.5 (1/1 = 1 is not > 1)
  assert.equal(fractionDominated(2.5, rz, 1), 1);
  assert.equal(fractionDominated(0.1, rz, 1), 0);
});

test('γ must be positive', () => {
  assert.throws(() => rmiaScores(py, f.inMask, 4, pyPop, 3, 0, referencesOf(3, 0), { mode: { kind: 'online' }, gamma: 0 }), DpauditError);
});
