import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testTf, assertClose } from '../../../helpers/backend.js';
import { Rng } from '../../../../src/random/rng.js';
import { initParams, layerShapes, paramCount, type ModelSpec } from '../../../../src/model/spec.js';
import { uploadParams, disposeLayers, predictLogits } from '../../../../src/model/forward.js';
import { clippedGradientSum } from '../../../../src/model/families/dense-clipped-sum.js';
import { DenseKernel } from '../../../../src/model/kernel/dense-kernel.js';

const tf = await testTf();

/**
 * Independent reference in float64: each example on its own — forward, backward by the chain rule, its full
 * gradient vector, its norm, clip factor min(1, C/(‖g‖+1e-6)), sum.
 */
function naive64(spec: ModelSpec, params: Float32Array, X: Float32Array, y: Float32Array, rows: Int32Array, clip: number | null) {
  const shapes = layerShapes(spec);
  const d = spec.inputDim;
  const P = paramCount(spec);
  const sum = new Float64Array(P);
  const sq: number[] = [];
  const logits: number[] = [];
  for (const r of rows) {
    const acts: number[][] = [Array.from(X.subarray(r * d, r * d + d))];
    for (let l = 0; l < shapes.length; l++) {
      const L = shapes[l];
      const a = acts[l];
      const z = new Array<number>(L.outDim).fill(0);
      for (let j = 0; j < L.outDim; j++) {
        let s = params[L.bOffset + j];
        for (let k = 0; k < L.inDim; k++) s += a[k] * params[L.wOffset + k * L.outDim + j];
        z[j] = l < shapes.length - 1 ? Math.max(0, s) : s;
      }
      acts.push(z);
    }
    const s = acts[shapes.length][0];
    logits.push(s);
    const g = new Float64Array(P);
    let delta = [1 / (1 + Math.exp(-s)) - y[r]];
    for (let l = shapes.length - 1; l >= 0; l--) {
      const L = shapes[l];
      const a = acts[l];
      for (let k = 0; k < L.inDim; k++) for (let j = 0; j < L.outDim; j++) g[L.wOffset + k * L.outDim + j] = a[k] * delta[j];
      for (let j = 0; j < L.outDim; j++) g[L.bOffset + j] = delta[j];
      if (l > 0) {
        const prev = new Array<number>(L.inDim).fill(0);
        for (let k = 0; k < L.inDim; k++) {
          let t = 0;
          for (let j = 0; j < L.outDim; j++) t += delta[j] * params[L.wOffset + k * L.outDim + j];
          prev[k] = a[k] > 0 ? t : 0;
        }
        delta = prev;
      }
    }
    let n2 = 0;
    for (let j = 0; j < P; j++) n2 += g[j] * g[j];
    sq.push(n2);
    const c = clip === null ? 1 : Math.min(1, clip / (Math.sqrt(n2) + 1e-6));
    for (let j = 0; j < P; j++) sum[j] += c * g[j];
  }
  return { sum, sq, logits };
}

function fixture(seed: string, n: number, d: number) {
  const rng = new Rng(['dense-kernel-test', seed]);
  const X = new Float32Array(n * d);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) X[i * d + k] = rng.normal() * 1.5;
    y[i] = rng.bernoulli(0.4) ? 1 : 0;
  }
  return { X, y, rng };
}

/** The tfjs path's clipped sum (dense-clipped-sum.ts) on the same rows. */
function tfjsSum(spec: ModelSpec, params: Float32Array, X: Float32Array, y: Float32Array, rows: Int32Array, clip: number | null) {
  const d = spec.inputDim;
  const layers = uploadParams(tf, spec, params);
  const xs = new Float32Array(rows.length * d);
  const ys = new Float32Array(rows.length);
  rows.forEach((r, i) => {
    xs.set(X.subarray(r * d, r * d + d), i * d);
    ys[i] = y[r];
  });
  const x = tf.tensor2d(xs, [rows.length, d]);
  const yt = tf.tensor2d(ys, [rows.length, 1]);
  const r = clippedGradientSum(tf, layers, x, yt, clip);
  const out = { sum: Float32Array.from(r.sum.dataSync()), sq: r.sqNorms ? Float32Array.from(r.sqNorms.dataSync()) : null };
  r.sum.dispose();
  r.sqNorms?.dispose();
  x.dispose();
  yt.dispose();
  disposeLayers(layers);
  return out;
}

const specs: ModelSpec[] = [
  { kind: 'mlp', inputDim: 5, hidden: [7, 4] },
  { kind: 'mlp', inputDim: 23, hidden: [64, 64] },
  { kind: 'mlp', inputDim: 8, hidden: [20] },
  { kind: 'logreg', inputDim: 6, hidden: [] },
  { kind: 'logreg', inputDim: 16, hidden: [] },
];

for (const spec of specs) {
  test(`kernel clipped sum, norms and logits equal a float64 per-example loop and the tfjs rule (${spec.kind} ${spec.inputDim}→${spec.hidden.join('→')})`, () => {
    const n = 701; // more than one chunk of the kernel, an odd last chunk
    const { X, y, rng } = fixture(`${spec.kind}${spec.inputDim}`, n, spec.inputDim);
    const params = initParams(spec, rng);
    for (let i = 0; i < spec.hidden.length; i++) params[layerShapes(spec)[i].bOffset] = 0.05; // nonzero biases
    const rows = Int32Array.from({ length: 601 }, () => Math.floor(rng.next() * n));
    const k = new DenseKernel();
    k.setData(X, y, spec.inputDim);
    const P = paramCount(spec);
    const plain = k.clippedSum(spec, params, rows, null, new Float32Array(P));
    const ref0 = naive64(spec, params, X, y, rows, null);
    assertClose(plain, ref0.sum, 1e-4, 1e-5, 'plain sum vs float64');
    const C = 0.5 * Math.sqrt(Math.max(...ref0.sq));
    const sq = new Float32Array(rows.length);
    const clipped = k.clippedSum(spec, params, rows, C, new Float32Array(P), sq);
    const ref = naive64(spec, params, X, y, rows, C);
    assertClose(sq, ref.sq, 1e-4, 1e-6, 'squared norms vs float64');
    assertClose(clipped, ref.sum, 1e-4, 1e-5, 'clipped sum vs float64');
    let changed = 0;
    for (let j = 0; j < P; j++) changed = Math.max(changed, Math.abs(ref.sum[j] - ref0.sum[j]));
    assert.ok(changed > 1e-3, 'clipping did not change the sum');
    const t = tfjsSum(spec, params, X, y, rows, C);
    assertClose(clipped, t.sum, 1e-4, 1e-5, 'clipped sum vs tfjs');
    assertClose(sq, t.sq ?? [], 1e-4, 1e-6, 'squared norms vs tfjs');
    assertClose(k.logits(spec, params, rows), ref.logits, 1e-4, 1e-5, 'logits vs float64');
    const all = k.logits(spec, params);
    assertClose(all, predictLogits(tf, spec, params, tf.tensor2d(X, [n, spec.inputDim])), 1e-4, 1e-5, 'logits vs tfjs');
  });
}

test('kernel: an empty batch gives a zero sum; new data replaces the old', () => {
  const spec: ModelSpec = { kind: 'mlp', inputDim: 3, hidden: [4] };
  const { X, y, rng } = fixture('empty', 10, 3);
  const params = initParams(spec, rng);
  const k = new DenseKernel();
  k.setData(X, y, 3);
  const out = new Float32Array(paramCount(spec)).fill(7);
  k.clippedSum(spec, params, new Int32Array(0), 1, out);
  assert.ok(out.every((v) => v === 0));
  const b = fixture('other', 4, 3);
  k.setData(b.X, b.y, 3);
  const rows = Int32Array.from([0, 1, 2, 3]);
  assertClose(
    k.clippedSum(spec, params, rows, null, new Float32Array(paramCount(spec))),
    naive64(spec, params, b.X, b.y, rows, null).sum,
    1e-4,
    1e-6,
  );
});
