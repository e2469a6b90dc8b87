import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runAttack } from '../../attacks/run.js';
import type { FleetSignals } from '../../attacks/types.js';
import { Rng } from '../../src/random/rng.js';

/** A fleet where every row is IN for 2 or 3 of the 5 models: every target's references have both sides for every row. */
function fleet(): FleetSignals {
  const M = 5;
  const n = 6;
  const rng = new Rng(['lira-pooled']);
  const inMask = new Uint8Array(M * n);
  for (let i = 0; i < n; i++) {
    const k = 2 + (i % 2);
    const order = rng.shuffle([0, 1, 2, 3, 4]) as number[];
    for (let j = 0; j < k; j++) inMask[order[j] * n + i] = 1;
  }
  const logits = Float32Array.from({ length: M * n }, (_, j) => Math.round((rng.normal() + inMask[j]) * 100) / 100);
  const labels = Uint8Array.from({ length: n }, (_, i) => i % 2);
  return { nModels: M, nRows: n, logits, labels, inMask };
}

const logN = (x: number, mu: number, sd: number) => -0.5 * Math.log(2 * Math.PI * sd * sd) - ((x - mu) * (x - mu)) / (2 * sd * sd);

test('LiRA fixed variance: one σ_in and one σ_out per target from its own references only, ddof = 1 (brute force)', () => {
  const f = fleet();
  const { nModels: M, nRows: n } = f;
  const phi = (m: number, i: number) => (f.labels[i] === 1 ? f.logits[m * n + i] : -f.logits[m * n + i]);
  const mu = (t: number, i: number, side: number) => {
    const v: number[] = [];
    for (let m = 0; m < M; m++) if (m !== t && f.inMask[m * n + i] === side) v.push(phi(m, i));
    return v.reduce((a, b) => a + b, 0) / v.length;
  };
  const sigma = (t: number, side: number) => {
    let sq = 0;
    let dof = 0;
    for (let i = 0; i < n; i++) {
      let c = 0;
      for (let m = 0; m < M; m++)
        if (m !== t && f.inMask[m * n + i] === side) {
          sq += (phi(m, i) - mu(t, i, side)) ** 2;
          c++;
        }
      dof += Math.max(0, c - 1);
    }
    return Math.sqrt(sq / dof);
  };
  const r = runAttack('lira-online', f, { variance: 'fixed' });
  for (let t = 0; t < M; t++)
    for (let i = 0; i < n; i++) {
      const x = phi(t, i);
      const want = logN(x, mu(t, i, 1), sigma(t, 1)) - logN(x, mu(t, i, 0), sigma(t, 0));
      assert.ok(
        Math.abs(r.scores[t * n + i] - want) < 1e-9 * Math.max(1, Math.abs(want)),
        `target ${t} row ${i}: ${r.scores[t * n + i]} vs ${want}`,
      );
    }
  assert.match(String(r.conventions.variance), /per target, from its K reference models only/);
  // Changing the target's own φ values leaves its σ (hence every other row's score shift) independent of its labels:
  // flip target 0's mask and its scores stay the same (its references are unchanged).
  const g = { ...f, inMask: Uint8Array.from(f.inMask) };
  for (let i = 0; i < n; i++) g.inMask[i] = 1 - g.inMask[i];
  const r2 = runAttack('lira-online', g, { variance: 'fixed' });
  for (let i = 0; i < n; i++) assert.equal(r2.scores[i], r.scores[i]);
});
