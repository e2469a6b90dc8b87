import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as tfjs from '@tensorflow/tfjs';
import { testTf, assertClose } from '../../helpers/backend.js';
import { Rng } from '../../../src/random/rng.js';
import type { ModelSpec } from '../../../src/model/spec.js';
import { trainStack, type StackMember } from '../../../src/train/stack.js';
import { syntheticLinear } from '../../helpers/synthetic.js';

const tf = await testTf();

function data(n: number, d: number, seed: string) {
  const { X, y } = syntheticLinear(n, d, seed);
  return { X: tf.tensor2d(X, [n, d]) as tfjs.Tensor2D, y: tf.tensor2d(y, [n, 1]) as tfjs.Tensor2D };
}

const member = (rows: Int32Array, mode: StackMember['mode'], sigma: number, k: number | string, noiseTag = 'n'): StackMember => ({
  rows,
  mode,
  noiseMultiplier: sigma,
  initSeed: ['init', k],
  batchSeed: ['batch', k],
  noiseSeed: [noiseTag, k],
});

test('noise: dp − cliponly after one SGD step has per-coordinate std σC/(qN) (within 3 %)', () => {
  const spec: ModelSpec = { kind: 'mlp', inputDim: 20, hidden: [100, 40] }; // 6 241 parameters
  const dd = data(400, 20, 'noise');
  const rows = Int32Array.from({ length: 400 }, (_, i) => i);
  const sigma = 1.3;
  const C = 0.8;
  const q = 0.1;
  const hyper = { spec, sampleRate: q, steps: 1, clip: C, optimizer: { name: 'sgd' as const, lr: 1 } };
  const [dp, clip] = trainStack(tf, dd, [member(rows, 'dp', sigma, 0), member(rows, 'cliponly', 0, 0)], hyper);
  const n = dp.params.length;
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const z = (clip.params[i] - dp.params[i]) * q * 400; // = noise coordinate
    s += z;
    s2 += z * z;
  }
  const sd = Math.sqrt(s2 / n - (s / n) ** 2);
  assert.ok(Math.abs(sd / (sigma * C) - 1) < 0.03, `noise std ${sd} vs σC ${sigma * C}`);
  assert.ok(Math.abs(s / n) < 4 * ((sigma * C) / Math.sqrt(n)), 'noise has mean 0');
  dd.X.dispose();
  dd.y.dispose();
});

test('cliponly adds no noise: two cliponly members with different noise streams are identical', () => {
  const spec: ModelSpec = { kind: 'logreg', inputDim: 5, hidden: [] };
  const dd = data(200, 5, 'clip');
  const rows = Int32Array.from({ length: 200 }, (_, i) => i);
  const hyper = { spec, sampleRate: 0.1, steps: 20, clip: 0.5, optimizer: { name: 'adam' as const, lr: 0.01 } };
  const [a, b] = trainStack(tf, dd, [member(rows, 'cliponly', 0, 0, 'x'), member(rows, 'cliponly', 0, 0, 'y')], hyper);
  assert.deepEqual(Array.from(a.params), Array.from(b.params));
  dd.X.dispose();
  dd.y.dispose();
});

test('a stack trains each member exactly as training it alone (10 steps, relative 1e-4)', () => {
  const spec: ModelSpec = { kind: 'mlp', inputDim: 6, hidden: [8] };
  const dd = data(300, 6, 'stack');
  const rng = new Rng(['masks']);
  const rowsOf = () => Int32Array.from(Array.from({ length: 300 }, (_, i) => i).filter(() => rng.next() < 0.5));
  const members = [
    member(rowsOf(), 'dp', 0.9, 1),
    member(rowsOf(), 'nondp', 0, 2),
    member(rowsOf(), 'cliponly', 0, 3),
    member(rowsOf(), 'dp', 2, 4),
  ];
  const hyper = { spec, sampleRate: 0.05, steps: 10, clip: 1, optimizer: { name: 'adam' as const, lr: 0.01 } };
  const together = trainStack(tf, dd, members, hyper);
  members.forEach((m, k) => {
    const alone = trainStack(tf, dd, [m], hyper)[0];
    assertClose(together[k].params, alone.params, 1e-4, 1e-6, `member ${k}`);
    assert.equal(together[k].emptySteps, alone.emptySteps);
  });
  // and training moved the parameters away from the shared initialisation
  const init = trainStack(tf, dd, [members[0]], { ...hyper, steps: 0 })[0].params;
  assert.ok(together[0].params.some((v, i) => Math.abs(v - init[i]) > 1e-3));
  dd.X.dispose();
  dd.y.dispose();
});

test('nondp skips empty batches; dp takes noise-only steps on them', () => {
  const spec: ModelSpec = { kind: 'logreg', inputDim: 3, hidden: [] };
  const dd = data(10, 3, 'empty');
  const rows = Int32Array.from({ length: 10 }, (_, i) => i);
  const hyper = { spec, sampleRate: 0.02, steps: 50, clip: 1, optimizer: { name: 'sgd' as const, lr: 0.1 } };
  const [nd, dp] = trainStack(tf, dd, [member(rows, 'nondp', 0, 0), member(rows, 'dp', 1, 0)], hyper);
  assert.ok(nd.emptySteps > 30, `expected mostly empty batches, got ${nd.emptySteps}`);
  assert.equal(nd.optimizerSteps, 50 - nd.emptySteps);
  assert.equal(dp.optimizerSteps, 50);
  assert.equal(dp.emptySteps, nd.emptySteps, 'same Poisson batch sequence');
  dd.X.dispose();
  dd.y.dispose();
});

test('secure noise (node:crypto) has std σC and differs between runs, unlike the seeded stream', () => {
  const spec: ModelSpec = { kind: 'mlp', inputDim: 20, hidden: [100, 40] };
  const dd = data(400, 20, 'secure');
  const rows = Int32Array.from({ length: 400 }, (_, i) => i);
  const sigma = 0.7;
  const q = 0.1;
  const hyper = { spec, sampleRate: q, steps: 1, clip: 1, optimizer: { name: 'sgd' as const, lr: 1 } };
  const secure = { ...member(rows, 'dp', sigma, 0), secureNoise: true };
  const [s1, clip] = trainStack(tf, dd, [secure, member(rows, 'cliponly', 0, 0)], hyper);
  const [s2] = trainStack(tf, dd, [secure], hyper);
  let s2sum = 0;
  for (let i = 0; i < s1.params.length; i++) s2sum += ((clip.params[i] - s1.params[i]) * q * 400) ** 2;
  const sd = Math.sqrt(s2sum / s1.params.length);
  assert.ok(Math.abs(sd / sigma - 1) < 0.03, `secure noise std ${sd} vs ${sigma}`);
  assert.notDeepEqual(Array.from(s1.params), Array.from(s2.params), 'secure noise is not reproducible');
  const [a] = trainStack(tf, dd, [member(rows, 'dp', sigma, 0)], hyper);
  const [b] = trainStack(tf, dd, [member(rows, 'dp', sigma, 0)], hyper);
  assert.deepEqual(Array.from(a.params), Array.from(b.params), 'seeded noise is reproducible');
  dd.X.dispose();
  dd.y.dispose();
});
