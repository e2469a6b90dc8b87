import { Worker } from 'node:worker_threads';
import type { BackendRequest } from '../backend/index.js';
import type { DatasetOptions } from '../data/types.js';
import type { JobContext, JobOutput, JobSpec } from './job.js';

export interface WorkerInit {
  backend: BackendRequest;
  dataset: DatasetOptions;
  maxRows: number | null;
  ctx: JobContext;
}

export interface JobProgress {
  id: string;
  step: number;
  steps: number;
}

/**
 * Runs jobs on `workers` worker threads (each with its own tfjs backend: wasm is single-threaded, so
 * two workers use both cores). Jobs are handed out longest first; results come back through `onDone`
 * as they finish (the caller caches them at once, so an interrupted sweep can resume).
 */
export async function runPool(
  jobs: JobSpec[],
  workers: number,
  init: WorkerInit,
  onDone: (out: JobOutput) => void,
  onProgress?: (p: JobProgress) => void,
): Promise<void> {
  if (jobs.length === 0) return;
  const queue = [...jobs];
  const here = import.meta.url;
  const entry = new URL(here.endsWith('.ts') ? './worker.ts' : './worker.js', here);
  const n = Math.max(1, Math.min(workers, jobs.length));
  await new Promise<void>((resolve, reject) => {
    let active = n;
    let failed = false;
    const pool: Worker[] = [];
    const finish = (w: Worker) => {
      void w.terminate();
      active--;
      if (active === 0 && !failed) resolve();
    };
    for (let k = 0; k < n; k++) {
      const w = startWorker(entry, init);
      pool.push(w);
      const next = () => {
        const job = queue.shift();
        if (!job) finish(w);
        else w.postMessage({ job });
      };
      w.on('message', (msg: { ready?: boolean; done?: JobOutput; error?: string; progress?: JobProgress }) => {
        if (msg.progress) onProgress?.(msg.progress);
        else if (msg.ready) next();
        else if (msg.done) {
          onDone(msg.done);
          next();
        } else if (msg.error !== undefined) {
          failed = true;
          for (const x of pool) void x.terminate();
          reject(new Error(`a training job failed in a worker: ${msg.error}`));
        }
      });
      w.on('error', (e) => {
        failed = true;
        for (const x of pool) void x.terminate();
        reject(e);
      });
    }
  });
}

/**
 * Start a worker on the compiled entry, or — when dpaudit runs from its TypeScript sources through tsx
 * (tests, development) — on a tiny bootstrap that registers tsx's loader in the worker first (loader hooks
 * of the main thread do not reach workers in Node 20).
 */
function startWorker(entry: URL, init: WorkerInit): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData: init });
  const api = import.meta.resolve('tsx/esm/api');
  const code = `(async () => { const { register } = await import(${JSON.stringify(api)}); register(); await import(${JSON.stringify(entry.href)}); })().catch((e) => { throw e; });`;
  return new Worker(code, { eval: true, workerData: init });
}
