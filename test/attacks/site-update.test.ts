import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  lossDifference,
  restrictFleet,
  runUpdateAttack,
  siteRows,
  siteUpdateSignals,
  type SiteUpdateSignals,
} from '../../attacks/site-update.js';
import { runAttack } from '../../attacks/run.js';
import { tinyFleet } from './fixture.js';

const close = (a: number, b: number, rel = 1e-6) => assert.ok(Math.abs(a - b) <= rel * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

/** Binary cross-entropy of a logit, the naive way. */
function bce(logit: number, y: number): number {
  const p = 1 / (1 + Math.exp(-logit));
  return -Math.log(y === 1 ? p : 1 - p);
}

test('loss difference equals ℓ(before) − ℓ(after) computed naively', () => {
  const M = 2;
  const labels = Uint8Array.from([1, 0, 1]);
  const before = Float32Array.from([0.5, -0.25, 2, 1.5, 0.75, -1]);
  const after = Float32Array.from([1.5, -1.25, 2.5, 0.5, -0.5, 1]);
  const d = lossDifference(before, after, labels, M);
  for (let m = 0; m < M; m++)
    for (let i = 0; i < 3; i++) {
      const k = m * 3 + i;
      close(d[k], bce(before[k], labels[i]) - bce(after[k], labels[i]));
    }
  // A step towards the label lowers the loss: positive d.
  assert.ok(d[0] > 0 && d[1] > 0 && d[2] > 0);
  assert.ok(d[3] < 0);
});

test('update attack: candidates are the site rows and the member bits are mask ∧ site', () => {
  // Pool of 7 rows over 3 sites; 3 fleet models with hand-written masks.
  const site = Int32Array.from([0, 1, 0, 2, 1, 0, 2]);
  const n = site.length;
  const M = 3;
  const mask = Uint8Array.from([1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 0, 1, 0]);
  const labels = Uint8Array.from([1, 0, 1, 1, 0, 0, 1]);
  const before = Float32Array.from({ length: M * n }, (_, k) => ((k * 7) % 5) / 4 - 0.5);
  const after = Float32Array.from({ length: M * n }, (_, k) => ((k * 3) % 7) / 5 - 0.4);
  for (const s of [0, 1, 2]) {
    const { signals, rows } = siteUpdateSignals({ nModels: M, before, after, inMask: mask }, labels, site, s);
    assert.deepEqual(
      [...rows],
      [...Array(n).keys()].filter((i) => site[i] === s),
    );
    const res = runUpdateAttack('update-loss', signals);
    assert.equal(res.isMember.length, M * rows.length);
    for (let m = 0; m < M; m++)
      rows.forEach((i, k) => {
        const expected = mask[m * n + i] === 1 && site[i] === s ? 1 : 0;
        assert.equal(res.isMember[m * rows.length + k], expected, `model ${m}, row ${i}, site ${s}`);
        close(res.scores[m * rows.length + k], bce(before[m * n + i], labels[i]) - bce(after[m * n + i], labels[i]));
      });
  }
  assert.deepEqual([...siteRows(site, 2)], [3, 6]);
});

/** Naive LiRA online with fixed variance on a signal matrix v (M·n), target t. */
function naiveLira(v: number[][], mask: number[][], t: number): number[] {
  const M = v.length;
  const n = v[0].length;
  const refs = [...Array(M).keys()].filter((m) => m !== t);
  const side = (i: number, b: number) => refs.filter((m) => mask[m][i] === b).map((m) => v[m][i]);
  const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
  const sigma = (b: number) => {
    let ss = 0;
    let dof = 0;
    for (let i = 0; i < n; i++) {
      const a = side(i, b);
      const mu = mean(a);
      for (const x of a) ss += (x - mu) ** 2;
      dof += a.length - 1;
    }
    return Math.sqrt(ss / dof);
  };
  const sIn = sigma(1);
  const sOut = sigma(0);
  const logN = (x: number, mu: number, s: number) => -0.5 * Math.log(2 * Math.PI * s * s) - ((x - mu) * (x - mu)) / (2 * s * s);
  return [...Array(n).keys()].map((i) => logN(v[t][i], mean(side(i, 1)), sIn) - logN(v[t][i], mean(side(i, 0)), sOut));
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7). */
function Phi(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/** Naive LiRA offline (paper convention, fixed variance) on a signal matrix v, target t. */
function naiveOffline(v: number[][], mask: number[][], t: number): number[] {
  const M = v.length;
  const n = v[0].length;
  const refs = [...Array(M).keys()].filter((m) => m !== t);
  const out = (i: number) => refs.filter((m) => mask[m][i] === 0).map((m) => v[m][i]);
  const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
  let ss = 0;
  let dof = 0;
  for (let i = 0; i < n; i++) {
    const a = out(i);
    const mu = mean(a);
    for (const x of a) ss += (x - mu) ** 2;
    dof += a.length - 1;
  }
  const sd = Math.sqrt(ss / dof);
  return [...Array(n).keys()].map((i) => Phi((v[t][i] - mean(out(i))) / sd));
}

test('update-lira equals a naive LiRA online on the loss differences (shadow updates = the other models)', () => {
  const M = 6;
  const n = 4;
  // Every row IN for exactly 3 models, so every target leaves ≥ 2 IN and ≥ 2 OUT shadow updates.
  const maskRows = [
    [1, 0, 1, 0],
    [1, 1, 0, 0],
    [0, 1, 1, 1],
    [1, 0, 0, 1],
    [0, 1, 0, 1],
    [0, 0, 1, 0],
  ];
  const labels = Uint8Array.from([1, 0, 0, 1]);
  const before = Float32Array.from({ length: M * n }, (_, k) => Math.sin(k * 1.3));
  const after = Float32Array.from(
    { length: M * n },
    (_, k) => Math.sin(k * 1.3) + (maskRows[Math.floor(k / n)][k % n] ? 0.6 : 0.1) * (labels[k % n] ? 1 : -1) + 0.05 * Math.cos(k),
  );
  const s: SiteUpdateSignals = { nModels: M, nRows: n, before, after, labels, inMask: Uint8Array.from(maskRows.flat()) };
  const res = runUpdateAttack('update-lira', s, { variance: 'fixed' });
  const d = lossDifference(before, after, labels, M);
  const v = [...Array(M).keys()].map((m) => [...d.subarray(m * n, (m + 1) * n)]);
  for (let t = 0; t < M; t++) {
    const want = naiveLira(v, maskRows, t);
    for (let i = 0; i < n; i++) close(res.scores[t * n + i], want[i], 1e-9);
  }
  assert.deepEqual([...res.isMember], maskRows.flat());
  // Offline: Φ((d − μ_out)/σ_out) with the fixed σ_out of the target's shadow updates.
  const off = runUpdateAttack('update-lira-offline', s, { variance: 'fixed' });
  for (let t = 0; t < M; t++) {
    const want = naiveOffline(v, maskRows, t);
    for (let i = 0; i < n; i++) close(off.scores[t * n + i], want[i], 1e-6);
  }
  assert.throws(
    () =>
      runUpdateAttack('update-lira', {
        ...s,
        nModels: 1,
        nRows: n * M,
        labels: Uint8Array.from({ length: n * M }, (_, k) => labels[k % n]),
      }),
    /shadow update/,
  );
});

test('restrictFleet keeps the chosen rows of every model and agrees with attacking those rows', () => {
  const f = tinyFleet();
  const rows = Int32Array.from([1, 3]);
  const r = restrictFleet(f, rows);
  assert.equal(r.nRows, 2);
  for (let m = 0; m < f.nModels; m++)
    rows.forEach((i, k) => {
      assert.equal(r.logits[m * 2 + k], f.logits[m * f.nRows + i]);
      assert.equal(r.inMask[m * 2 + k], f.inMask[m * f.nRows + i]);
    });
  // Target-only scores depend on the row alone: the restricted attack is the full attack's columns.
  const full = runAttack('loss', f);
  const sub = runAttack('loss', r);
  for (let m = 0; m < f.nModels; m++)
    for (let k = 0; k < rows.length; k++) assert.equal(sub.scores[m * 2 + k], full.scores[m * f.nRows + rows[k]]);
});
