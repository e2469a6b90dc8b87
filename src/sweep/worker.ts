import { parentPort, threadId, workerData } from 'node:worker_threads';
import { type BackendInfo, initBackend, tf } from '../backend/index.js';
import { loadDataset } from '../data/dataset.js';
import { type Logger, silentLogger } from '../log/logger.js';
import { subsampleSplits } from './subsample.js';
import { runJob, type JobOutput, type JobSpec } from './job.js';
import { TfjsTrainer } from '../train/tfjs-trainer.js';
import type { WorkerInit } from './pool.js';
import type { JobInputs } from '../train/trainer.js';
import type { ArmAnalysisTask } from './analyze.js';
import type { PreparedDataset } from '../data/types.js';
import { type ArmPlanItem, planSweepArm } from './plan-arm.js';

interface WarmTaskMessage {
  kind: 'plan-arm';
  index: number;
  item: unknown;
}

/**
 * Worker thread: gets the sweep's prepared dataset from its parent (pool.ts shareDataset), or else reads it once on
 * first need (same options → same rows and splits), then runs jobs. tfjs is loaded
 * on the first job that needs it: jobs of the dense families run on the WebAssembly kernel without it.
 */
const init = workerData as WorkerInit;
// --verbose: the worker's own long phases (reading the file, each job) as progress lines on stderr.
const line = (m: string) => process.stderr.write(`worker ${threadId}: ${m}\n`);
const wlog: Logger = init.verbose ? { info: line, verbose: line, warn: () => {} } : silentLogger;
let prepared: PreparedDataset | null = null;
/**
 * The dataset (same options → same rows and splits): the sweep's thread sends its prepared one (pool.ts
 * shareDataset), which arrives before any task or job; without it, the first need reads the file here, once.
 */
function dataset(): PreparedDataset {
  if (prepared) return prepared;
  const t0 = performance.now();
  prepared = subsampleSplits(loadDataset(init.dataset, wlog), init.maxRows, init.ctx.rootSeed);
  wlog.verbose(`dataset ready: ${prepared.y.length} rows prepared in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return prepared;
}

/** Progress of a long run on the parent port, at most every 250 ms (and at the last step). */
function throttledProgress(id?: string): (p: { step: number; steps: number }) => void {
  let lastPost = 0;
  return (p) => {
    const now = performance.now();
    if (now - lastPost > 250 || p.step === p.steps) {
      lastPost = now;
      parentPort?.postMessage({ progress: id === undefined ? p : { id, step: p.step, steps: p.steps } });
    }
  };
}

const trainer = new TfjsTrainer(async () => {
  await initBackend(init.backend);
  return tf();
});

parentPort?.on(
  'message',
  async (msg: {
    job?: JobSpec;
    analyze?: ArmAnalysisTask;
    train?: JobInputs;
    task?: WarmTaskMessage;
    backend?: boolean;
    dataset?: PreparedDataset;
  }) => {
    if (msg.dataset) {
      if (!prepared) {
        prepared = msg.dataset;
        wlog.verbose(`dataset received from the sweep: ${prepared.y.length} rows`);
      }
      return;
    }
    if (msg.task) {
      // A DP arm's plan: a pool task (runPool PoolTasks) or start-up work shared with the main thread (mapOnWarmWorkers);
      // a failure is recomputed on the main thread, which raises its own error.
      const { index } = msg.task;
      try {
        parentPort?.postMessage({ taskDone: { index, value: planSweepArm(msg.task.item as ArmPlanItem, init.ctx.train, dataset()) } });
      } catch {
        parentPort?.postMessage({ taskError: { index } });
      }
      return;
    }
    if (msg.backend) {
      // The backend the sweep records (pool.ts AnalysisHooks.onBackend), initialised while this worker is idle.
      let info: BackendInfo | null = null;
      try {
        info = await initBackend(init.backend);
      } catch {}
      parentPort?.postMessage({ backend: info });
      return;
    }
    try {
      if (msg.train) {
        // A part of a job's models (SplitTrainer): train them and return the trainer's result.
        const trained = await trainer.train(msg.train, throttledProgress());
        parentPort?.postMessage({ trained });
        return;
      }
      if (msg.analyze) {
        if (!init.sweep) throw new Error('analysis task without sweep options');
        // Loaded on first use: a worker that only trains never compiles the analysis code.
        const { analyzeArm } = await import('./analyze.js');
        parentPort?.postMessage({ analysed: { arm: msg.analyze.plan.arm, result: analyzeArm(init.sweep, dataset(), msg.analyze) } });
        return;
      }
      const job = msg.job as JobSpec;
      const onStep = throttledProgress(job.id);
      const tj = performance.now();
      wlog.verbose(`job ${job.id}: encoding and training`);
      const out: JobOutput = await runJob(trainer, dataset(), init.ctx, job, onStep);
      wlog.verbose(`job ${job.id}: done in ${((performance.now() - tj) / 1000).toFixed(1)} s`);
      parentPort?.postMessage({ done: out });
    } catch (e) {
      parentPort?.postMessage({ error: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) });
    }
  },
);
parentPort?.postMessage({ ready: true });
