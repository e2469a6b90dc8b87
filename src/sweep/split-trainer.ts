import type { StackProgress } from '../train/stack.js';
import type { JobInputs, ModelRunFacts, Trainer, TrainResult } from '../train/trainer.js';
import { startPoolWorker, type WorkerInit } from './pool.js';
import type { Worker } from 'node:worker_threads';

/**
 * dpaudit's own trainer spread over worker threads: the models of a job are split into contiguous parts, one
 * per worker, each part trained by the worker's TfjsTrainer, and the results put back in model order. Every
 * model of a stack has its own rows, seeds, noise stream and optimiser state (train/stack.ts), so the split
 * changes no number: the result equals one trainer's. Used by `dpaudit attack` to train its fleet on every core.
 * Parts are balanced by training rows (the release model trains on the whole pool, fleet models on about half).
 */
export class SplitTrainer implements Trainer {
  readonly name = 'dpaudit (tfjs DP-SGD, split over workers)';
  readonly cacheIdentity = null;
  private readonly workers: Worker[] = [];
  private readonly failures = new Map<Worker, Error>();

  constructor(
    private readonly count: number,
    private readonly init: WorkerInit,
  ) {}

  /** Start the workers ahead of the first job (each loads its modules and the dataset). */
  start(): void {
    while (this.workers.length < this.count) this.spawn();
  }

  private spawn(): void {
    const w = startPoolWorker(this.init);
    // A failure before the worker's first part (start-up) is kept and rethrown by that part.
    w.on('error', (e) => this.failures.set(w, e));
    this.workers.push(w);
  }

  async train(inputs: JobInputs, onStep?: (p: StackProgress) => void): Promise<TrainResult> {
    const parts = splitModels(
      inputs.models.map((m) => m.trainRows.length),
      this.count,
    );
    while (this.workers.length < parts.length) this.spawn();
    for (const w of this.workers) {
      const e = this.failures.get(w);
      if (e) throw e;
    }
    const progress = new Array<number>(parts.length).fill(0);
    const results = await Promise.all(
      parts.map(([a, b], k) =>
        runPart(this.workers[k], { ...inputs, models: inputs.models.slice(a, b) }, (p) => {
          progress[k] = p.step;
          onStep?.({ step: Math.min(...progress), steps: p.steps });
        }),
      ),
    );
    return mergeResults(results, parts);
  }

  /** Stop the workers. */
  async close(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((w) => w.terminate()));
  }
}

/** Contiguous parts [a, b) of the models, at most `count`, with about equal training rows each. */
export function splitModels(rows: number[], count: number): [number, number][] {
  const n = rows.length;
  const k = Math.max(1, Math.min(count, n));
  const total = rows.reduce((s, r) => s + r, 0);
  const parts: [number, number][] = [];
  let start = 0;
  let acc = 0;
  for (let i = 0; i < n && parts.length < k - 1; i++) {
    acc += rows[i];
    // close a part once it holds its share, leaving at least one model for each remaining part
    if (acc >= (total * (parts.length + 1)) / k && n - (i + 1) >= k - parts.length - 1) {
      parts.push([start, i + 1]);
      start = i + 1;
    }
  }
  parts.push([start, n]);
  return parts;
}

function runPart(w: Worker, inputs: JobInputs, onStep: (p: StackProgress) => void): Promise<TrainResult> {
  return new Promise((resolve, reject) => {
    const onMessage = (msg: { trained?: TrainResult; error?: string; progress?: StackProgress & { id?: string } }) => {
      if (msg.progress) {
        onStep(msg.progress);
        return;
      }
      if (msg.trained === undefined && msg.error === undefined) return; // the worker's ready message
      w.off('message', onMessage);
      w.off('error', onError);
      if (msg.error !== undefined) reject(new Error(`training failed in a worker: ${msg.error}`));
      else resolve(msg.trained as TrainResult);
    };
    const onError = (e: Error) => {
      w.off('message', onMessage);
      reject(e);
    };
    w.on('message', onMessage);
    w.on('error', onError);
    w.postMessage({ train: inputs });
  });
}

/** The parts' results in model order, as one trainer would return them. */
function mergeResults(results: TrainResult[], parts: [number, number][]): TrainResult {
  const logits = new Float32Array(results.reduce((s, r) => s + r.logits.length, 0));
  let at = 0;
  for (const r of results) {
    logits.set(r.logits, at);
    at += r.logits.length;
  }
  const facts: ModelRunFacts[] = results.flatMap((r, k) => r.facts.map((f) => ({ ...f, index: f.index + parts[k][0] })));
  const kernels = [...new Set(results.flatMap((r) => r.kernels ?? []))].sort();
  const first = results[0];
  const params = results.every((r) => r.params) ? results.flatMap((r) => r.params as Float32Array[]) : undefined;
  return {
    logits,
    facts,
    library: first.library,
    ...(first.spec ? { spec: first.spec } : {}),
    ...(params ? { params } : {}),
    // The release model (model 0, first part) carries the gradient canaries.
    ...(first.gradientCanaries ? { gradientCanaries: first.gradientCanaries } : {}),
    ...(kernels.length > 0 ? { kernels } : {}),
  };
}
