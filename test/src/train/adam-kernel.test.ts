import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AdamKernel } from '../../../src/train/adam-kernel.js';
import { newOptimizerState, optimizerStep, type OptimizerConfig } from '../../../src/train/optimizer.js';
import { Rng } from '../../../src/random/rng.js';

const cfg: OptimizerConfig = { name: 'adam', lr: 0.005 };

/** Adam written out coordinate by coordinate (PyTorch's formula), as an independent reference. */
function naiveAdam(w: Float32Array, g: Float64Array, m: Float64Array, v: Float64Array, t: number, lr: number): void {
  const b1 = 0.9;
  const b2 = 0.999;
  for (let i = 0; i < w.length; i++) {
    m[i] = b1 * m[i] + (1 - b1) * g[i];
    v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
    const mHat = m[i] / (1 - b1 ** t);
    const vHat = v[i] / (1 - b2 ** t);
    w[i] = w[i] - (lr * mHat) / (Math.sqrt(vHat) + 1e-8);
  }
}

test('Adam on the WebAssembly kernel equals the JavaScript loop bit for bit (parameters and moments, odd and even P, several models)', () => {
  for (const P of [1, 2, 7, 4929]) {
    const models = 3;
    const adam = AdamKernel.create(P, models);
    assert.ok(adam, 'WebAssembly SIMD is available here');
    const rng = new Rng(P);
    const wasmParams = Array.from({ length: models }, () => Float32Array.from({ length: P }, () => rng.normal()));
    const jsParams = wasmParams.map((p) => p.slice());
    const ws = wasmParams.map((_, k) => newOptimizerState(cfg, P, { adam, model: k }));
    const js = wasmParams.map(() => newOptimizerState(cfg, P));
    const g = new Float64Array(P);
    for (let t = 0; t < 60; t++) {
      for (let k = 0; k < models; k++) {
        for (let i = 0; i < P; i++) g[i] = rng.normal() * (i % 5 === 0 ? 1e-6 : 1) + (t % 7 === 0 ? 3 : 0);
        adam.grad.set(g);
        optimizerStep(cfg, ws[k], wasmParams[k], adam.grad);
        optimizerStep(cfg, js[k], jsParams[k], g);
      }
    }
    for (let k = 0; k < models; k++) {
      for (let i = 0; i < P; i++) {
        assert.ok(Object.is(wasmParams[k][i], jsParams[k][i]), `P ${P}, model ${k}, w[${i}]`);
        assert.ok(Object.is((ws[k].m as Float64Array)[i], (js[k].m as Float64Array)[i]), `m[${i}]`);
        assert.ok(Object.is((ws[k].v as Float64Array)[i], (js[k].v as Float64Array)[i]), `v[${i}]`);
      }
      assert.equal(ws[k].step, 60);
    }
  }
  // A gradient elsewhere than the kernel's buffer is refused (the kernel would read stale numbers).
  const adam = AdamKernel.create(3, 1) as AdamKernel;
  assert.throws(
    () => optimizerStep(cfg, newOptimizerState(cfg, 3, { adam, model: 0 }), new Float32Array(3), new Float64Array(3)),
    /own gradient/,
  );
});

test('the JavaScript Adam step agrees with the written-out formula (bias-corrected moments) to rounding', () => {
  const P = 50;
  const rng = new Rng(9);
  const w = Float32Array.from({ length: P }, () => rng.normal());
  const ref = w.slice();
  const st = newOptimizerState(cfg, P);
  const m = new Float64Array(P);
  const v = new Float64Array(P);
  const g = new Float64Array(P);
  for (let t = 1; t <= 40; t++) {
    for (let i = 0; i < P; i++) g[i] = rng.normal();
    optimizerStep(cfg, st, w, g);
    naiveAdam(ref, g, m, v, t, cfg.lr);
  }
  for (let i = 0; i < P; i++) assert.ok(Math.abs(w[i] - ref[i]) <= 1e-6 * Math.max(1, Math.abs(ref[i])), `w[${i}] ${w[i]} vs ${ref[i]}`);
});
