import { test } from 'node:test';
import assert from 'node:assert/strict';
import { samplingFor } from '../../../src/train/plan.js';
import { resolveTrainConfig } from '../../../src/train/config.js';

test('steps T = ceil(epochs / q) without floating-point round-up', () => {
  const cfg = resolveTrainConfig({ batchSize: 16, epochs: 2 });
  assert.deepEqual(samplingFor(cfg, 856), { sampleRate: 16 / 856, steps: 107 });
  // a scan against exact integer arithmetic: T = ceil(epochs·N / B)
  for (let n = 100; n <= 3000; n += 7) {
    for (const [b, e] of [
      [16, 2],
      [256, 20],
      [64, 3],
    ] as const) {
      const got = samplingFor(resolveTrainConfig({ batchSize: b, epochs: e }), n).steps;
      const want = b >= n ? e : Math.floor((e * n + b - 1) / b); // q = min(1, B/N)
      assert.equal(got, want, `N = ${n}, B = ${b}, epochs = ${e}`);
    }
  }
  // B ≥ N: q = 1, one step per epoch
  assert.deepEqual(samplingFor(resolveTrainConfig({ batchSize: 256, epochs: 3 }), 100), { sampleRate: 1, steps: 3 });
});
