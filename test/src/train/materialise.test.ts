import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDataset } from '../../../src/data/dataset.js';
import { encode, fitEncoder } from '../../../src/data/encode.js';
import { resolveTrainConfig } from '../../../src/train/config.js';
import { inclusionMasks } from '../../../src/train/masks.js';
import { materialise, type JobRequest } from '../../../src/train/materialise.js';
import { planArm } from '../../../src/train/plan.js';
import { tempDir, writeFixture } from '../../helpers/tmp.js';

const dir = tempDir();
const lines = ['x,c,y'];
for (let i = 0; i < 200; i++) lines.push(`${(i * 7) % 13},${'abc'[i % 3]},${i % 2}`);
const f = writeFixture(dir, 'm.csv', lines.join('\n') + '\n');
const ds = loadDataset({
  data: f,
  label: 'y',
  sensitive: [],
  drop: [],
  categorical: [],
  lenient: false,
  strict: false,
  minGroupSize: 0,
  testFraction: 0.3,
  validationFraction: 0.15,
  seed: 1,
});
const train = resolveTrainConfig({ epochs: 1, batchSize: 16 });
const plan = planArm({ kind: 'dp', epsilon: 4 }, train, ds.splits.train.length);
const ctx = { rootSeed: 5, train };
const job = (kind: 'models' | 'canary'): JobRequest => ({
  id: `s1/${plan.arm}/${kind}`,
  kind,
  seedIndex: 1,
  plan,
  fleetModels: kind === 'models' ? 3 : 0,
  masks: 'bernoulli',
  canaries: kind === 'canary' ? 20 : 0,
});

test('models job: release on the pool, fleet on its inclusion masks, every model scored on pool, validation, test', () => {
  const m = materialise(ds, ctx, job('models'));
  const pool = ds.splits.train;
  assert.equal(m.inputs.models.length, 4);
  assert.deepEqual(m.inputs.models[0].trainRows, pool);
  const mask = inclusionMasks(3, pool.length, 'bernoulli', [5, 1]);
  assert.deepEqual(m.inMask, mask);
  for (let k = 0; k < 3; k++) {
    const expected = [...pool].filter((_, i) => mask[k * pool.length + i] === 1);
    assert.deepEqual([...m.inputs.models[k + 1].trainRows], expected);
  }
  assert.deepEqual([...m.inputs.scoreRows], [...pool, ...ds.splits.validation, ...ds.splits.test]);
  const L = m.layout as NonNullable<typeof m.layout>;
  assert.deepEqual(L.test, [pool.length + ds.splits.validation.length, m.inputs.scoreRows.length]);
  // Features: the training-pool encoder on every row; csvRows are 1-based CSV data rows.
  const enc = encode(
    ds,
    fitEncoder(ds, pool),
    Int32Array.from({ length: ds.y.length }, (_, i) => i),
  );
  assert.deepEqual(m.inputs.features?.X, enc.X);
  assert.equal(m.inputs.csvRows[0], 1);
  assert.equal(m.inputs.csvRows[199], 200);
  // Arms share init and batch seeds, not noise seeds; models differ.
  const other = materialise(ds, ctx, { ...job('models'), plan: { ...plan, arm: 'nondp' } });
  assert.deepEqual(other.inputs.models[2].seeds.init, m.inputs.models[2].seeds.init);
  assert.notDeepEqual(other.inputs.models[2].seeds.noise, m.inputs.models[2].seeds.noise);
  assert.notEqual(m.inputs.models[1].seeds.seed, m.inputs.models[2].seeds.seed);
});

test('canary job: flipped copies of pool rows appended as synthetic rows; the model trains on the pool and the included ones', () => {
  const m = materialise(ds, ctx, job('canary'));
  const n = ds.y.length;
  const c = m.canaries as NonNullable<typeof m.canaries>;
  assert.equal(m.inputs.nRows, n + 20);
  assert.deepEqual(
    [...m.inputs.scoreRows],
    Array.from({ length: 20 }, (_, j) => n + j),
  );
  const d = m.inputs.features?.d as number;
  const X = m.inputs.features?.X as Float32Array;
  for (let j = 0; j < 20; j++) {
    assert.equal(m.inputs.csvRows[n + j], -1);
    assert.equal(m.inputs.labels[n + j], c.flipped[j]);
    // The canary's features equal those of some pool row whose label it flips.
    const row = X.subarray((n + j) * d, (n + j + 1) * d);
    const src = [...ds.splits.train].find(
      (i) => X.subarray(i * d, (i + 1) * d).every((v, k) => v === row[k]) && ds.y[i] === 1 - c.flipped[j],
    );
    assert.ok(src !== undefined, `canary ${j} has no source row`);
  }
  const rows = [...m.inputs.models[0].trainRows];
  const expected = [...ds.splits.train, ...Array.from({ length: 20 }, (_, j) => n + j).filter((_, j) => c.included[j] === 1)];
  assert.deepEqual(rows, expected);
  assert.equal(m.inputs.units.count, n + 20);
  // Deterministic.
  assert.deepEqual(materialise(ds, ctx, job('canary')).canaries, m.canaries);
});
