import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as tfjs from '@tensorflow/tfjs';
import { testTf } from '../../helpers/backend.js';
import { Rng } from '../../../src/random/rng.js';
import type { ModelSpec } from '../../../src/model/spec.js';
import { CANARY_RAW_NORM, canaryKernelLoaded, GradientCanaries } from '../../../src/train/gradient-canaries.js';
import { privatizedGradient, trainStack, type StackMember, type TrainerFault } from '../../../src/train/stack.js';

const tf = await testTf();

function data(n: number, d: number) {
  const rng = new Rng(['gc-data']);
  const X = Float32Array.from({ length: n * d }, () => rng.normal());
  const y = Float32Array.from({ length: n }, () => (rng.next() < 0.5 ? 1 : 0));
  return { X: tf.tensor2d(X, [n, d]) as tfjs.Tensor2D, y: tf.tensor2d(y, [n, 1]) as tfjs.Tensor2D };
}

const spec: ModelSpec = { kind: 'logreg', inputDim: 4, hidden: [] };
const rows = Int32Array.from({ length: 200 }, (_, i) => i);
const member = (mode: StackMember['mode'], sigma: number): StackMember => ({
  rows,
  mode,
  noiseMultiplier: sigma,
  initSeed: ['init'],
  batchSeed: ['batch'],
  noiseSeed: ['noise'],
});
const q = 0.1;
const T = 30;
const hyper = (clip: number) => ({ spec, sampleRate: q, steps: T, clip, optimizer: { name: 'sgd' as const, lr: 0.1 } });

function run(mode: StackMember['mode'], sigma: number, clip: number, m: number, fault?: TrainerFault, score?: 'sum' | 'lr') {
  const dd = data(200, 4);
  const gc = new GradientCanaries(m, ['gc-test'], { noiseMultiplier: sigma, sampleRate: q }, score);
  const withC = { ...member(mode, sigma), canaries: gc };
  const [res] = trainStack(tf, dd, [withC], hyper(clip), undefined, fault ? { fault } : undefined);
  const [plain] = trainStack(tf, dd, [member(mode, sigma)], hyper(clip), undefined, fault ? { fault } : undefined);
  dd.X.dispose();
  dd.y.dispose();
  return { res, plain, gc: gc.result() };
}

test('gradient canaries leave the model untouched (own coordinates, own noise stream)', () => {
  const { res, plain } = run('dp', 1.1, 0.7, 500);
  assert.deepEqual(Array.from(res.params), Array.from(plain.params));
});

test('without noise the sum score counts the Poisson draws: OUT canaries 0, IN canaries Binomial(T, q)', () => {
  const { gc } = run('cliponly', 0, 2.5, 4000);
  assert.equal(gc.score, 'sum');
  let inSum = 0;
  let nIn = 0;
  for (let j = 0; j < gc.m; j++) {
    const s = gc.scores[j];
    assert.ok(Math.abs(s - Math.round(s)) < 1e-9, `score ${s} is a draw count`);
    if (gc.included[j]) {
      inSum += s;
      nIn++;
    } else assert.equal(s, 0);
  }
  // Mean draws of an IN canary: qT = 3 (sd of the mean √(qT(1−q)/nIn) ≈ 0.04).
  assert.ok(Math.abs(inSum / nIn - q * T) < 0.2, `mean draws ${inSum / nIn}`);
  assert.ok(nIn > 1800 && nIn < 2200);
});

test('with noise σ: sum score of OUT canaries has sd σ√T, IN canaries mean q·T more (C ≠ 1)', () => {
  const sigma = 1.5;
  const { gc } = run('dp', sigma, 3, 20000, undefined, 'sum');
  const stats = (side: number) => {
    let s = 0;
    let s2 = 0;
    let c = 0;
    for (let j = 0; j < gc.m; j++)
      if (gc.included[j] === side) {
        s += gc.scores[j];
        s2 += gc.scores[j] ** 2;
        c++;
      }
    return { mean: s / c, sd: Math.sqrt(s2 / c - (s / c) ** 2) };
  };
  const out = stats(0);
  const inn = stats(1);
  const sd = sigma * Math.sqrt(T);
  assert.ok(Math.abs(out.sd / sd - 1) < 0.03, `OUT sd ${out.sd} vs ${sd}`);
  assert.ok(Math.abs(out.mean) < (4 * sd) / Math.sqrt(10000));
  assert.ok(Math.abs(inn.mean - out.mean - q * T) < (6 * sd) / Math.sqrt(10000), `shift ${inn.mean - out.mean}`);
});

test('seeded faults reach the canary coordinates: noise off, noise ¼, noise not scaled by C, rate 4×', () => {
  const sigma = 2;
  const C = 4;
  const outSd = (fault: TrainerFault) => {
    const { gc } = run('dp', sigma, C, 4000, fault, 'sum');
    let s2 = 0;
    let c = 0;
    for (let j = 0; j < gc.m; j++)
      if (!gc.included[j]) {
        s2 += gc.scores[j] ** 2;
        c++;
      }
    return Math.sqrt(s2 / c) / Math.sqrt(T);
  };
  assert.equal(outSd('noise-off'), 0);
  assert.ok(Math.abs(outSd('none') / sigma - 1) < 0.06);
  assert.ok(Math.abs(outSd('noise-quarter') / (sigma / 4) - 1) < 0.06);
  assert.ok(Math.abs(outSd('noise-unscaled') / (sigma / C) - 1) < 0.06);
  // rate 4×: IN canaries drawn 4qT times on average (no noise to see it clearly).
  const { gc } = run('cliponly', 0, 1, 4000, 'rate-4x');
  let s = 0;
  let c = 0;
  for (let j = 0; j < gc.m; j++)
    if (gc.included[j]) {
      s += gc.scores[j];
      c++;
    }
  assert.ok(Math.abs(s / c - 4 * q * T) < 0.3, `mean draws ${s / c}`);
});

test('likelihood-ratio score: log(1 − q + q·exp((x − ½)/σ²)) summed over steps (hand case on one step)', () => {
  const gc = new GradientCanaries(2, ['lr-hand'], { noiseMultiplier: 2, sampleRate: 0.25 });
  // Observe one update with x = 1.5 and x = −1 (in units of C), normaliser B = 10, C = 2.
  gc.addCanaries(new Float32Array(2), 0, 2); // sets C, draws nothing at rate 0
  gc.observe(Float64Array.from([(1.5 * 2) / 10, (-1 * 2) / 10]), 10);
  const want = (x: number) => Math.log(0.75 + 0.25 * Math.exp((x - 0.5) / 4));
  // The score adds softplus through a table accurate to 2e-11 (src/math/softplus.ts).
  assert.ok(Math.abs(gc.scores[0] - want(1.5)) < 1e-10);
  assert.ok(Math.abs(gc.scores[1] - want(-1)) < 1e-10);
});

test('canaries pass through the trainer clip bound: C when it clips, the raw norm 100·C with clipping off', () => {
  const C = 2;
  const meanInDraw = (fault: TrainerFault | undefined) => {
    // No noise: an IN canary's sum score is (its contribution / C) × its draw count; OUT canaries score 0.
    const { gc } = run('cliponly', 0, C, 3000, fault, 'sum');
    let s = 0;
    let c = 0;
    for (let j = 0; j < gc.m; j++) {
      if (gc.included[j]) {
        s += gc.scores[j];
        c++;
      } else assert.equal(gc.scores[j], 0);
    }
    return s / c;
  };
  const clipped = meanInDraw(undefined);
  const unclipped = meanInDraw('clip-off');
  // Same draws (same seed): the ratio is exactly the raw norm factor.
  assert.ok(Math.abs(clipped - q * T) < 0.25, `clipped mean ${clipped}`);
  assert.ok(Math.abs(unclipped / clipped - CANARY_RAW_NORM) < 1e-6 * CANARY_RAW_NORM, `ratio ${unclipped / clipped}`);
  assert.equal(CANARY_RAW_NORM, 100);
  // A hand case: bound above the raw norm adds the raw norm; below it, the bound.
  // First seed whose single canary is IN (each is IN with probability ½).
  let gc = new GradientCanaries(1, ['hand', 0], { noiseMultiplier: 0, sampleRate: 1 });
  for (let k = 1; !gc.included[0]; k++) gc = new GradientCanaries(1, ['hand', k], { noiseMultiplier: 0, sampleRate: 1 });
  const sum = new Float32Array(1);
  gc.addCanaries(sum, 1, 0.5, 1000);
  assert.equal(sum[0], 50);
  sum[0] = 0;
  gc.addCanaries(sum, 1, 0.5, 3);
  assert.equal(sum[0], 3);
  sum[0] = 0;
  gc.addCanaries(sum, 1, 0.5, null);
  assert.equal(sum[0], 50);
});

test('the fused privatise-and-score (WebAssembly) gives the scores of privatizedGradient then observe, bit for bit', () => {
  // Node 20 has WebAssembly SIMD: without the kernel, observePrivatized would run the very loops it is compared with.
  assert.ok(canaryKernelLoaded());
  const m = 20000;
  for (const [sigma, score] of [
    [1.3, 'lr'],
    [0.4, 'lr'],
    [1.3, 'sum'],
  ] as const) {
    const fused = new GradientCanaries(m, ['fused'], { noiseMultiplier: sigma, sampleRate: 0.05 }, score);
    const loops = new GradientCanaries(m, ['fused'], { noiseMultiplier: sigma, sampleRate: 0.05 }, score);
    const rng = new Rng(17);
    const sum = new Float32Array(m);
    const noise = new Float32Array(m);
    const update = new Float64Array(8192);
    for (let t = 0; t < 6; t++) {
      fused.addCanaries(sum, 0.05, 2);
      loops.addCanaries(new Float32Array(m), 0.05, 2);
      // Noise wide enough that c + k·x leaves the softplus table on both sides now and then (the exact branch).
      for (let j = 0; j < m; j++) noise[j] = rng.normal() * (j % 97 === 0 ? 400 : 2 * sigma);
      const noisy = t % 3 !== 2;
      for (let a = 0; a < m; a += 8192) {
        const len = Math.min(8192, m - a);
        const s = sum.subarray(a, a + len);
        const z = noisy ? noise.subarray(a, a + len) : null;
        fused.observePrivatized(s, z, 37.5, a);
        const u = update.subarray(0, len);
        privatizedGradient(u, s, z, 37.5);
        loops.observe(u, 37.5, a);
      }
      sum.fill(0);
    }
    let differ = 0;
    for (let j = 0; j < m; j++) if (!Object.is(fused.scores[j], loops.scores[j])) differ++;
    assert.equal(differ, 0, `σ ${sigma}, ${score}`);
    assert.ok(fused.scores.some((x) => x !== 0));
  }
});

test('observePrivatized refuses a chunk longer than the kernel’s or noise shorter than the chunk (a caller bug, not a slow path)', () => {
  const gc = new GradientCanaries(9000, ['c'], { noiseMultiplier: 1, sampleRate: 0.05 }, 'lr');
  assert.throws(() => gc.observePrivatized(new Float32Array(8193), null, 10, 0), RangeError);
  assert.throws(() => gc.observePrivatized(new Float32Array(100), new Float32Array(99), 10, 0), RangeError);
  gc.observePrivatized(new Float32Array(100), new Float32Array(100), 10, 0);
});
