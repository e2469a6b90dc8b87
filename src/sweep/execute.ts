import { join } from 'node:path';
import cliProgress from 'cli-progress';
import type { PreparedDataset } from '../data/types.js';
import type { Logger } from '../cli/log.js';
import { JobCache, cacheKey } from './cache.js';
import type { JobOutput, JobSpec } from './job.js';
import { jobCost } from './jobs.js';
import { runPool } from './pool.js';
import type { SweepOptions } from './options.js';
import { dpauditVersion } from '../version.js';
import { Eta, formatEta } from './eta.js';

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
  });
}

/**
 * Run the jobs not yet in the cache (all of them without --resume) on the worker pool; every finished job
 * is written to the cache at once (atomically). Returns the outputs of all `jobs`.
 */
export async function executeJobs(
  opts: SweepOptions,
  ds: PreparedDataset,
  jobs: JobSpec[],
  log: Logger,
  interactive: boolean,
): Promise<Map<string, JobOutput>> {
  const cache = new JobCache(join(opts.out, 'cache'));
  const outputs = new Map<string, JobOutput>();
  const toRun: JobSpec[] = [];
  for (const j of jobs) {
    const key = jobKey(opts, ds, j);
    if (opts.resume && cache.has(key)) outputs.set(j.id, cache.get(key));
    else toRun.push(j);
  }
  if (opts.resume && outputs.size > 0) log.info(`resume: ${outputs.size} of ${jobs.length} jobs found in the cache`);
  if (toRun.length === 0) return outputs;
  toRun.sort((a, b) => jobCost(b) - jobCost(a));
  const keys = new Map(toRun.map((j) => [j.id, jobKey(opts, ds, j)]));
  const totalWork = toRun.reduce((a, j) => a + j.plan.steps, 0);
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
    bar.start(totalWork, 0, { jobs: `0/${toRun.length} jobs`, etaText: '…' });
  }
  let finished = 0;
  let lastLine = 0;
  const eta = new Eta(totalWork);
  const report = () => {
    const done = [...stepsDone.values()].reduce((a, b) => a + b, 0);
    const left = eta.update(done);
    if (bar) bar.update(done, { jobs: `${finished}/${toRun.length} jobs`, etaText: formatEta(left) });
    else {
      const now = performance.now();
      if (now - lastLine > 5000 || finished === toRun.length) {
        lastLine = now;
        const el = (now - t0) / 1000;
        log.info(
          `training: ${finished}/${toRun.length} jobs, ${Math.round((100 * done) / totalWork)} %, ${el.toFixed(0)} s elapsed${left !== null && finished < toRun.length ? `, ETA ${formatEta(left)}` : ''}`,
        );
      }
    }
  };
  try {
    await runPool(
      toRun,
      opts.workers,
      { backend: opts.backend, dataset: opts.dataset, maxRows: opts.maxRows, ctx: { rootSeed: opts.rootSeed, train: opts.train } },
      (out) => {
        cache.put(keys.get(out.id) as string, out);
        outputs.set(out.id, out);
        finished++;
        stepsDone.set(out.id, toRun.find((j) => j.id === out.id)?.plan.steps ?? 0);
        report();
      },
      (p) => {
        stepsDone.set(p.id, p.step);
        report();
      },
    );
  } finally {
    bar?.stop();
  }
  return outputs;
}
