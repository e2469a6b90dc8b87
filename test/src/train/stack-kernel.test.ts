import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testTf, assertClose } from '../../helpers/backend.js';
import type { ModelSpec } from '../../../src/model/spec.js';
import { resolveStepKernel, trainStack, type DeviceData, type StackMember, type StepKernel } from '../../../src/train/stack.js';
import { syntheticLinear } from '../../helpers/synthetic.js';

const tf = await testTf();

function data(n: number, d: number, seed: string): DeviceData {
  const { X, y } = syntheticLinear(n, d, seed);
  return { X: tf.tensor2d(X, [n, d]), y: tf.tensor2d(y, [n, 1]), host: { X, y, d } };
}

const member = (rows: Int32Array, mode: StackMember['mode'], sigma: number, k: number): StackMember => ({
  rows,
  mode,
  noiseMultiplier: sigma,
  initSeed: ['init', k],
  batchSeed: ['batch', k],
  noiseSeed: ['noise', k],
});

for (const spec of [
  { kind: 'mlp', inputDim: 11, hidden: [16, 8] },
  { kind: 'logreg', inputDim: 7, hidden: [] },
] as ModelSpec[]) {
  test(`a short training run on the WebAssembly kernel equals the tfjs run within float32 tolerance (${spec.kind})`, () => {
    const dd = data(600, spec.inputDim, `kernel-run-${spec.kind}`);
    const rows = Int32Array.from({ length: 500 }, (_, i) => i + 50);
    const members = [member(rows, 'nondp', 0, 0), member(rows, 'cliponly', 0, 1), member(rows, 'dp', 0.8, 2)];
    const hyper = { spec, sampleRate: 0.1, steps: 20, clip: 0.5, optimizer: { name: 'sgd' as const, lr: 0.1 } };
    const run = (kernel: StepKernel) => trainStack(tf, dd, members, { ...hyper, kernel });
    const k = run('wasm-simd');
    const t = run('tfjs');
    for (let m = 0; m < members.length; m++) {
      assert.equal(k[m].kernel, 'wasm-simd');
      assert.equal(t[m].kernel, 'tfjs');
      // same Poisson batches and noise streams
      assert.equal(k[m].meanBatchSize, t[m].meanBatchSize);
      assert.equal(k[m].emptySteps, t[m].emptySteps);
      assertClose(k[m].params, t[m].params, 1e-4, 1e-5, `${members[m].mode} params`);
    }
    // training really moved the parameters (the comparison is not between two initialisations)
    const init = trainStack(tf, dd, members, { ...hyper, steps: 0 });
    let moved = 0;
    for (let i = 0; i < init[0].params.length; i++) moved = Math.max(moved, Math.abs(init[0].params[i] - k[0].params[i]));
    assert.ok(moved > 1e-2, `parameters moved by ${moved}`);
    // deterministic: the same run twice gives the same bits
    assert.deepEqual(run('wasm-simd')[2].params, k[2].params);
  });
}

test('the kernel covers the dense families only; DPAUDIT_KERNEL=tfjs forces the general path', () => {
  assert.equal(resolveStepKernel('auto', 'mlp'), process.env.DPAUDIT_KERNEL === 'tfjs' ? 'tfjs' : 'wasm-simd');
  assert.equal(resolveStepKernel('tfjs', 'mlp'), 'tfjs');
  assert.equal(resolveStepKernel('wasm-simd', 'some-other-family'), 'tfjs');
  const saved = process.env.DPAUDIT_KERNEL;
  process.env.DPAUDIT_KERNEL = 'tfjs';
  try {
    assert.equal(resolveStepKernel(undefined, 'logreg'), 'tfjs');
    assert.equal(resolveStepKernel('wasm-simd', 'logreg'), 'wasm-simd');
  } finally {
    if (saved === undefined) delete process.env.DPAUDIT_KERNEL;
    else process.env.DPAUDIT_KERNEL = saved;
  }
});

test('user-level members stay on tfjs beside record-level members on the kernel', () => {
  const spec: ModelSpec = { kind: 'mlp', inputDim: 5, hidden: [6] };
  const dd = data(200, 5, 'kernel-units');
  const rows = Int32Array.from({ length: 200 }, (_, i) => i);
  const unitOfRow = Int32Array.from({ length: 200 }, (_, i) => Math.floor(i / 3));
  const res = trainStack(tf, dd, [member(rows, 'dp', 1, 0), { ...member(rows, 'dp', 1, 1), unitOfRow }], {
    spec,
    sampleRate: 0.1,
    steps: 3,
    clip: 1,
    optimizer: { name: 'sgd', lr: 0.1 },
    kernel: 'wasm-simd',
  });
  assert.deepEqual(
    res.map((r) => r.kernel),
    ['wasm-simd', 'tfjs'],
  );
});
