import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDataset } from '../../../src/data/dataset.js';
import { resolveTrainConfig } from '../../../src/train/config.js';
import { materialise, oodCanaryNorm, type JobRequest } from '../../../src/train/materialise.js';
import { planForDataset } from '../../../src/train/privacy-unit.js';
import type { JobInputs, TrainResult, Trainer } from '../../../src/train/trainer.js';
import { runCanaryJob } from '../../../src/sweep/job.js';
import { tempDir, writeFixture } from '../../helpers/tmp.js';
import { datasetOptions } from '../../helpers/dataset.js';

const dir = tempDir();
// 80 patients of 1–7 visits (median 4), label per patient.
const lines = ['pid,x,c,y'];
for (let p = 0; p < 80; p++) for (let k = 0; k <= (p * 3) % 7; k++) lines.push(`P${p},${(p * 7 + k) % 13},${'abc'[(p + k) % 3]},${p % 2}`);
const f = writeFixture(dir, 'pc.csv', lines.join('\n') + '\n');
const ds = loadDataset(
  datasetOptions(f, {
    id: 'pid',
  }),
);
const train = resolveTrainConfig({ epochs: 1, batchSize: 8 });
const ctx = { rootSeed: 3, train };
const patientPlan = planForDataset({ kind: 'dp', epsilon: 4 }, train, ds);
const recordPlan = planForDataset({ kind: 'dp', epsilon: 4 }, { ...train, privacyUnit: 'record' }, ds);
const job = (plan: typeof patientPlan): JobRequest => ({
  id: `s0/${plan.arm}/canary`,
  kind: 'canary',
  seedIndex: 0,
  plan,
  fleetModels: 0,
  masks: 'bernoulli',
  canaries: 40,
  canaryKind: 'ood',
});

test('patient unit: an ood canary is a synthetic patient of k rows (k = median rows per patient), included or left out as a whole', () => {
  assert.equal(patientPlan.privacyUnit, 'patient');
  const k = Math.round(patientPlan.poolUnits?.medianRows ?? 0);
  assert.ok(k > 1, `median rows ${k}`);
  const m = materialise(ds, ctx, job(patientPlan));
  const c = m.canaries as NonNullable<typeof m.canaries>;
  const n = ds.y.length;
  assert.equal(c.rowsPerCanary, k);
  assert.equal(c.included.length, 40);
  assert.equal(m.inputs.nRows, n + 40 * k);
  assert.deepEqual(
    [...m.inputs.scoreRows],
    Array.from({ length: 40 * k }, (_, i) => n + i),
  );
  const units = m.inputs.units.unitOfRow;
  const dataUnits = new Set(units.subarray(0, n));
  const trainRows = new Set(m.inputs.models[0].trainRows);
  const d = m.inputs.features?.d as number;
  const X = m.inputs.features?.X as Float32Array;
  const seenUnits = new Set<number>();
  for (let j = 0; j < 40; j++) {
    const rows = Array.from({ length: k }, (_, r) => n + j * k + r);
    // one label, one unit (not a data patient, not another canary), all rows in or all out with the canary's bit
    assert.ok(rows.every((i) => m.inputs.labels[i] === c.labels[j]));
    const u = units[rows[0]];
    assert.ok(rows.every((i) => units[i] === u) && !dataUnits.has(u) && !seenUnits.has(u));
    seenUnits.add(u);
    const inCount = rows.filter((i) => trainRows.has(i)).length;
    assert.equal(inCount, c.included[j] ? k : 0, `canary ${j}`);
    // every row an OOD point at the canary norm, the rows of one canary distinct
    for (const i of rows) {
      let ss = 0;
      for (let t = 0; t < d; t++) ss += X[i * d + t] ** 2;
      assert.ok(Math.abs(Math.sqrt(ss) / oodCanaryNorm(train.clip) - 1) < 1e-5);
    }
    assert.notDeepEqual(X.subarray(rows[0] * d, rows[0] * d + d), X.subarray(rows[1] * d, rows[1] * d + d));
  }
  assert.equal(m.inputs.units.count, ds.units.count + 40);
  // the pool is trained on in full; the canary units are the only extra rows
  const extraIn = [...trainRows].filter((i) => i >= n).length;
  assert.equal(extraIn, k * c.included.reduce((a, b) => a + b, 0));
  // the same inclusion bits and labels as a record-level canary job of the same seed (k = 1 there)
  const rec = materialise(ds, ctx, job(recordPlan)).canaries as NonNullable<typeof m.canaries>;
  assert.equal(rec.rowsPerCanary, 1);
  assert.deepEqual(rec.included, c.included);
  assert.deepEqual(rec.labels, c.labels);
});

test('patient canary run: each canary scores the mean −loss over its rows', async () => {
  const k = Math.round(patientPlan.poolUnits?.medianRows ?? 0);
  const logitOf = (i: number) => ((i * 37) % 11) - 5;
  const fake: Trainer = {
    name: 'fake',
    cacheIdentity: null,
    train: async (inputs: JobInputs): Promise<TrainResult> => ({
      logits: Float32Array.from(inputs.scoreRows, (_, i) => logitOf(i)),
      facts: [{ meanBatchSize: 1 } as TrainResult['facts'][number]],
      library: 'fake',
    }),
  };
  const out = await runCanaryJob(fake, ds, ctx, job(patientPlan));
  assert.equal(out.m, 40);
  assert.equal(out.rowsPerCanary, k);
  const mat = materialise(ds, ctx, job(patientPlan));
  const labels = (mat.canaries as NonNullable<typeof mat.canaries>).labels;
  for (let j = 0; j < 40; j++) {
    let want = 0;
    for (let r = 0; r < k; r++) {
      const z = logitOf(j * k + r);
      const phi = labels[j] ? z : -z;
      want += -Math.log1p(Math.exp(-phi)); // −softplus(−φ)
    }
    want /= k;
    assert.ok(Math.abs(out.scores[j] - want) < 1e-9, `canary ${j}: ${out.scores[j]} vs ${want}`);
  }
  const rec = await runCanaryJob(fake, ds, ctx, job(recordPlan));
  assert.equal(rec.rowsPerCanary, undefined);
  assert.equal(rec.m, 40);
});

test('the input-space canary cap counts patients under the patient unit (10 % of the pool patients), rows otherwise', async () => {
  const { canaryPool, sweepCanaries } = await import('../../../src/sweep/run.js');
  const recordPlan2 = planForDataset({ kind: 'cliponly' }, { ...train, privacyUnit: 'record' }, ds);
  const patientPlan2 = planForDataset({ kind: 'cliponly' }, train, ds);
  // Independent count of the training pool's distinct patients.
  const pool = new Set(Array.from(ds.splits.train, (i) => ds.units.unitOfRow[i]));
  assert.ok(pool.size < ds.splits.train.length, 'patients repeat in the pool');
  assert.equal(canaryPool(ds, [patientPlan2]), pool.size);
  assert.equal(canaryPool(ds, [recordPlan2]), ds.splits.train.length);
  const ood = { canaries: 1000, canaryKind: 'ood' as const };
  assert.equal(sweepCanaries(ood, canaryPool(ds, [patientPlan2])), Math.floor(0.1 * pool.size));
  assert.equal(sweepCanaries(ood, canaryPool(ds, [recordPlan2])), Math.floor(0.1 * ds.splits.train.length));
  assert.equal(sweepCanaries({ canaries: 20000, canaryKind: 'gradient' }, 10), 20000);
});
