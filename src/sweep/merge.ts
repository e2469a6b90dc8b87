import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '../backend/index.js';
import type { Logger } from '../log/logger.js';
import { DpauditError } from '../errors.js';
import { lockOutDir } from '../io/lock.js';
import { checkOutDir, mkdirLevels, prepareOutDir, removeCreatedIfEmpty } from '../io/out-path.js';
import { JobCache } from './cache.js';
import { jobKey } from './execute.js';
import type { JobOutput } from './job.js';
import { buildJobs } from './jobs.js';
import type { ResultsV1 } from '../results/types.js';
import { finishSweep, prepareSweep, type SweepManifest } from './run.js';
import { writeOutputs } from './write.js';

interface NamedManifest {
  file: string;
  m: SweepManifest;
}

function readManifests(dir: string): NamedManifest[] {
  if (!existsSync(dir)) throw new DpauditError('folder not found', { location: { file: dir } });
  const files = readdirSync(dir).filter((f) => /^manifest(-shard-\d+-of-\d+)?\.json$/.test(f));
  if (files.length === 0)
    throw new DpauditError('no sweep manifest here (expected manifest-shard-i-of-n.json from dpaudit sweep --shard i/n)', {
      location: { file: dir },
    });
  return files.map((f) => {
    try {
      return { file: join(dir, f), m: JSON.parse(readFileSync(join(dir, f), 'utf8')) as SweepManifest };
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
  const t0 = performance.now();
  checkOutDir(out, 'out');
  const manifests = dirs.flatMap(readManifests);
  const first = manifests[0];
  for (const x of manifests) {
    if (x.m.dataSha256 !== first.m.dataSha256)
      throw new DpauditError(
        `this shard was run on different data than ${first.file} (data SHA-256 ${x.m.dataSha256.slice(0, 12)}… vs ${first.m.dataSha256.slice(0, 12)}…) and cannot be merged`,
        { location: { file: x.file } },
      );
    if (x.m.optionsHash !== first.m.optionsHash)
      throw new DpauditError(
        `this shard was run with different options than ${first.file} (${optionDifference(first.m.options, x.m.options)}) and cannot be merged`,
        { location: { file: x.file } },
      );
  }
  // Destination checked and locked before any work; on failure nothing is left behind.
  const prepared = prepareOutDir(out, 'out');
  const lock = lockOutDir(prepared.dir, commandLine);
  const copied: string[] = [];
  let cacheCreated: string[] = [];
  let ok = false;
  try {
    const opts = { ...first.m.options, out, shard: null, resume: true };
    const backend = await initBackend(opts.backend);
    const { ds, plans, canaries } = prepareSweep(opts, log);
    const jobs = buildJobs(opts, plans, canaries);
    const sources = dirs.map((d) => new JobCache(join(d, 'cache')));
    const keys = jobs.map((j) => jobKey(opts, ds, j));
    const missing = jobs.filter((_, i) => !sources.some((c) => c.has(keys[i])));
    if (missing.length > 0)
      throw new DpauditError(
        `${missing.length} of ${jobs.length} jobs are in no shard (e.g. ${missing[0].id}): run the missing shard(s) first (${manifests.length} manifest(s) found)`,
      );
    cacheCreated = mkdirLevels(join(out, 'cache'));
    const target = new JobCache(join(out, 'cache'));
    const outputs = new Map<string, JobOutput>();
    let trainingSeconds = 0;
    for (const [i, j] of jobs.entries()) {
      const src = sources.find((c) => c.has(keys[i])) as JobCache;
      if (src.dir !== target.dir && !target.has(keys[i])) {
        copyFileSync(src.path(keys[i]), target.path(keys[i]));
        copied.push(target.path(keys[i]));
      }
      const o = target.get(keys[i]);
      trainingSeconds += o.seconds;
      outputs.set(j.id, o);
    }
    log.info(`merged ${manifests.length} shard(s), ${jobs.length} jobs`);
    const results = finishSweep(opts, ds, plans, outputs, backend, commandLine, 0, jobs.length);
    // Total = the shards' training time (sum of job seconds) + this merge's analysis.
    results.timing.totalSeconds = trainingSeconds + (performance.now() - t0) / 1000;
    const written = await writeOutputs(out, results);
    ok = true;
    return written;
  } finally {
    if (!ok) {
      for (const f of copied) rmSync(f, { force: true });
      removeCreatedIfEmpty(cacheCreated);
    }
    lock.release();
    if (!ok) removeCreatedIfEmpty(prepared.created);
  }
}

/** The first option that differs between two shards' manifests, as `path: a vs b` (for the merge error). */
export function optionDifference(a: unknown, b: unknown, path = ''): string {
  if (JSON.stringify(a) === JSON.stringify(b)) return 'no difference found';
  const ignored = new Set(['out', 'workers', 'resume', 'shard', 'gate']);
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    for (const k of [...new Set([...Object.keys(ra), ...Object.keys(rb)])].sort()) {
      if (path === '' && ignored.has(k)) continue;
      if (JSON.stringify(ra[k]) !== JSON.stringify(rb[k])) return optionDifference(ra[k], rb[k], path ? `${path}.${k}` : k);
    }
    return 'no difference found';
  }
  return `${path || 'options'}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
}
