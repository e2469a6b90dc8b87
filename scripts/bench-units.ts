/**
 * User-level (patient) DP-SGD step against the record-level step on the same rows (pbcseq training pool,
 * MLP 64,64): both sample with the same rate q, so the expected number of rows per step is the same
 * (q·N_rows). Rates: the record default (256 rows), the default patient batch, and 1. Prints one JSON line per figure. Needs ../shared/datasets/pbcseq.csv (prints a skip line
 * without it). Usage: node --import tsx scripts/bench-units.ts [steps]
 */
import { existsSync } from 'node:fs';
import type * as tfjs from '@tensorflow/tfjs';
import { initBackend, tf } from '../src/backend/index.js';
import { loadDataset } from '../src/data/dataset.js';
import { resolveDatasetOptions } from '../src/cli/dataset-options.js';
import { silentLogger } from '../src/log/logger.js';
import { uploadDataset } from '../src/train/session.js';
import { resolveTrainConfig } from '../src/train/config.js';
import { trainStack, type StackMember } from '../src/train/stack.js';
import { packagePath } from '../src/paths.js';
import { defaultPatientBatch, unitCounts } from '../src/train/privacy-unit.js';

const csv = packagePath('..', 'shared', 'datasets', 'pbcseq.csv');
if (!existsSync(csv)) {
  console.log(JSON.stringify({ name: 'units-step', skipped: `${csv} not found` }));
  process.exit(0);
}
const steps = Number(process.argv[2] ?? 200);
const backend = await initBackend('auto');
const T = tf();
const opts = resolveDatasetOptions(
  { data: csv, label: 'death', id: 'id', sensitive: 'sex', drop: ['futime', 'status', 'age_group'] },
  silentLogger,
);
const ds = loadDataset(opts, silentLogger);
const dev = uploadDataset(T, ds, resolveTrainConfig({}));
const pool = ds.splits.train;
const data = { X: dev.X as tfjs.Tensor2D, y: dev.y as tfjs.Tensor2D };

function measure(unit: 'record' | 'patient', q: number): number {
  const member: StackMember = {
    rows: pool,
    mode: 'dp',
    noiseMultiplier: 1,
    initSeed: ['i'],
    batchSeed: ['b'],
    noiseSeed: ['n'],
    ...(unit === 'patient' ? { unitOfRow: ds.units.unitOfRow } : {}),
  };
  const hyper = { spec: dev.spec, sampleRate: q, steps, clip: 1, optimizer: { name: 'adam' as const, lr: 1e-3 } };
  trainStack(T, data, [member], { ...hyper, steps: Math.min(50, steps) }); // warm-up
  const t0 = performance.now();
  const [r] = trainStack(T, data, [member], hyper);
  const ms = (performance.now() - t0) / steps;
  console.log(
    JSON.stringify({
      name: `pbcseq-${unit}-dp-step`,
      q: +q.toFixed(4),
      backend: backend.name,
      msPerStep: +ms.toFixed(3),
      meanBatch: +r.meanBatchSize.toFixed(1),
      batchUnit: unit === 'patient' ? 'patients' : 'rows',
    }),
  );
  return ms;
}

// q of the record default (256 rows), q of the default patient batch (B chosen from the patients, about 0.1),
// and q = 1.
const patients = unitCounts(pool, ds.units.unitOfRow).units;
for (const q of [256 / pool.length, defaultPatientBatch(patients) / patients, 1]) {
  const rec = measure('record', Math.min(1, q));
  const pat = measure('patient', Math.min(1, q));
  console.log(
    JSON.stringify({ name: 'pbcseq-patient-over-record-step-time', q: +Math.min(1, q).toFixed(4), ratio: +(pat / rec).toFixed(3) }),
  );
}
