import { parentPort, threadId, workerData } from 'node:worker_threads';
import { initBackend, tf } from '../backend/index.js';
import { loadDataset } from '../data/dataset.js';
import { type Logger, silentLogger } from '../log/logger.js';
import { subsampleSplits } from './subsample.js';
import { runJob, type JobOutput, type JobSpec } from './job.js';
import { TfjsTrainer } from '../train/tfjs-trainer.js';
import type { WorkerInit } from './pool.js';
import type { JobInputs } from '../train/trainer.js';
import type { ArmAnalysisTask } from './analyze.js';
import { type ArmPlanItem, planSweepArm } from './plan-arm.js';

interface WarmTaskMessage {
  kind: 'plan-arm';
  index: number;
  item: unknown;
}

/**
 * Worker thread: loads the dataset once (same options → same rows and splits), then runs jobs. tfjs is loaded
 * on the first job that needs it: jobs of the dense families run on the WebAssembly kernel without it.
 */
const init = workerData as WorkerInit;
// --verbose: the worker's own long phases (reading the file, each job) as progress lines on stderr.
const line = (m: string) => process.stderr.write(`worker ${threadId}: ${m}\n`);
const wlog: Logger = init.verbose ? { info: line, verbose: line, warn: () => {} } : silentLogger;
const t0 = performance.now();
const ds = subsampleSplits(loadDataset(init.dataset, wlog), init.maxRows, init.ctx.rootSeed);
wlog.verbose(`dataset ready: ${ds.y.length} rows prepared in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const trainer = new TfjsTrainer(async () => {
  await initBackend(init.backend);
  return tf();
});

parentPort?.on('message', async (msg: { job?: JobSpec; analyze?: ArmAnalysisTask; train?: JobInputs; task?: WarmTaskMessage }) => {
  if (msg.task) {
    // Start-up work shared with the main thread (mapOnWarmWorkers); a failure is recomputed there.
    const { index } = msg.task;
    try {
      parentPort?.postMessage({ taskDone: { index, value: planSweepArm(msg.task.item as ArmPlanItem, init.ctx.train, ds) } });
    } catch {
      parentPort?.postMessage({ taskError: { index } });
    }
    return;
  }
  try {
    if (msg.train) {
      // A part of a job's models (SplitTrainer): train them and return the trainer's result.
      let lastPost = 0;
      const trained = await trainer.train(msg.train, (p) => {
        const now = performance.now();
        if (now - lastPost > 250 || p.step === p.steps) {
          lastPost = now;
          parentPort?.postMessage({ progress: p });
        }
      });
      parentPort?.postMessage({ trained });
      return;
    }
    if (msg.analyze) {
      if (!init.sweep) throw new Error('analysis task without sweep options');
      // Loaded on first use: a worker that only trains never compiles the analysis code.
      const { analyzeArm } = await import('./analyze.js');
      parentPort?.postMessage({ analysed: { arm: msg.analyze.plan.arm, result: analyzeArm(init.sweep, ds, msg.analyze) } });
      return;
    }
    const job = msg.job as JobSpec;
    let lastPost = 0;
    const onStep = (p: { step: number; steps: number }) => {
      const now = performance.now();
      if (now - lastPost > 250 || p.step === p.steps) {
        lastPost = now;
        parentPort?.postMessage({ progress: { id: job.id, step: p.step, steps: p.steps } });
      }
    };
    const tj = performance.now();
    wlog.verbose(`job ${job.id}: encoding and training`);
    const out: JobOutput = await runJob(trainer, ds, init.ctx, job, onStep);
    wlog.verbose(`job ${job.id}: done in ${((performance.now() - tj) / 1000).toFixed(1)} s`);
    parentPort?.postMessage({ done: out });
  } catch (e) {
    parentPort?.postMessage({ error: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) });
  }
});
parentPort?.postMessage({ ready: true });
