import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../helpers/cli.js';
import { tempDir, writeFixture } from '../../helpers/tmp.js';
import { resolveDatasetOptions } from '../../../src/cli/dataset-options.js';
import { resolveSweepOptions } from '../../../src/sweep/options.js';
import { silentLogger } from '../../../src/log/logger.js';
import { sweepWorkerInit } from '../../../src/sweep/execute.js';
import { mapOnWarmWorkers, prestartWorkers, runPool, warmWorkersReady } from '../../../src/sweep/pool.js';
import { buildJobs } from '../../../src/sweep/jobs.js';
import { type BackendInfo, initBackend } from '../../../src/backend/index.js';
import { type ArmPlanItem, planSweepArm } from '../../../src/sweep/plan-arm.js';
import { prepareSweep } from '../../../src/sweep/run.js';
import { DpauditError } from '../../../src/errors.js';

const dir = tempDir('dpaudit-warm-plan-');
const lines = readFileSync(join(projectRoot, 'examples/flchain.csv'), 'utf8').trimEnd().split('\n');
const csv = writeFixture(dir, 'flchain-600.csv', [lines[0], ...lines.slice(1, 601)].join('\n') + '\n');
const dataset = resolveDatasetOptions(
  { data: csv, label: 'death', sensitive: ['sex'], drop: ['futime', 'chapter', 'death_5yr', 'age_group'] },
  silentLogger,
);
const opts = resolveSweepOptions({ epochs: 3, workers: 2, canaries: 5000 }, dataset, 2);
const ds = prepareSweep({ ...opts, epsilons: [] }, silentLogger).ds;

test('plans computed on warm workers equal the plans of this thread (σ, canary m, every field)', async () => {
  const items: ArmPlanItem[] = [0.5, 1, 2, 4, 8, 16].map((epsilon) => ({
    arm: { kind: 'dp', epsilon },
    canaries: 5000,
    gradient: true,
    testAlpha: 0.025 / 18,
  }));
  const release = prestartWorkers(2, sweepWorkerInit(opts, true));
  try {
    assert.equal(await warmWorkersReady(), 2);
    const stats = { byWorkers: 0 };
    const got = await mapOnWarmWorkers(items, 'plan-arm', (it) => planSweepArm(it, opts.train, ds), stats);
    // This thread takes the most expensive item, each ready worker the next ones.
    assert.ok(stats.byWorkers >= 2, `workers computed ${stats.byWorkers} items`);
    const want = items.map((it) => planSweepArm(it, opts.train, ds));
    assert.deepEqual(got, want);
    assert.ok(got.every((p) => p.plan.noiseMultiplier > 0 && p.gradientCanaries >= 5000));
  } finally {
    release();
  }
});

test('an item a worker fails on is recomputed here and raises this thread error (exit-2 DpauditError)', async () => {
  // ε = 1e-6 is below what the accountant certifies at σ ≤ 10^4: calibration fails on either side.
  // This thread takes the last item (ε = 1); a worker is handed the other one, fails, and leaves it here.
  const items: ArmPlanItem[] = [{ arm: { kind: 'dp', epsilon: 1e-6 }, canaries: 0, gradient: false, testAlpha: 0.01 }];
  items.push({ arm: { kind: 'dp', epsilon: 1 }, canaries: 0, gradient: false, testAlpha: 0.01 });
  const release = prestartWorkers(2, sweepWorkerInit(opts, true));
  try {
    assert.equal(await warmWorkersReady(), 2);
    await assert.rejects(
      mapOnWarmWorkers(items, 'plan-arm', (it) => planSweepArm(it, opts.train, ds)),
      (e: unknown) => e instanceof DpauditError && /target ε = 0\.000001 is below/.test(e.message),
    );
  } finally {
    release();
  }
});

test('without warm workers the map is a plain loop on this thread', async () => {
  const items = [3, 1, 2];
  const stats = { byWorkers: 0 };
  assert.deepEqual(await mapOnWarmWorkers(items, 'plan-arm', (x) => x * 10, stats), [30, 10, 20]);
  assert.equal(stats.byWorkers, 0);
});

test('a pool worker left idle initialises the backend the sweep records: the same as this thread would', async () => {
  const { plans } = prepareSweep({ ...opts, epsilons: [] }, silentLogger);
  const jobs = buildJobs(opts, plans, 0).filter((j) => j.id === 's0/nondp/models');
  assert.equal(jobs.length, 1);
  const got: BackendInfo[] = [];
  let done = 0;
  // One job, two workers, both ready before the pool starts (a worker started by the pool itself may report
  // ready only after the job is done, and then nobody is asked: the sweep initialises its own backend). The
  // pool hands the job to one and asks the other, idle one for the backend while the first trains.
  const init = sweepWorkerInit(opts, true);
  const release = prestartWorkers(2, init);
  try {
    assert.equal(await warmWorkersReady(), 2);
    await runPool(jobs, 2, init, () => done++, undefined, {
      initial: [],
      readyAfter: () => [],
      onResult: () => {},
      onBackend: (b) => got.push(b),
    });
  } finally {
    release();
  }
  assert.equal(done, 1);
  assert.equal(got.length, 1);
  const here = await initBackend('auto');
  assert.deepEqual({ ...got[0], notes: [] }, { ...here, notes: [] });
  assert.ok(['node', 'wasm', 'cpu'].includes(got[0].name));
});
