import { Worker } from 'node:worker_threads';
import type { BackendInfo, BackendRequest } from '../backend/index.js';
import type { DatasetOptions, PreparedDataset } from '../data/types.js';
import type { ArmAnalysisTask } from './analyze.js';
import type { JobContext, JobOutput, JobSpec } from './job.js';
import type { SweepOptions } from './options.js';
import type { ArmResult } from '../results/types.js';

export interface WorkerInit {
  backend: BackendRequest;
  dataset: DatasetOptions;
  maxRows: number | null;
  ctx: JobContext;
  /** The sweep's options, when the pool also runs analysis tasks. */
  sweep?: SweepOptions;
  /** Print the worker's loading progress and job timings on stderr (--verbose). */
  verbose?: boolean;
}

export interface JobProgress {
  id: string;
  step: number;
  steps: number;
}

/** Work that the pool runs after training: one arm's analysis (see analyzeArm). */
export interface AnalysisHooks {
  /** Tasks whose inputs are all available before training starts (e.g. every job came from the cache). */
  initial: ArmAnalysisTask[];
  /** Called for each finished job (after onDone): the analysis tasks that this output completes. */
  readyAfter: (out: JobOutput) => ArmAnalysisTask[];
  onResult: (arm: string, result: ArmResult) => void;
  /**
   * Wanted: the compute backend a worker initialises (what this thread would get: same request, same packages).
   * Asked of the first worker left with nothing to do, so that the caller need not load tfjs for the record.
   */
  onBackend?: (info: BackendInfo) => void;
}

/**
 * Start-up work the pool runs beside training (the DP arms' plans: σ calibration and canary counts, see
 * plan-arm.ts): each item is a `task` of `kind` for one worker at a time (the other workers train meanwhile),
 * and its answer releases more jobs.
 */
export interface PoolTasks {
  kind: WarmTask['kind'];
  items: readonly unknown[];
  /** A worker's answer for item `index`: the jobs and analysis tasks it releases. */
  onDone: (index: number, value: unknown) => { jobs: JobSpec[]; ready: ArmAnalysisTask[] };
  /** A worker failed on item `index`: the caller computes it itself (raising its own error) and releases the same. */
  onError: (index: number) => { jobs: JobSpec[]; ready: ArmAnalysisTask[] };
}

/** Workers started ahead of the pool (see prestartWorkers), with what they reported before it took them over. */
interface WarmWorker {
  worker: Worker;
  ready: boolean;
  error: Error | null;
  detach: () => void;
}
let warm: { key: string; workers: WarmWorker[] } | null = null;

function workerEntry(): URL {
  const here = import.meta.url;
  return new URL(here.endsWith('.ts') ? './worker.ts' : './worker.js', here);
}

/**
 * Start `workers` pool workers now (each loads its modules; the dataset follows from shareDataset), so that their start-up overlaps
 * the caller's planning; the next runPool with the same `init` takes them over. Returns a function that stops
 * any not taken over (call it when done, e.g. in a finally).
 */
export function prestartWorkers(workers: number, init: WorkerInit): () => void {
  releaseWarm();
  const entry = workerEntry();
  const list: WarmWorker[] = [];
  for (let k = 0; k < workers; k++) {
    const worker = startWorker(entry, init);
    const w: WarmWorker = { worker, ready: false, error: null, detach: () => {} };
    const onMessage = (msg: { ready?: boolean }) => {
      if (msg.ready) w.ready = true;
    };
    const onError = (e: Error) => {
      w.error = e;
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    w.detach = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
    };
    list.push(w);
  }
  const entryWarm = { key: JSON.stringify(init), workers: list };
  warm = entryWarm;
  return () => {
    if (warm === entryWarm) releaseWarm();
  };
}

/** The dataset this thread prepared for the sweep, for its workers (see shareDataset). */
let shared: { key: string; ds: PreparedDataset } | null = null;

/** What determines a worker's dataset: the same key, the same rows, splits and encodings (worker.ts `dataset()`). */
function datasetKey(init: WorkerInit): string {
  return JSON.stringify([init.dataset, init.maxRows, init.ctx.rootSeed]);
}

/**
 * Hand the sweep's prepared dataset (exactly what a worker with `init` would prepare: the same options, row cap and
 * seed) to the warm workers now and to workers the pool starts later, so that none reads and parses the file
 * again (on the embedded data 0.17 s of each worker's start; on a 1.1 M-row file several seconds each). The
 * message is a structured clone: the same bytes in every typed array.
 */
export function shareDataset(init: WorkerInit, ds: PreparedDataset): void {
  shared = { key: datasetKey(init), ds };
  if (warm && warm.key === JSON.stringify(init)) for (const w of warm.workers) if (!w.error) w.worker.postMessage({ dataset: ds });
}

/** Forget the shared dataset (the end of a sweep). */
export function unshareDataset(): void {
  shared = null;
}

/** The shared dataset's message for a new worker with `init`, if this thread has one for it. */
function sharedFor(init: WorkerInit): { dataset: PreparedDataset } | null {
  return shared?.key === datasetKey(init) ? { dataset: shared.ds } : null;
}

function releaseWarm(): void {
  if (!warm) return;
  for (const w of warm.workers) {
    w.detach();
    void w.worker.terminate();
  }
  warm = null;
}

/** A piece of work for the warm workers before the pool takes them over (see worker.ts `task`). */
export interface WarmTask {
  kind: 'plan-arm';
  item: unknown;
}

/**
 * Compute `local(items[i])` for every item, sharing the items between this thread and the warm workers
 * (prestartWorkers), longest first: `items` are ordered from the cheapest to the most expensive. This thread
 * takes the most expensive item, and every warm worker is handed the next one at once (as a `task` message of
 * `kind`; a worker still loading starts it when ready), answering with the same value `local` would give (a
 * pure function of the item and the dataset both sides loaded); whoever is free takes the next most expensive.
 * When only items held by workers are left, this thread waits for a worker that is running (ready) and
 * computes itself an item held by one that is not (or that failed or died): the first answer counts, and an
 * item that fails here raises this thread's own error. Start-up thus uses both cores before training.
 * Without warm workers this is a plain loop.
 */
export async function mapOnWarmWorkers<T, R>(
  items: readonly T[],
  kind: WarmTask['kind'],
  local: (item: T) => R,
  /** Filled in: how many items the workers computed. */
  stats?: { byWorkers: number },
): Promise<R[]> {
  const n = items.length;
  const results = new Array<R>(n);
  const have = new Uint8Array(n);
  let next = n - 1;
  const helpers = (warm?.workers ?? []).filter((w) => !w.error);
  /** The item each worker holds, and whether that worker can still answer. */
  const holds = new Map<Worker, number>();
  const running = new Set<Worker>(helpers.filter((h) => h.ready).map((h) => h.worker));
  const cleanups: (() => void)[] = [];
  let wake: (() => void) | null = null;
  const poke = () => {
    const f = wake;
    wake = null;
    f?.();
  };
  const give = (w: Worker) => {
    while (next >= 0 && have[next]) next--;
    if (next < 0) return;
    const i = next--;
    holds.set(w, i);
    w.postMessage({ task: { kind, index: i, item: items[i] } });
  };
  for (const h of helpers) {
    const w = h.worker;
    const onMessage = (msg: { ready?: boolean; taskDone?: { index: number; value: R }; taskError?: { index: number } }) => {
      if (msg.ready) running.add(w);
      else if (msg.taskDone && holds.get(w) === msg.taskDone.index) {
        holds.delete(w);
        const i = msg.taskDone.index;
        if (!have[i]) {
          results[i] = msg.taskDone.value;
          have[i] = 1;
          if (stats) stats.byWorkers++;
        }
        give(w);
      } else if (msg.taskError && holds.get(w) === msg.taskError.index) {
        // Left to this thread, which raises its own error for it.
        holds.delete(w);
        running.delete(w);
      }
      poke();
    };
    const onError = () => {
      holds.delete(w);
      running.delete(w);
      poke();
    };
    w.on('message', onMessage);
    w.on('error', onError);
    // A worker that stops without an error event (it exited) can no longer answer either.
    w.on('exit', onError);
    cleanups.push(() => {
      w.off('message', onMessage);
      w.off('error', onError);
      w.off('exit', onError);
    });
  }
  try {
    // This thread's first item, then one for every worker (a worker still loading queues it).
    const first = next >= 0 ? next-- : -1;
    for (const h of helpers) give(h.worker);
    if (first >= 0) {
      results[first] = local(items[first]);
      have[first] = 1;
    }
    for (;;) {
      await new Promise<void>((r) => setImmediate(r));
      while (next >= 0 && have[next]) next--;
      let i = next >= 0 ? next-- : -1;
      if (i < 0) {
        // Only items held by workers are left: compute one whose worker is not running; else wait.
        const held = new Set<number>();
        for (const [w, k] of holds) if (running.has(w)) held.add(k);
        i = -1;
        for (let k = 0; k < n; k++) if (!have[k] && !held.has(k)) i = i < 0 ? k : i;
        if (i < 0) {
          if (have.every((x) => x === 1)) return results;
          await new Promise<void>((r) => {
            wake = r;
          });
          continue;
        }
      }
      results[i] = local(items[i]);
      have[i] = 1;
    }
  } finally {
    for (const c of cleanups) c();
  }
}

/** Resolves once every warm worker has reported ready (or failed); the number ready. */
export function warmWorkersReady(): Promise<number> {
  const list = warm?.workers ?? [];
  return Promise.all(
    list.map(
      (w) =>
        new Promise<boolean>((resolve) => {
          if (w.ready || w.error) return resolve(w.ready);
          const onMessage = (msg: { ready?: boolean }) => {
            if (!msg.ready) return;
            w.worker.off('message', onMessage);
            resolve(true);
          };
          w.worker.on('message', onMessage);
          w.worker.once('error', () => resolve(false));
        }),
    ),
  ).then((r) => r.filter(Boolean).length);
}

/** How runPool got its workers: prestarted ones taken over, new ones started, prestarted ones stopped unused. */
export interface PoolStart {
  takenOver: number;
  started: number;
  discarded: number;
}

/** Up to n warm workers started with this init (the others are stopped). */
function takeWarm(init: WorkerInit, n: number): WarmWorker[] {
  if (!warm || warm.key !== JSON.stringify(init)) {
    releaseWarm();
    return [];
  }
  const taken = warm.workers.splice(0, n);
  for (const w of taken) w.detach();
  releaseWarm();
  return taken;
}

/**
 * Runs jobs on `workers` worker threads (each with its own tfjs backend: wasm is single-threaded, so
 * two workers use both cores). Jobs are handed out longest first; results come back through `onDone`
 * as they finish (the caller caches them at once, so an interrupted sweep can resume). With `analysis`,
 * an arm's analysis runs on the next free worker as soon as its jobs are done, before any further training
 * job (so it overlaps with the training that is still running); a worker with nothing to do waits until
 * the last job or analysis is handed out.
 */
export async function runPool(
  jobs: JobSpec[],
  workers: number,
  init: WorkerInit,
  onDone: (out: JobOutput) => void,
  onProgress?: (p: JobProgress) => void,
  analysis?: AnalysisHooks,
  tasks?: PoolTasks,
  /** Orders the queue after jobs are added (default: as added). */
  order?: (queue: JobSpec[]) => void,
): Promise<PoolStart> {
  const queue = [...jobs];
  const ready: ArmAnalysisTask[] = [...(analysis?.initial ?? [])];
  const taskCount = tasks?.items.length ?? 0;
  const prestarted = warm?.workers.length ?? 0;
  if (queue.length === 0 && ready.length === 0 && taskCount === 0) return { takenOver: 0, started: 0, discarded: 0 };
  const entry = workerEntry();
  // Analysis tasks still to come: one per arm whose jobs are not all in yet (at most one per job).
  const n = Math.max(1, Math.min(workers, jobs.length + ready.length + (analysis ? jobs.length : 0) + 2 * taskCount));
  const warmed = takeWarm(init, n);
  const start: PoolStart = { takenOver: warmed.length, started: n - warmed.length, discarded: prestarted - warmed.length };
  await new Promise<void>((resolve, reject) => {
    let failed = false;
    let busy = 0;
    const pool: Worker[] = [];
    const idle: Worker[] = [];
    const fail = (e: Error) => {
      if (failed) return;
      failed = true;
      for (const x of pool) void x.terminate();
      reject(e);
    };
    // The backend probe goes to the first worker with nothing else to do (see AnalysisHooks.onBackend).
    let probe = analysis?.onBackend !== undefined;
    // Start-up tasks: handed out in order, to one worker at a time unless nothing else is queued.
    let nextTask = 0;
    let tasksDone = 0;
    let planning = 0;
    // The task each worker holds: a late answer to a warm task of mapOnWarmWorkers (already computed there) is ignored.
    const holding = new Map<Worker, number>();
    const release = (r: { jobs: JobSpec[]; ready: ArmAnalysisTask[] }) => {
      tasksDone++;
      if (r.jobs.length > 0) {
        queue.push(...r.jobs);
        order?.(queue);
      }
      ready.push(...r.ready);
    };
    // Hand work to every idle worker; when nothing is left and nobody is busy, stop them all.
    const dispatch = () => {
      while (idle.length > 0) {
        const analyse = ready.shift();
        if (analyse) {
          busy++;
          (idle.shift() as Worker).postMessage({ analyze: analyse });
        } else if (tasks && nextTask < taskCount && (planning === 0 || queue.length === 0)) {
          busy++;
          planning++;
          const index = nextTask++;
          const w = idle.shift() as Worker;
          holding.set(w, index);
          w.postMessage({ task: { kind: tasks.kind, index, item: tasks.items[index] } });
        } else if (queue.length > 0) {
          busy++;
          (idle.shift() as Worker).postMessage({ job: queue.shift() });
        } else break;
      }
      if (probe && idle.length > 0 && busy > 0 && nextTask >= taskCount) {
        probe = false;
        busy++;
        (idle.shift() as Worker).postMessage({ backend: true });
      }
      if (busy === 0 && ready.length === 0 && queue.length === 0 && tasksDone === taskCount && !failed) {
        for (const x of pool) void x.terminate();
        resolve();
      }
    };
    const alreadyReady: Worker[] = [];
    for (let k = 0; k < n; k++) {
      const pre = warmed[k];
      const w = pre ? pre.worker : startWorker(entry, init);
      const data = pre ? null : sharedFor(init);
      if (data) w.postMessage(data);
      pool.push(w);
      if (pre?.error) queueMicrotask(() => fail(pre.error as Error));
      else if (pre?.ready) alreadyReady.push(w);
      w.on(
        'message',
        (msg: {
          ready?: boolean;
          done?: JobOutput;
          analysed?: { arm: string; result: ArmResult };
          backend?: BackendInfo | null;
          taskDone?: { index: number; value: unknown };
          taskError?: { index: number };
          error?: string;
          progress?: JobProgress;
        }) => {
          if (failed) return;
          if (msg.progress) {
            onProgress?.(msg.progress);
            return;
          }
          try {
            if (msg.done) {
              busy--;
              onDone(msg.done);
              if (analysis) ready.push(...analysis.readyAfter(msg.done));
            } else if (msg.analysed) {
              busy--;
              analysis?.onResult(msg.analysed.arm, msg.analysed.result);
            } else if (msg.taskDone || msg.taskError) {
              const index = (msg.taskDone ?? (msg.taskError as { index: number })).index;
              if (!tasks || holding.get(w) !== index) return;
              holding.delete(w);
              busy--;
              planning--;
              release(msg.taskDone ? tasks.onDone(index, msg.taskDone.value) : tasks.onError(index));
            } else if (msg.backend !== undefined) {
              // null: the worker could not initialise it; the caller then initialises its own.
              busy--;
              if (msg.backend) analysis?.onBackend?.(msg.backend);
            } else if (msg.error !== undefined) {
              fail(new Error(`a job failed in a worker: ${msg.error}`));
              return;
            } else if (!msg.ready) return;
          } catch (e) {
            fail(e instanceof Error ? e : new Error(String(e)));
            return;
          }
          idle.push(w);
          dispatch();
        },
      );
      w.on('error', (e) => fail(e));
    }
    // Warm workers that reported ready before the pool took them over.
    if (alreadyReady.length > 0) {
      idle.push(...alreadyReady);
      dispatch();
    }
  });
  return start;
}

/** A pool worker on its own (it posts `ready` once started; see worker.ts for the messages it takes). */
export function startPoolWorker(init: WorkerInit): Worker {
  return startWorker(workerEntry(), init);
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
