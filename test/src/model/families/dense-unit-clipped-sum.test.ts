import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as tfjs from '@tensorflow/tfjs';
import { testTf, assertClose } from '../../../helpers/backend.js';
import { Rng } from '../../../../src/random/rng.js';
import { initParams, layerShapes, paramCount, type ModelSpec } from '../../../../src/model/spec.js';
import { uploadParams, disposeLayers } from '../../../../src/model/forward.js';
import { clippedGradientSum } from '../../../../src/model/families/dense-clipped-sum.js';
import { unitClippedGradientSum } from '../../../../src/model/families/dense-unit-clipped-sum.js';

const tf = await testTf();

/**
 * Independent reference, one patient at a time: tf.grads of the patient's summed loss Σ_{i∈u} ℓ_i (= the
 * sum of its rows' gradients), flattened; its norm, clip to C, and the sum over patients.
 */
function naivePerPatient(spec: ModelSpec, params: Float32Array, X: number[][], y: number[], seg: number[], clip: number) {
  const shapes = layerShapes(spec);
  const P = paramCount(spec);
  const norms: number[] = [];
  const sum = new Float64Array(P);
  const units = Math.max(...seg) + 1;
  for (let u = 0; u < units; u++) {
    const rows = seg.flatMap((s, i) => (s === u ? [i] : []));
    const flat = tf.tidy(() => {
      const vars = shapes.flatMap((l) => [
        tf.tensor2d(params.subarray(l.wOffset, l.wOffset + l.inDim * l.outDim), [l.inDim, l.outDim]),
        tf.tensor1d(params.subarray(l.bOffset, l.bOffset + l.outDim)),
      ]);
      const x = tf.tensor2d(rows.map((i) => X[i]));
      const yy = tf.tensor1d(rows.map((i) => y[i]));
      const lossOf = (...ws: tfjs.Tensor[]) => {
        let h: tfjs.Tensor = x;
        for (let l = 0; l < shapes.length; l++) {
          h = tf.add(tf.matMul(h as tfjs.Tensor2D, ws[2 * l] as tfjs.Tensor2D), ws[2 * l + 1]);
          if (l < shapes.length - 1) h = tf.relu(h);
        }
        const s = h.reshape([-1]);
        // Σ_i softplus(−s_i) y_i + softplus(s_i)(1 − y_i)
        return tf.sum(tf.add(tf.mul(yy, tf.softplus(tf.neg(s))), tf.mul(tf.sub(1, yy), tf.softplus(s))));
      };
      const grads = tf.grads(lossOf)(vars);
      return tf.concat(grads.map((g) => g.reshape([-1])));
    });
    const g = flat.dataSync();
    flat.dispose();
    let n2 = 0;
    for (let j = 0; j < P; j++) n2 += g[j] * g[j];
    const norm = Math.sqrt(n2);
    norms.push(norm);
    const c = Math.min(1, clip / (norm + 1e-6));
    for (let j = 0; j < P; j++) sum[j] += c * g[j];
  }
  return { norms, sum };
}

function fastUnit(spec: ModelSpec, params: Float32Array, X: number[][], y: number[], seg: number[], clip: number) {
  const layers = uploadParams(tf, spec, params);
  const x = tf.tensor2d(X.flat(), [X.length, spec.inputDim]);
  const yt = tf.tensor2d(y, [y.length, 1]);
  const r = unitClippedGradientSum(tf, layers, x, yt, { segmentOfRow: Int32Array.from(seg), units: Math.max(...seg) + 1 }, clip);
  const out = { sum: r.sum.dataSync(), norms: Array.from(r.sqNorms.dataSync(), Math.sqrt) };
  r.sum.dispose();
  r.sqNorms.dispose();
  x.dispose();
  yt.dispose();
  disposeLayers(layers);
  return out;
}

function fixture(rng: Rng, rowsPerPatient: number[], d: number) {
  const X: number[][] = [];
  const y: number[] = [];
  const seg: number[] = [];
  rowsPerPatient.forEach((k, u) => {
    const label = rng.bernoulli(0.4) ? 1 : 0; // patient-level label, as in pbcseq
    for (let r = 0; r < k; r++) {
      X.push(Array.from({ length: d }, () => rng.normal() * 1.5));
      y.push(label);
      seg.push(u);
    }
  });
  return { X, y, seg };
}

for (const spec of [
  { kind: 'mlp', inputDim: 5, hidden: [7, 4] },
  { kind: 'logreg', inputDim: 6, hidden: [] },
] as ModelSpec[]) {
  test(`user-level clipped sum equals a naive per-patient loop (${spec.kind}, patients of 1–6 rows)`, () => {
    const rng = new Rng(['unit-clip', spec.kind]);
    const params = initParams(spec, rng);
    const { X, y, seg } = fixture(rng, [3, 1, 6, 2, 4, 1, 5], spec.inputDim);
    const big = naivePerPatient(spec, params, X, y, seg, 1e9);
    // clip below the largest patient norm, so that clipping really happens
    const C = 0.5 * Math.max(...big.norms);
    const ref = naivePerPatient(spec, params, X, y, seg, C);
    const got = fastUnit(spec, params, X, y, seg, C);
    assertClose(got.norms, ref.norms, 1e-4, 1e-6, 'patient norm');
    assertClose(got.sum, ref.sum, 1e-4, 1e-6, 'clipped sum');
    assert.ok(ref.norms.some((n) => n > C) && ref.norms.some((n) => n < C), 'some patients clipped, some not');
  });
}

test('with one row per patient the user-level sum equals the record-level clipped sum', () => {
  const spec: ModelSpec = { kind: 'mlp', inputDim: 4, hidden: [6] };
  const rng = new Rng(['unit-one-row']);
  const params = initParams(spec, rng);
  const { X, y, seg } = fixture(rng, Array(11).fill(1), 4);
  const layers = uploadParams(tf, spec, params);
  const x = tf.tensor2d(X.flat(), [X.length, 4]);
  const yt = tf.tensor2d(y, [y.length, 1]);
  const rec = clippedGradientSum(tf, layers, x, yt, 0.3);
  const recSum = rec.sum.dataSync();
  const recNorms = rec.sqNorms?.dataSync() ?? new Float32Array(0);
  const got = fastUnit(spec, params, X, y, seg, 0.3);
  assertClose(got.sum, recSum, 1e-5, 1e-7, 'sum');
  assertClose(
    got.norms.map((n) => n * n),
    recNorms,
    1e-5,
    1e-7,
    'squared norms',
  );
  rec.sum.dispose();
  rec.sqNorms?.dispose();
  x.dispose();
  yt.dispose();
  disposeLayers(layers);
});

test('isolation: changing all rows of one patient changes the user-level sum by at most 2C', () => {
  const spec: ModelSpec = { kind: 'mlp', inputDim: 4, hidden: [8] };
  const rng = new Rng(['unit-isolation']);
  const params = initParams(spec, rng);
  const { X, y, seg } = fixture(rng, [4, 2, 5, 3], 4);
  const C = 0.7;
  const a = fastUnit(spec, params, X, y, seg, C).sum;
  for (let u = 0; u < 4; u++) {
    const X2 = X.map((r, i) => (seg[i] === u ? r.map(() => rng.normal() * 20) : r.slice()));
    const y2 = y.map((v, i) => (seg[i] === u ? 1 - v : v));
    const b = fastUnit(spec, params, X2, y2, seg, C).sum;
    let d2 = 0;
    for (let j = 0; j < a.length; j++) d2 += (a[j] - b[j]) ** 2;
    assert.ok(Math.sqrt(d2) <= 2 * C * (1 + 1e-5), `change ${Math.sqrt(d2)} > 2C`);
  }
});
