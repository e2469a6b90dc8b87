import { test } from 'node:test';
import assert from 'node:assert/strict';
import { confidenceScores, lossScores, mentrScores } from '../../attacks/target-only.js';
import { phiMatrix } from '../../attacks/signals.js';
import { assertClose, PHI, tinyFleet } from './fixture.js';

const f = tinyFleet();
const phi = phiMatrix(f.logits, f.labels, 3);

test('φ flips the sign of the logit for label 0', () => {
  assert.deepEqual(
    Array.from(phi, (x) => x + 0),
    PHI.flat(),
  ); // + 0: −0 (label 0, logit 0) equals 0
});

test('loss attack = −log p_y for every target', () => {
  for (let t = 0; t < 3; t++) {
    const expected = PHI[t].map((x) => Math.log(1 / (1 + Math.exp(-x))));
    assertClose(lossScores(phi, 4, t), expected, 1e-12, 1e-15, `loss t=${t}`);
  }
  // hand value: φ = 2 → −log(1 + e^{−2}) = −0.126928011...
  assert.ok(Math.abs(lossScores(phi, 4, 0)[0] - -0.12692801104297263) < 1e-14);
});

test('confidence attack = p_y', () => {
  // φ = −3 for (m0, row 3): p_y = 1/(1 + e^3) = 0.0474258731775668
  assert.ok(Math.abs(confidenceScores(phi, 4, 0)[3] - 0.04742587317756678) < 1e-15);
  assertClose(
    confidenceScores(phi, 4, 1),
    PHI[1].map((x) => 1 / (1 + Math.exp(-x))),
    1e-12,
  );
});

test('modified entropy, binary: −[(1 − p_y)(−log p_y) + p_{1−y}(−log(1 − p_{1−y}))]', () => {
  for (let t = 0; t < 3; t++) {
    const expected = PHI[t].map((x) => {
      const py = 1 / (1 + Math.exp(-x));
      const pOther = 1 - py;
      return -(-(1 - py) * Math.log(py) - pOther * Math.log(1 - pOther));
    });
    assertClose(mentrScores(phi, 4, t), expected, 1e-9, 1e-12, `mentr t=${t}`);
  }
  // φ = 0: p_y = ½ → Mentr = 2 · ½ · log 2 = log 2
  assert.ok(Math.abs(mentrScores(phi, 4, 1)[1] + Math.LN2) < 1e-15);
});

test('signals stay finite for extreme logits', () => {
  const ph = Float64Array.from([800, -800]);
  const l = lossScores(ph, 2, 0);
  assert.equal(l[0], -0);
  assert.equal(l[1], -800);
  const m = mentrScores(ph, 2, 0);
  assert.ok(Number.isFinite(m[0]) && Number.isFinite(m[1]));
});
