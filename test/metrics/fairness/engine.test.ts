import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FairnessEngine, N_METRICS } from '../../../metrics/fairness/engine.js';
import { buildLayout } from '../../../metrics/fairness/layout.js';
import { METRIC_KEYS } from '../../../metrics/fairness/types.js';
import { Rng } from '../../../src/random/rng.js';
import { attribute } from './fixture.js';

/** Naive metrics of an explicit list of rows (rows repeated by their multiplicity). */
function naive(y: number[], p: number[], s: number[]): Record<string, number | null> {
  const n = y.length;
  let tp = 0,
    fp = 0,
    tn = 0,
    fn = 0;
  for (let i = 0; i < n; i++) {
    if (y[i] === 1 && p[i] === 1) tp++;
    else if (y[i] === 1) fn++;
    else if (p[i] === 1) fp++;
    else tn++;
  }
  const d = (a: number, b: number) => (b === 0 ? null : a / b);
  let pairs = 0,
    num = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      if (y[i] === 1 && y[j] === 0) {
        pairs++;
        num += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0;
      }
  let ece = 0;
  for (let b = 0; b < 10; b++) {
    const lo = b / 10,
      hi = (b + 1) / 10;
    const inBin = y.map((_, i) => i).filter((i) => (b === 0 ? s[i] >= 0 && s[i] <= hi : s[i] > lo && s[i] <= hi));
    if (inBin.length === 0) continue;
    const my = inBin.reduce((a, i) => a + y[i], 0) / inBin.length;
    const ms = inBin.reduce((a, i) => a + s[i], 0) / inBin.length;
    ece += (inBin.length / n) * Math.abs(my - ms);
  }
  const tpr = d(tp, tp + fn),
    tnr = d(tn, tn + fp);
  const recalls = [tpr, tnr].filter((v): v is number => v !== null);
  return {
    count: n,
    nPos: tp + fn,
    nNeg: tn + fp,
    nPredPos: tp + fp,
    tp,
    fp,
    tn,
    fn,
    baseRate: d(tp + fn, n),
    selectionRate: d(tp + fp, n),
    tpr,
    fpr: d(fp, fp + tn),
    tnr,
    fnr: d(fn, fn + tp),
    precision: d(tp, tp + fp),
    npv: d(tn, tn + fn),
    accuracy: d(tp + tn, n),
    balancedAccuracy: recalls.length === 0 ? null : recalls.reduce((a, b) => a + b, 0) / recalls.length,
    rocAuc: pairs === 0 ? null : num / pairs,
    brier: n === 0 ? null : y.reduce((a, yi, i) => a + (s[i] - yi) ** 2, 0) / n,
    ece: n === 0 ? null : ece,
  };
}

test('engine metrics of every group (and with bootstrap multiplicities) equal a naive computation on expanded rows', () => {
  const rng = new Rng(3);
  for (let trial = 0; trial < 20; trial++) {
    const n = 10 + rng.int(50);
    const y = Array.from({ length: n }, () => (rng.bernoulli(0.4) ? 1 : 0));
    const p = Array.from({ length: n }, () => (rng.bernoulli(0.5) ? 1 : 0));
    const s = Array.from({ length: n }, () => (rng.bernoulli(0.3) ? rng.int(11) / 10 : rng.next()));
    const a = Array.from({ length: n }, () => ['u', 'v'][rng.int(2)]);
    const b = Array.from({ length: n }, () => ['x', 'y', 'z'][rng.int(3)]);
    const groups = [attribute('a', a, ['u', 'v']), attribute('b', b, ['x', 'y', 'z'])];
    const layout = buildLayout(groups, n);
    const engine = new FairnessEngine(layout, Uint8Array.from(y), Uint8Array.from(p), Float64Array.from(s));
    const w = trial % 2 === 0 ? null : Int32Array.from({ length: n }, () => rng.int(3));
    const out = engine.evaluate(w, new Float64Array(engine.outputLength));
    layout.groupings.forEach((gr, g) => {
      gr.cells.forEach((cell, c) => {
        const rows: number[] = [];
        for (let i = 0; i < n; i++) {
          const inCell = gr.attributes.every((attr) => (attr === 'a' ? a[i] : b[i]) === cell.values[attr]);
          if (inCell) for (let k = 0; k < (w === null ? 1 : w[i]); k++) rows.push(i);
        }
        const exp = naive(
          rows.map((i) => y[i]),
          rows.map((i) => p[i]),
          rows.map((i) => s[i]),
        );
        const slot = layout.slotOffset[g] + c;
        METRIC_KEYS.forEach((k, m) => {
          const got = out[slot * N_METRICS + m];
          const e = exp[k];
          if (e === null) assert.ok(Number.isNaN(got), `${k} of ${JSON.stringify(cell.values)} should be undefined, got ${got}`);
          else assert.ok(Math.abs(got - e) < 1e-9, `trial ${trial} ${JSON.stringify(cell.values)} ${k}: ${got} vs ${e}`);
        });
      });
    });
  }
});
