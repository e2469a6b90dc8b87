import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as tfjs from '@tensorflow/tfjs';
import { testTf, assertClose } from '../../../helpers/backend.js';
import { Rng } from '../../../../src/random/rng.js';
import { initParams, layerShapes, paramCount, type ModelSpec } from '../../../../src/model/spec.js';
import { uploadParams, disposeLayers } from '../../../../src/model/forward.js';
import { clippedGradientSum } from '../../../../src/model/families/dense-clipped-sum.js';

const tf = await testTf();

/** Independent reference: for each example on its own, tf.grad of its own loss, flattened; then norms, clip, sum. */
function naive(spec: ModelSpec, params: Float32Array, X: number[][], y: number[], clip: number | null) {
  const shapes = layerShapes(spec);
  const P = paramCount(spec);
  const norms: number[] = [];
  const sum = new Float64Array(P);
  for (let i = 0; i < X.length; i++) {
    const flat = tf.tidy(() => {
      const vars = shapes.flatMap((l) => [
        tf.tensor2d(params.subarray(l.wOffset, l.wOffset + l.inDim * l.outDim), [l.inDim, l.outDim]),
        tf.tensor1d(params.subarray(l.bOffset, l.bOffset + l.outDim)),
      ]);
      const x = tf.tensor2d([X[i]]);
      const lossOf = (...ws: tfjs.Tensor[]) => {
        let h: tfjs.Tensor = x;
        for (let l = 0; l < shapes.length; l++) {
          h = tf.add(tf.matMul(h as tfjs.Tensor2D, ws[2 * l] as tfjs.Tensor2D), ws[2 * l + 1]);
          if (l < shapes.length - 1) h = tf.relu(h);
        }
        const s = h.reshape([]);
        // binary cross-entropy of one logit: softplus(−s) for y = 1, softplus(s) for y = 0
        return y[i] === 1 ? tf.softplus(tf.neg(s)) : tf.softplus(s);
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
    const c = clip === null ? 1 : Math.min(1, clip / (norm + 1e-6));
    for (let j = 0; j < P; j++) sum[j] += c * g[j];
  }
  return { norms, sum };
}

function randomCase(rng: Rng, n: number, d: number) {
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    X.push(Array.from({ length: d }, () => rng.normal() * 1.5));
    y.push(rng.bernoulli(0.4) ? 1 : 0);
  }
  return { X, y };
}

function fast(spec: ModelSpec, params: Float32Array, X: number[][], y: number[], clip: number | null) {
  const layers = uploadParams(tf, spec, params);
  const d = spec.inputDim;
  const x = tf.tensor2d(X.flat(), [X.length, d]);
  const yt = tf.tensor2d(y, [y.length, 1]);
  const r = clippedGradientSum(tf, layers, x, yt, clip);
  const out = { sum: r.sum.dataSync(), norms: r.sqNorms ? Array.from(r.sqNorms.dataSync(), Math.sqrt) : null };
  r.sum.dispose();
  r.sqNorms?.dispose();
  x.dispose();
  yt.dispose();
  disposeLayers(layers);
  return out;
}

for (const spec of [
  { kind: 'mlp', inputDim: 5, hidden: [7, 4] },
  { kind: 'logreg', inputDim: 6, hidden: [] },
] as ModelSpec[]) {
  for (const n of [1, 9]) {
    test(`per-example norms and clipped sum equal a naive tf.grad loop (${spec.kind}, batch ${n})`, () => {
      const rng = new Rng(['clip-test', spec.kind, n]);
      const params = initParams(spec, rng);
      const { X, y } = randomCase(rng, n, spec.inputDim);
      // clip = null: the plain sum of per-example gradients
      const refPlain = naive(spec, params, X, y, null);
      const gotPlain = fast(spec, params, X, y, null);
      assert.equal(gotPlain.norms, null, 'no norms without clipping');
      assertClose(gotPlain.sum, refPlain.sum, 1e-4, 1e-6, 'plain sum');
      // a clipping norm below the largest per-example norm, so that clipping really happens
      const C = 0.6 * Math.max(...refPlain.norms);
      const ref = naive(spec, params, X, y, C);
      const got = fast(spec, params, X, y, C);
      assertClose(got.norms ?? [], refPlain.norms, 1e-4, 1e-6, 'norm');
      assertClose(got.sum, ref.sum, 1e-4, 1e-6, 'clipped sum');
      let changed = 0;
      for (let j = 0; j < ref.sum.length; j++) changed = Math.max(changed, Math.abs(ref.sum[j] - refPlain.sum[j]));
      assert.ok(changed > 1e-3, 'clipping did not change the sum');
    });
  }
}

test('empty batch gives a zero clipped sum of the right length', () => {
  const spec: ModelSpec = { kind: 'mlp', inputDim: 3, hidden: [4] };
  const params = initParams(spec, new Rng(['empty']));
  const layers = uploadParams(tf, spec, params);
  const r = clippedGradientSum(tf, layers, tf.zeros([0, 3]) as tfjs.Tensor2D, tf.zeros([0, 1]) as tfjs.Tensor2D, 1);
  const s = r.sum.dataSync();
  assert.equal(s.length, paramCount(spec));
  assert.ok(s.every((v) => v === 0));
  disposeLayers(layers);
});

test('isolation: changing one example changes the clipped sum by at most 2C', () => {
  const spec: ModelSpec = { kind: 'mlp', inputDim: 4, hidden: [8] };
  const rng = new Rng(['isolation']);
  const params = initParams(spec, rng);
  const { X, y } = randomCase(rng, 12, 4);
  const C = 0.7;
  const a = fast(spec, params, X, y, C).sum;
  for (let trial = 0; trial < 5; trial++) {
    const X2 = X.map((r) => r.slice());
    const y2 = y.slice();
    X2[trial] = X2[trial].map(() => rng.normal() * 20);
    y2[trial] = 1 - y2[trial];
    const b = fast(spec, params, X2, y2, C).sum;
    let d2 = 0;
    for (let j = 0; j < a.length; j++) d2 += (a[j] - b[j]) ** 2;
    assert.ok(Math.sqrt(d2) <= 2 * C * (1 + 1e-5), `change ${Math.sqrt(d2)} > 2C`);
  }
});
