import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '../backend/index.js';
import type { Logger } from '../log/logger.js';
import { DpauditError } from '../errors.js';
import { JobCache } from './cache.js';
import { jobKey } from './execute.js';
import type { JobOutput } from './job.js';
import { buildJobs } from './jobs.js';
import type { ResultsV1 } from '../results/types.js';
import { finishSweep, prepareSweep, type SweepManifest } from './run.js';
import { writeOutputs } from './write.js';

function readManifests(dir: string): SweepManifest[] {
  if (!existsSync(dir)) throw new DpauditError('folder not found', { location: { file: dir } });
  const files = readdirSync(dir).filter((f) => /^manifest(-shard-\d+-of-\d+)?\.json$/.test(f));
  if (files.length === 0)
    throw new DpauditError('no sweep manifest here (expected manifest-shard-i-of-n.json from dpaudit sweep --shard i/n)', {
      location: { file: dir },
    });
  return files.map((f) => {
    try {
      return JSON.parse(readFileSync(join(dir, f), 'utf8')) as SweepManifest;
    } catch {
      throw new DpauditError('invalid JSON', { location: { file: join(dir, f) } });
    }
  });
}

/**
 * Combine shard outputs: every shard must come from the same options (hash) and data; the job caches are
 * copied into `out/cache`, then the analysis runs once over all jobs, exactly as an unsharded sweep.
 */
export async function mergeShards(dirs: string[], out: string, log: Logger, commandLine: string): Promise<ResultsV1> {
  const manifests = dirs.flatMap(readManifests);
  const first = manifests[0];
  for (const m of manifests) {
    if (m.optionsHash !== first.optionsHash || m.dataSha256 !== first.dataSha256)
      throw new DpauditError('the shards come from different options or data and cannot be merged');
  }
  const opts = { ...first.options, out, shard: null, resume: true };
  const backend = await initBackend(opts.backend);
  const { ds, plans, canaries } = prepareSweep(opts, log);
  const jobs = buildJobs(opts, plans, canaries);
  mkdirSync(join(out, 'cache'), { recursive: true });
  const target = new JobCache(join(out, 'cache'));
  const outputs = new Map<string, JobOutput>();
  for (const j of jobs) {
    const key = jobKey(opts, ds, j);
    const src = dirs.map((d) => new JobCache(join(d, 'cache'))).find((c) => c.has(key));
    if (!src) throw new DpauditError(`job ${j.id} is in no shard: run the missing shard(s) first`);
    if (src.dir !== target.dir) copyFileSync(src.path(key), target.path(key));
    outputs.set(j.id, target.get(key));
  }
  log.info(`merged ${manifests.length} shard(s), ${jobs.length} jobs`);
  const results = finishSweep(opts, ds, plans, outputs, backend, commandLine, 0, jobs.length);
  await writeOutputs(out, results);
  return results;
}
