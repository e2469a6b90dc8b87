import type { BackendInfo } from '../backend/index.js';
import type { ProfileTable } from '../privacy/types.js';
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import type { PreparedDataset } from '../data/types.js';
import { aboveProgressBar, type Logger } from '../log/logger.js';
import { JobCache, cacheKey } from './cache.js';
import type { JobOutput, JobSpec } from './job.js';
import { jobCost } from './jobs.js';
import { runPool, type AnalysisHooks, type PoolTasks, type WorkerInit } from './pool.js';
import type { ArmPlanItem, ArmPlanned } from './plan-arm.js';
import { armJobIds, armTask, type ArmAnalysisTask } from './analyze.js';
import type { PrivacyPlan } from '../train/plan.js';
import type { ArmResult } from '../results/types.js';
import type { SweepOptions } from './options.js';
import { dpauditVersion } from '../version.js';
import { Eta, formatEta } from './eta.js';
import { ExternalTrainer } from '../train/external/trainer.js';
import { runJob } from './job.js';
import { onStepKernel, resolveStepKernel } from '../train/stack.js';

/** The cache key of a job: data fingerprint, everything in the config that affects training, code version. */
export function jobKey(opts: SweepOptions, ds: PreparedDataset, job: JobSpec): string {
  const { data: _path, ...datasetOpts } = opts.dataset;
  return cacheKey({
    data: ds.sha256,
    dataset: datasetOpts,
    train: opts.train,
    maxRows: opts.maxRows,
    seed: opts.rootSeed,
    job,
    version: dpauditVersion(),
    // An external trainer's command and stated version (absent for dpaudit's own trainer: keys unchanged).
    ...(opts.trainer ? { trainer: { command: opts.trainer.command, version: opts.trainer.version } } : {}),
    // The WebAssembly gradient kernel gives float32-different numbers from tfjs (keys of tfjs runs unchanged);
    // user-level DP jobs run on tfjs whatever the kernel (onStepKernel), federated ones use it for local steps.
    ...(!opts.trainer && jobOnKernel(opts, job) ? { kernel: 'wasm-simd' } : {}),
  });
}

/** Whether the job's models take their gradient steps on the WebAssembly kernel (then its cache key says so). */
function jobOnKernel(opts: SweepOptions, job: JobSpec): boolean {
  const kernel = resolveStepKernel(undefined, opts.train.model);
  if (job.plan.federation) return kernel === 'wasm-simd';
  return onStepKernel(kernel, job.plan.privacyUnit === 'patient', job.plan.arm === 'nondp' ? 'nondp' : 'dp');
}

/**
 * The pool workers' start of a sweep: the one init its prestarted workers, its shared dataset and its pool use
 * (the keys must match, or the prestarted workers are stopped unused). The pool analyses the arms unless the
 * sweep is a shard (run.ts passes executeJobs its analysis exactly then).
 */
export function sweepPoolInit(opts: SweepOptions, log: Logger): WorkerInit {
  return sweepWorkerInit(opts, !opts.shard, log.verboseOn);
}

/** What every pool worker of a sweep starts with (`analysis`: the pool also runs the arms' analyses). */
export function sweepWorkerInit(opts: SweepOptions, analysis: boolean, verbose = false): WorkerInit {
  return {
    backend: opts.backend,
    dataset: opts.dataset,
    maxRows: opts.maxRows,
    ctx: { rootSeed: opts.rootSeed, train: opts.train },
    ...(analysis ? { sweep: opts } : {}),
    ...(verbose ? { verbose: true } : {}),
  };
}

/**
 * Order for analysis on the pool: the first seed's non-DP models job first (every arm's who-pays analysis
 * needs it), then arm by arm (the longest first) each arm's jobs together, so that arms complete — and are
 * analysed — one after the other while training continues, instead of all at the end.
 */
export function analysisOrder(jobs: JobSpec[]): void {
  const armOf = (j: JobSpec) => j.plan.arm;
  const rank = new Map<string, number>();
  for (const j of jobs) if (!rank.has(armOf(j))) rank.set(armOf(j), rank.size); // longest arm first (jobs are sorted by cost)
  const key = (j: JobSpec) => (j.id === 's0/nondp/models' ? -1 : (rank.get(armOf(j)) as number));
  const within = (j: JobSpec) => (j.kind === 'canary' ? 1 : 0) + 2 * j.seedIndex;
  jobs.sort((a, b) => key(a) - key(b) || within(a) - within(b) || jobCost(b) - jobCost(a));
}

/** Analysis of every arm on the worker pool, as soon as its jobs are done (see runPool). */
export interface SweepAnalysis {
  plans: PrivacyPlan[];
  /** The DP arms' privacy profiles computed at start-up (by arm), sent with their analysis tasks. */
  profiles?: ReadonlyMap<string, ProfileTable>;
  onResult: (arm: string, result: ArmResult) => void;
  /** Called when the last training job's output arrives (for the bench's training/analysis split). */
  onTrainingDone?: () => void;
  /** Wanted: the backend as a pool worker initialises it (see AnalysisHooks.onBackend). */
  onBackend?: (info: BackendInfo) => void;
}

/**
 * DP arms planned on the pool while the other arms train (pool.ts PoolTasks): σ calibration and canary counts on one
 * worker at a time, each answer releasing the arm's jobs.
 */
export interface SweepPlanning {
  items: ArmPlanItem[];
  /** This thread's computation of an item (when a worker failed on it): raises this thread's own error. */
  local: (item: ArmPlanItem) => ArmPlanned;
  /** The jobs of a planned arm (the caller records the plan). */
  jobsOf: (planned: ArmPlanned, log: Logger) => JobSpec[];
  /** Jobs each item releases (for the progress total). */
  jobsPerItem: number;
}

/**
 * Run the jobs not yet in the cache (all of them without --resume) on the worker pool; every finished job
 * is written to the cache at once (atomically), or, while arms are still being planned, once the last is planned
 * (a plan that fails is an input error: nothing is then written). Returns the outputs of all `jobs` and of the
 * planned arms' jobs.
 */
export async function executeJobs(
  opts: SweepOptions,
  ds: PreparedDataset,
  jobs: JobSpec[],
  log: Logger,
  interactive: boolean,
  analysis?: SweepAnalysis,
  planning?: SweepPlanning,
): Promise<Map<string, JobOutput>> {
  const cache = new JobCache(join(opts.out, 'cache'));
  if (planning && (opts.resume || opts.trainer)) throw new Error('internal: planning on the pool runs without --resume and --trainer');
  const outputs = new Map<string, JobOutput>();
  const toRun: JobSpec[] = [];
  for (const j of jobs) {
    const key = jobKey(opts, ds, j);
    if (opts.resume && cache.has(key)) outputs.set(j.id, cache.get(key));
    else toRun.push(j);
  }
  if (opts.resume && outputs.size > 0) log.info(`resume: ${outputs.size} of ${jobs.length} jobs found in the cache`);
  // Arms whose analysis waits for jobs: each is handed to the pool once all its job outputs are in.
  const waiting = new Map(
    (analysis?.plans ?? []).map(
      (plan) =>
        [
          plan,
          armJobIds(
            opts,
            plan.arm,
            jobs.some((j) => j.kind === 'canary' && j.plan.arm === plan.arm),
          ),
        ] as const,
    ),
  );
  const profiles = new Map(analysis?.profiles ?? []);
  const takeReady = (): ArmAnalysisTask[] => {
    const out: ArmAnalysisTask[] = [];
    for (const [plan, ids] of waiting) {
      if (ids.every((id) => outputs.has(id))) {
        waiting.delete(plan);
        const profile = profiles.get(plan.arm);
        out.push(profile ? { ...armTask(opts, plan, outputs), profile } : armTask(opts, plan, outputs));
      }
    }
    return out;
  };
  const hooks: AnalysisHooks | undefined =
    analysis && (toRun.length > 0 || planning)
      ? { initial: takeReady(), readyAfter: () => takeReady(), onResult: analysis.onResult, onBackend: analysis.onBackend }
      : undefined;
  // Nothing to train (all cached): the caller analyses on the main thread, which is cheaper than starting
  // workers (each would load the backend, the dataset and the analysis code) for the analysis alone.
  if (toRun.length === 0 && !planning) return outputs;
  const order = (q: JobSpec[]) => {
    q.sort((a, b) => jobCost(b) - jobCost(a));
    if (analysis) analysisOrder(q);
  };
  order(toRun);
  const keys = new Map(toRun.map((j) => [j.id, jobKey(opts, ds, j)]));
  // Arms still to plan: their jobs are counted with the steps of the jobs known (every arm of a sweep has the same T).
  const totalWork =
    toRun.reduce((a, j) => a + j.plan.steps, 0) +
    (planning ? planning.items.length * planning.jobsPerItem * (toRun[0]?.plan.steps ?? 0) : 0);
  // Outputs held back from the cache while arms are still being planned (written once the last plan is in).
  let unplanned = planning?.items.length ?? 0;
  const held: [string, JobOutput][] = [];
  const put = (key: string, out: JobOutput) => {
    if (unplanned > 0) held.push([key, out]);
    else cache.put(key, out);
  };
  // Jobs of the sweep, those of the arms still to plan included (progress totals).
  const jobTotal = () => toRun.length + (planning ? unplanned * planning.jobsPerItem : 0);
  // Set when an arm's plan failed (an input error): the held outputs are then not written.
  let planFailed = false;
  // The plans' warnings are printed while training runs: above the progress bar when one is drawn.
  const planLog = aboveProgressBar(log, () => bar !== null);
  const planned = (p: ArmPlanned): { jobs: JobSpec[]; ready: ArmAnalysisTask[] } => {
    const js = (planning as SweepPlanning).jobsOf(p, planLog);
    if (p.profile) profiles.set(p.plan.arm, p.profile);
    for (const j of js) {
      keys.set(j.id, jobKey(opts, ds, j));
      toRun.push(j);
    }
    waiting.set(
      p.plan,
      armJobIds(
        opts,
        p.plan.arm,
        js.some((j) => j.kind === 'canary'),
      ),
    );
    if (--unplanned === 0) for (const [key, out] of held.splice(0)) cache.put(key, out);
    return { jobs: js, ready: analysis ? takeReady() : [] };
  };
  const tasks: PoolTasks | undefined = planning
    ? {
        kind: 'plan-arm',
        items: planning.items,
        onDone: (_i, value) => planned(value as ArmPlanned),
        onError: (i) => {
          try {
            return planned(planning.local(planning.items[i]));
          } catch (e) {
            planFailed = true;
            throw e;
          }
        },
      }
    : undefined;
  const stepsDone = new Map<string, number>();
  const t0 = performance.now();
  let bar: cliProgress.SingleBar | null = null;
  if (interactive) {
    bar = new cliProgress.SingleBar(
      {
        format: 'training |{bar}| {percentage}% | ETA {etaText} | {jobs}',
        hideCursor: true,
        clearOnComplete: true,
        stream: process.stderr,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(totalWork, 0, { jobs: `0/${jobTotal()} jobs`, etaText: '…' });
  }
  let finished = 0;
  let lastLine = 0;
  const eta = new Eta(totalWork);
  const report = () => {
    const done = [...stepsDone.values()].reduce((a, b) => a + b, 0);
    const left = eta.update(done);
    if (bar) bar.update(done, { jobs: `${finished}/${jobTotal()} jobs`, etaText: formatEta(left) });
    else {
      const now = performance.now();
      if (now - lastLine > 5000 || finished === jobTotal()) {
        lastLine = now;
        const el = (now - t0) / 1000;
        log.info(
          `training: ${finished}/${jobTotal()} jobs, ${Math.round((100 * done) / totalWork)} %, ${el.toFixed(0)} s elapsed${left !== null && finished < jobTotal() ? `, ETA ${formatEta(left)}` : ''}`,
        );
      }
    }
  };
  try {
    if (opts.trainer) {
      const trainer = new ExternalTrainer(opts.trainer, opts.out, opts.dataset.data);
      await runExternal(
        toRun,
        opts.workers,
        (job) => runJob(trainer, ds, { rootSeed: opts.rootSeed, train: opts.train }, job),
        (out) => {
          cache.put(keys.get(out.id) as string, out);
          outputs.set(out.id, out);
          finished++;
          stepsDone.set(out.id, toRun.find((j) => j.id === out.id)?.plan.steps ?? 0);
          report();
        },
      );
      return outputs;
    }
    const start = await runPool(
      toRun,
      opts.workers,
      sweepPoolInit(opts, log),
      (out) => {
        put(keys.get(out.id) as string, out);
        outputs.set(out.id, out);
        finished++;
        if (finished === toRun.length && unplanned === 0) analysis?.onTrainingDone?.();
        stepsDone.set(out.id, toRun.find((j) => j.id === out.id)?.plan.steps ?? 0);
        report();
      },
      (p) => {
        stepsDone.set(p.id, p.step);
        report();
      },
      hooks,
      tasks,
      order,
    );
    log.verbose(
      `workers: ${start.takenOver} prestarted taken over, ${start.started} started${start.discarded > 0 ? `, ${start.discarded} prestarted stopped unused` : ''}`,
    );
  } catch (e) {
    // Another failure (a job's) keeps what finished, for --resume; a failed plan writes nothing.
    if (!planFailed) for (const [key, out] of held.splice(0)) cache.put(key, out);
    throw e;
  } finally {
    bar?.stop();
  }
  return outputs;
}

/**
 * Run jobs through an external trainer, `workers` trainer processes at once (in this thread: the work is in
 * the child processes). Every finished job is handed to `onDone` at once (the caller caches it); the first
 * failure stops handing out jobs and is rethrown after the running ones have ended.
 */
export async function runExternal(
  jobs: JobSpec[],
  workers: number,
  run: (job: JobSpec) => Promise<JobOutput>,
  onDone: (out: JobOutput) => void,
): Promise<void> {
  const queue = [...jobs];
  let failure: unknown = null;
  const lane = async () => {
    for (;;) {
      if (failure !== null) return;
      const job = queue.shift();
      if (!job) return;
      try {
        onDone(await run(job));
      } catch (e) {
        if (failure === null) failure = e;
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, jobs.length)) }, lane));
  if (failure !== null) throw failure;
}
