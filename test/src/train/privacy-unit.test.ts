import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as tfjs from '@tensorflow/tfjs';
import { testTf, assertClose } from '../../helpers/backend.js';
import { Rng } from '../../../src/random/rng.js';
import type { ModelSpec } from '../../../src/model/spec.js';
import { trainStack, type StackMember } from '../../../src/train/stack.js';
import { resolveTrainConfig } from '../../../src/train/config.js';
import { planArm } from '../../../src/train/plan.js';
import { groupPrivacy, planForDataset, resolvePrivacyUnit, unitCounts } from '../../../src/train/privacy-unit.js';
import { patientUnits, recordUnits } from '../../../src/data/units.js';
import { epsilonFor } from '../../../src/privacy/registry.js';
import { unitInclusionMasks } from '../../../src/train/masks.js';
import { groupRowsByUnit, unitPoissonBatch } from '../../../src/train/unit-batch.js';
import { DpauditError } from '../../../src/errors.js';
import { syntheticLinear } from '../../helpers/synthetic.js';

const tf = await testTf();

/** A multi-visit fixture: patient u has sizes[u] rows; rows interleaved so that a patient's rows are not contiguous. */
function visits(sizes: number[]): Int32Array {
  const out: number[] = [];
  const left = sizes.slice();
  for (let round = 0; out.length < sizes.reduce((a, b) => a + b, 0); round++)
    for (let u = 0; u < sizes.length; u++) if (left[u]-- > 0) out.push(u);
  return Int32Array.from(out);
}

function fakeDataset(unitOfRow: Int32Array, repeated: boolean) {
  const units = patientUnits(unitOfRow);
  const n = unitOfRow.length;
  return {
    units,
    ids: { distinct: units.count, repeated },
    splits: { train: Int32Array.from({ length: n }, (_, i) => i), validation: new Int32Array(0), test: new Int32Array(0) },
  };
}

test('privacy unit: default patient when ids repeat, else record; patient without --id is a usage error', () => {
  const rep = fakeDataset(visits([3, 1, 2]), true);
  assert.equal(resolvePrivacyUnit(undefined, rep), 'patient');
  assert.equal(resolvePrivacyUnit('record', rep), 'record');
  assert.equal(resolvePrivacyUnit(undefined, fakeDataset(Int32Array.from([0, 1, 2]), false)), 'record');
  assert.throws(
    () => resolvePrivacyUnit('patient', { units: recordUnits(3), ids: undefined }),
    (e: unknown) => e instanceof DpauditError && /--id/.test(e.message),
  );
});

test('patient accounting equals the record accountant with q = B/N_patients and T = ceil(epochs·N_patients/B)', () => {
  const sizes = Array.from({ length: 300 }, (_, u) => 1 + (u % 7)); // 300 patients, 1–7 rows
  const ds = fakeDataset(visits(sizes), true);
  const cfg = resolveTrainConfig({ batchSize: 32, epochs: 3, accountant: 'rdp' });
  const plan = planForDataset({ kind: 'dp', epsilon: 2 }, cfg, ds);
  assert.equal(plan.privacyUnit, 'patient');
  assert.equal(plan.n, 300);
  assert.equal(plan.sampleRate, 32 / 300);
  assert.equal(plan.steps, Math.ceil((3 * 300) / 32));
  // the same mechanism as a record-level plan over 300 rows
  const rec = planArm({ kind: 'dp', epsilon: 2 }, cfg, 300);
  assert.equal(plan.noiseMultiplier, rec.noiseMultiplier);
  const e = epsilonFor({
    noiseMultiplier: plan.noiseMultiplier,
    sampleRate: 32 / 300,
    steps: plan.steps,
    delta: cfg.delta,
    accountant: 'rdp',
  });
  assert.equal(plan.epsilon, e.epsilon);
  assert.ok((plan.epsilon ?? 99) <= 2);
  assert.equal(plan.patientEpsilon, undefined, 'no group conversion for patient-level arms');
  assert.deepEqual(plan.poolUnits, { units: 300, rows: ds.units.unitOfRow.length, maxRows: 7, medianRows: 4 });
});

test('record arms on repeated patients: group ε from the accountant (k = 1 gives the record ε) and the generic conversion', () => {
  const sizes = [1, 2, 2, 3, 3, 3, 9, 4, 1, 2, ...Array(200).fill(3)];
  const ds = fakeDataset(visits(sizes), true);
  const cfg = resolveTrainConfig({ batchSize: 64, epochs: 2, accountant: 'rdp', privacyUnit: 'record' });
  const plan = planForDataset({ kind: 'dp', epsilon: 1 }, cfg, ds);
  assert.equal(plan.privacyUnit, 'record');
  assert.equal(plan.n, ds.units.unitOfRow.length);
  const pe = plan.patientEpsilon;
  assert.ok(pe);
  assert.equal(pe.largest.k, 9);
  assert.equal(pe.median.k, 3);
  // the tighter value: subsampled Gaussian with q_k = 1 − (1 − q)^k and σ/k
  const q = plan.sampleRate;
  const want = epsilonFor({
    noiseMultiplier: plan.noiseMultiplier / 9,
    sampleRate: 1 - (1 - q) ** 9,
    steps: plan.steps,
    delta: cfg.delta,
    accountant: 'rdp',
  });
  assert.equal(pe.largest.epsilon, want.epsilon, 'at the same δ (the generic kε holds only at a larger δ)');
  assert.ok((pe.largest.epsilon ?? 0) > (pe.median.epsilon ?? 0) && (pe.median.epsilon ?? 0) > (plan.epsilon ?? 0));
  assert.deepEqual(pe.largest.generic, { epsilon: 9 * (plan.epsilon ?? 0), delta: 9 * Math.exp(8 * (plan.epsilon ?? 0)) * cfg.delta });
  const one = groupPrivacy(plan, 1);
  assert.ok(one && Math.abs((one.epsilon ?? 0) - (plan.epsilonRdp ?? 0)) < 1e-9 * (plan.epsilonRdp ?? 1));
  assert.ok(plan.warnings.some((w) => /PRIVACY UNIT IS THE RECORD/.test(w) && /9 rows/.test(w)));
});

test("patient masks keep every patient's rows together (all in or all out of each model)", () => {
  const unitOfRow = visits([4, 1, 3, 5, 2, 2, 6, 1]);
  const pool = Int32Array.from({ length: unitOfRow.length }, (_, i) => i).filter((i) => i % 5 !== 0);
  for (const scheme of ['bernoulli', 'balanced'] as const) {
    const M = 9;
    const mask = unitInclusionMasks(M, pool, unitOfRow, scheme, [7]);
    let ins = 0;
    for (let m = 0; m < M; m++)
      for (let i = 0; i < pool.length; i++) {
        ins += mask[m * pool.length + i];
        for (let j = 0; j < pool.length; j++)
          if (unitOfRow[pool[i]] === unitOfRow[pool[j]]) assert.equal(mask[m * pool.length + i], mask[m * pool.length + j]);
      }
    assert.ok(ins > 0 && ins < M * pool.length, 'masks are not all in or all out');
    if (scheme === 'balanced') {
      // every patient is IN for ⌊M/2⌋ or ⌈M/2⌉ models
      for (let i = 0; i < pool.length; i++) {
        let c = 0;
        for (let m = 0; m < M; m++) c += mask[m * pool.length + i];
        assert.ok(c === 4 || c === 5);
      }
    }
  }
});

test('unit Poisson batches bring whole patients, contiguous, with their segments', () => {
  const unitOfRow = visits([3, 1, 4, 2]);
  const rows = Int32Array.from({ length: unitOfRow.length }, (_, i) => i);
  const g = groupRowsByUnit(rows, unitOfRow);
  assert.equal(g.count, 4);
  const rng = new Rng(['ub']);
  for (let t = 0; t < 20; t++) {
    const b = unitPoissonBatch(g, 0.5, rng);
    const seen = new Map<number, number>();
    for (let i = 0; i < b.rows.length; i++) {
      const u = unitOfRow[b.rows[i]];
      if (i > 0 && b.segments.segmentOfRow[i] !== b.segments.segmentOfRow[i - 1])
        assert.equal(b.segments.segmentOfRow[i], b.segments.segmentOfRow[i - 1] + 1);
      seen.set(u, (seen.get(u) ?? 0) + 1);
    }
    for (const [u, c] of seen) assert.equal(c, [3, 1, 4, 2][u], 'a sampled patient brings all its rows');
    assert.equal(b.segments.units, seen.size);
  }
});

function data(n: number, d: number, seed: string) {
  const { X, y } = syntheticLinear(n, d, seed);
  return { X: tf.tensor2d(X, [n, d]) as tfjs.Tensor2D, y: tf.tensor2d(y, [n, 1]) as tfjs.Tensor2D };
}

test('with one row per patient, user-level DP-SGD equals record-level DP-SGD (same batches, noise and steps)', () => {
  const spec: ModelSpec = { kind: 'mlp', inputDim: 6, hidden: [8] };
  const dd = data(120, 6, 'one-row');
  const rows = Int32Array.from({ length: 100 }, (_, i) => i + 10);
  const member = (unitOfRow?: Int32Array): StackMember => ({
    rows,
    mode: 'dp',
    noiseMultiplier: 0.9,
    initSeed: ['i'],
    batchSeed: ['b'],
    noiseSeed: ['n'],
    ...(unitOfRow ? { unitOfRow } : {}),
  });
  const hyper = { spec, sampleRate: 0.2, steps: 6, clip: 0.5, optimizer: { name: 'sgd' as const, lr: 0.5 } };
  const [rec, pat] = trainStack(tf, dd, [member(), member(recordUnits(120).unitOfRow)], hyper);
  assertClose(pat.params, rec.params, 1e-4, 1e-6, 'params');
  assert.equal(pat.meanBatchSize, rec.meanBatchSize);
  dd.X.dispose();
  dd.y.dispose();
});

test('user-level DP-SGD step equals a naive per-patient step (σ = 0, one step of SGD)', () => {
  // q = 1: every patient in the batch, so the step is −lr · Σ_u clip(G_u) / U with G_u from a naive loop.
  const spec: ModelSpec = { kind: 'logreg', inputDim: 3, hidden: [] };
  const sizes = [2, 1, 3, 2];
  const unitOfRow = visits(sizes);
  const n = unitOfRow.length;
  const dd = data(n, 3, 'naive-step');
  const rows = Int32Array.from({ length: n }, (_, i) => i);
  const hyper = { spec, sampleRate: 1, steps: 1, clip: 0.4, optimizer: { name: 'sgd' as const, lr: 1 } };
  const mk = (mode: StackMember['mode']): StackMember => ({
    rows,
    mode,
    noiseMultiplier: 0,
    initSeed: ['i'],
    batchSeed: ['b'],
    noiseSeed: ['n'],
    unitOfRow,
  });
  const [clipped] = trainStack(tf, dd, [mk('cliponly')], hyper);
  const X = dd.X.arraySync() as number[][];
  const y = (dd.y.arraySync() as number[][]).map((r) => r[0]);
  // the same initialisation (same init seed), before any step
  const [init] = trainStack(tf, dd, [mk('cliponly')], { ...hyper, steps: 0 });
  const w = init.params;
  const g = new Float64Array(4);
  for (let u = 0; u < sizes.length; u++) {
    const gu = new Float64Array(4);
    for (let i = 0; i < n; i++) {
      if (unitOfRow[i] !== u) continue;
      const s = w[0] * X[i][0] + w[1] * X[i][1] + w[2] * X[i][2] + w[3];
      const r = 1 / (1 + Math.exp(-s)) - y[i];
      for (let j = 0; j < 3; j++) gu[j] += r * X[i][j];
      gu[3] += r;
    }
    const norm = Math.hypot(...gu);
    const c = Math.min(1, 0.4 / (norm + 1e-6));
    for (let j = 0; j < 4; j++) g[j] += c * gu[j];
  }
  const want = Array.from(w, (v, j) => v - g[j] / sizes.length);
  assertClose(clipped.params, want, 1e-4, 1e-6, 'params after one user-level step');
  dd.X.dispose();
  dd.y.dispose();
});

test('unit counts: patients, rows, largest and median rows per patient', () => {
  const unitOfRow = visits([3, 1, 4, 2]);
  assert.deepEqual(
    unitCounts(
      Int32Array.from({ length: 10 }, (_, i) => i),
      unitOfRow,
    ),
    { units: 4, rows: 10, maxRows: 4, medianRows: 2.5 },
  );
});

test('patient unit with the default batch size: B chosen from the number of patients (q ≤ 0.1, at least 8), said in the plan', () => {
  const ds = fakeDataset(visits(Array.from({ length: 181 }, (_, u) => 1 + (u % 16))), true);
  const cfg = resolveTrainConfig({ epochs: 3, accountant: 'rdp' });
  assert.equal(cfg.batchSizeGiven, undefined);
  const plan = planForDataset({ kind: 'dp', epsilon: 2 }, cfg, ds);
  assert.equal(plan.batchSize?.rule, 'from-units');
  assert.equal(plan.batchSize?.value, 18); // ⌊0.1 · 181⌋
  assert.equal(plan.sampleRate, 18 / 181);
  assert.ok(plan.sampleRate <= 0.1);
  assert.equal(plan.steps, Math.ceil((3 * 181) / 18));
  assert.match(plan.batchSize?.note ?? '', /18 patients chosen from the 181 patients/);
  assert.ok(!plan.warnings.some((w) => /q = 1/.test(w)));
  // few patients: at least 8; a large pool: at most the record default (256)
  const few = planForDataset({ kind: 'dp', epsilon: 2 }, cfg, fakeDataset(visits(Array(40).fill(2)), true));
  assert.equal(few.batchSize?.value, 8);
  assert.equal(few.sampleRate, 8 / 40);
  const many = planForDataset({ kind: 'dp', epsilon: 2 }, cfg, fakeDataset(visits(Array(5000).fill(2)), true));
  assert.equal(many.batchSize?.value, 256);
  // the record unit keeps the default
  const rec = planForDataset({ kind: 'dp', epsilon: 2 }, resolveTrainConfig({ epochs: 3, privacyUnit: 'record' }), ds);
  assert.equal(rec.batchSize, undefined);
  assert.equal(rec.sampleRate, 256 / ds.units.unitOfRow.length);
});

test('patient unit with an explicit --batch-size: kept as given, with a warning when it makes q = 1', () => {
  const ds = fakeDataset(visits(Array.from({ length: 181 }, (_, u) => 1 + (u % 16))), true);
  const cfg = resolveTrainConfig({ batchSize: 256, epochs: 3, accountant: 'rdp' });
  assert.equal(cfg.batchSizeGiven, true);
  const plan = planForDataset({ kind: 'dp', epsilon: 2 }, cfg, ds);
  assert.equal(plan.batchSize?.rule, 'given');
  assert.equal(plan.sampleRate, 1);
  assert.ok(
    plan.warnings.some((w) => /--batch-size 256 .*q = 1/.test(w)),
    plan.warnings.join('\n'),
  );
  const small = planForDataset({ kind: 'dp', epsilon: 2 }, resolveTrainConfig({ batchSize: 20 }), ds);
  assert.equal(small.sampleRate, 20 / 181);
  assert.ok(!small.warnings.some((w) => /q = 1/.test(w)));
});
