import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDataset } from '../../../src/data/dataset.js';
import { encode, fitEncoder } from '../../../src/data/encode.js';
import { resolveTrainConfig } from '../../../src/train/config.js';
import { inclusionMasks } from '../../../src/train/masks.js';
import { materialise, type JobRequest } from '../../../src/train/materialise.js';
import { planArm } from '../../../src/train/plan.js';
import { tempDir, writeFixture } from '../../helpers/tmp.js';
import { datasetOptions } from '../../helpers/dataset.js';

const dir = tempDir();
const lines = ['x,c,y'];
for (let i = 0; i < 200; i++) lines.push(`${(i * 7) % 13},${'abc'[i % 3]},${i % 2}`);
const f = writeFixture(dir, 'm.csv', lines.join('\n') + '\n');
const ds = loadDataset(
  datasetOptions(f, {
    // The fixture repeats rows; this file checks masks row by row (duplicate grouping: test/src/data/duplicates).
    duplicates: 'keep',
  }),
);
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
    assert.equal(m.inputs.labels[n + j], c.labels[j]);
    // The canary's features equal those of some pool row whose label it flips.
    const row = X.subarray((n + j) * d, (n + j + 1) * d);
    const src = [...ds.splits.train].find(
      (i) => X.subarray(i * d, (i + 1) * d).every((v, k) => v === row[k]) && ds.y[i] === 1 - c.labels[j],
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

test('ood canaries: synthetic rows at norm max(8, 4C) in the encoded space, copies of no row; data rows encoded as without them', () => {
  const m = materialise(ds, ctx, { ...job('canary'), canaries: 50, canaryKind: 'ood' });
  const plain = materialise(ds, ctx, job('models'));
  const n = ds.y.length;
  const c = m.canaries as NonNullable<typeof m.canaries>;
  assert.equal(c.kind, 'ood');
  assert.equal(m.inputs.nRows, n + 50);
  const d = m.inputs.features?.d as number;
  const X = m.inputs.features?.X as Float32Array;
  const X0 = plain.inputs.features?.X as Float32Array;
  assert.deepEqual(X.subarray(0, n * d), X0.subarray(0, n * d));
  const norm = Math.max(8, 4 * train.clip);
  for (let j = 0; j < 50; j++) {
    assert.equal(m.inputs.csvRows[n + j], -1);
    assert.equal(m.inputs.labels[n + j], c.labels[j]);
    const row = X.subarray((n + j) * d, (n + j + 1) * d);
    let ss = 0;
    for (const v of row) ss += v * v;
    assert.ok(Math.abs(Math.sqrt(ss) / norm - 1) < 1e-5, `canary ${j} norm ${Math.sqrt(ss)}`);
    assert.ok(![...ds.splits.train].some((i) => X.subarray(i * d, (i + 1) * d).every((v, k) => v === row[k])));
  }
  // Inclusion and labels are fair coins (50 draws each: far from all-equal).
  const inc = c.included.reduce((a, b) => a + b, 0);
  const pos = c.labels.reduce((a, b) => a + b, 0);
  assert.ok(inc > 10 && inc < 40 && pos > 10 && pos < 40);
  assert.deepEqual(materialise(ds, ctx, { ...job('canary'), canaries: 50, canaryKind: 'ood' }).canaries, m.canaries);
});

test('gradient canaries: carried by the release model of a DP models job only, not by nondp or the fleet', () => {
  const m = materialise(ds, ctx, { ...job('models'), canaries: 1000, canaryKind: 'gradient' });
  assert.deepEqual(m.inputs.models[0].gradientCanaries, { m: 1000, seed: [5, 'canaries', 1, plan.arm] });
  assert.ok(m.inputs.models.slice(1).every((x) => x.gradientCanaries === undefined));
  const nondp = planArm({ kind: 'nondp' }, train, ds.splits.train.length);
  const m0 = materialise(ds, ctx, { ...job('models'), plan: nondp, canaries: 1000, canaryKind: 'gradient' });
  assert.equal(m0.inputs.models[0].gradientCanaries, undefined);
});
