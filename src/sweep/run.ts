import type { ProfileTable } from '../privacy/types.js';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { initBackend, describeBackend, nativeBackendMayLoad, type BackendInfo } from '../backend/index.js';
import { loadDataset } from '../data/dataset.js';
import type { PreparedDataset } from '../data/types.js';
import type { Logger } from '../log/logger.js';
import { DpauditError } from '../errors.js';
import { atomicWrite } from '../io/atomic.js';
import { lockOutDir } from '../io/lock.js';
import { loadPolicy } from '../gate/policy.js';
import { precheckPolicy } from '../gate/precheck.js';
import { prepareOutDir, removeCreatedIfEmpty } from '../io/out-path.js';
import { packagePath } from '../paths.js';
import { type Arm, armId, type PrivacyPlan } from '../train/plan.js';
import { planForDataset } from '../train/privacy-unit.js';
import { dpauditVersion } from '../version.js';
import { analyze } from './analyze.js';
import { executeJobs, type SweepPlanning, sweepPoolInit } from './execute.js';
import { mapOnWarmWorkers, prestartWorkers, shareDataset, unshareDataset } from './pool.js';
import { type ArmPlanItem, type ArmPlanned, planSweepArm } from './plan-arm.js';
import { oneRunTestAlpha } from './analyze-attacks.js';
import type { JobOutput } from './job.js';
import { buildJobs, shardJobs, sweepJobIds } from './jobs.js';
import { sweepCanaries } from './canary-cap.js';
import type { SweepOptions } from './options.js';
import type { ArmResult, ResultsV1 } from '../results/types.js';
import { subsampleSplits } from './subsample.js';
import { warmReportRenderer, writeOutputs } from './write.js';
import { trainerSection } from './trainer-section.js';
import { builtinVerdict } from './verdict.js';
import { assignSites } from '../data/sites.js';
import { federatedArms, largestSite, planFederatedArm } from '../train/federated/plan.js';
import type { FederationConfig, SiteAssignment } from '../train/federated/types.js';

export interface SweepManifest {
  dpauditVersion: string;
  optionsHash: string;
  options: SweepOptions;
  dataSha256: string;
  jobs: string[];
  shard: { index: number; count: number } | null;
}

/** SHA-256 of the resolved options that determine the results (not out/workers/resume/shard/gate): the config hash of the audit record. */
export function optionsHash(o: SweepOptions): string {
  const { out: _o, workers: _w, resume: _r, shard: _s, gate: _g, trainer, ...rest } = o;
  // The trainer's working folder and timeout do not change its results; its command and version do.
  const t = trainer ? { trainer: { command: trainer.command, version: trainer.version } } : {};
  return createHash('sha256')
    .update(JSON.stringify({ ...rest, ...t }))
    .digest('hex');
}

export function sha256File(path: string): string | null {
  if (!existsSync(path)) return null;
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

export { sweepCanaries } from './canary-cap.js';

/**
 * The pool size the canary cap counts: patients when the privacy unit is the patient (an input-space canary
 * is then a synthetic patient of several rows; docs/methods.md#patient-canaries), else training rows.
 */
export function canaryPool(ds: PreparedDataset, plans: readonly PrivacyPlan[]): number {
  const patients = plans.find((p) => p.privacyUnit === 'patient' && p.poolUnits)?.poolUnits?.units;
  return patients ?? ds.splits.train.length;
}

export function prepareSweep(opts: SweepOptions, log: Logger): { ds: PreparedDataset; plans: PrivacyPlan[]; canaries: number } {
  const ds = sweepData(opts, log);
  return finishPrepare(
    opts,
    log,
    ds,
    centralArms(opts).map((a) => planForDataset(a, opts.train, ds)),
  );
}

/**
 * prepareSweep with the DP arms' calibrations (and their gradient-canary counts) shared between this thread
 * and the warm pool workers (mapOnWarmWorkers): the same plans, the start-up on both cores.
 */
export async function prepareSweepParallel(
  opts: SweepOptions,
  log: Logger,
): Promise<{
  ds: PreparedDataset;
  plans: PrivacyPlan[];
  canaries: number;
  gradientCanaries: Map<string, number>;
  /** The DP arms' privacy profiles as data (PRV), handed to the threads that analyse them. */
  profiles: Map<string, ProfileTable>;
}> {
  const { ds, arms, items } = sweepStart(opts, log);
  // From the cheapest to the most expensive calibration (larger ε: smaller σ, a finer PRV grid): they are
  // computed longest first on this thread and the warm workers (mapOnWarmWorkers).
  const order = items.map((_, i) => i).sort((a, b) => armCost(arms[a]) - armCost(arms[b]) || a - b);
  const planned = await mapOnWarmWorkers(
    order.map((i) => items[i]),
    'plan-arm',
    (item) => planSweepArm(item, opts.train, ds),
  );
  const byArm: ArmPlanned[] = new Array(items.length);
  for (const [k, i] of order.entries()) byArm[i] = planned[k];
  const gradientCanaries = new Map(byArm.map((p) => [p.plan.arm, p.gradientCanaries]));
  const profiles = new Map(byArm.flatMap((p) => (p.profile ? [[p.plan.arm, p.profile] as const] : [])));
  return {
    ...finishPrepare(
      opts,
      log,
      ds,
      byArm.map((p) => p.plan),
    ),
    gradientCanaries,
    profiles,
  };
}

/**
 * The start of a sweep whose DP arms are planned on the pool (executeJobs `planning`): the non-DP and clip-only arms
 * are planned here (no calibration) and train at once, while one pool worker at a time calibrates the DP arms, the
 * cheapest first, each releasing its jobs. Same plans, jobs and results as prepareSweepParallel; the start-up's
 * calibrations overlap training instead of preceding it.
 */
function startOnPool(
  opts: SweepOptions,
  log: Logger,
): {
  ds: PreparedDataset;
  plans: PrivacyPlan[];
  canaries: number;
  gradientCanaries: Map<string, number>;
  profiles: Map<string, ProfileTable>;
  /** The DP arms still to plan. */
  pending: ArmPlanItem[];
} {
  const { ds, items } = sweepStart(opts, log);
  const here = items.filter((it) => it.arm.kind !== 'dp').map((it) => planSweepArm(it, opts.train, ds));
  const pending = items.filter((it) => it.arm.kind === 'dp').sort((a, b) => armCost(a.arm) - armCost(b.arm));
  const prepared = finishPrepare(
    opts,
    log,
    ds,
    here.map((p) => p.plan),
  );
  return {
    ...prepared,
    gradientCanaries: new Map(here.map((p) => [p.plan.arm, p.gradientCanaries])),
    profiles: new Map(),
    pending,
  };
}

/**
 * The data and the plan items of every centralised arm, the start of both ways of planning a sweep. The pool's workers
 * get this very dataset instead of reading the file again (runSweepLocked unshares it).
 */
function sweepStart(opts: SweepOptions, log: Logger): { ds: PreparedDataset; arms: Arm[]; items: ArmPlanItem[] } {
  const ds = sweepData(opts, log);
  shareDataset(sweepPoolInit(opts, log), ds);
  const arms = centralArms(opts);
  const canaries = sweepCanaries(opts, ds.splits.train.length);
  const testAlpha = oneRunTestAlpha(arms.filter((a) => a.kind === 'dp').length);
  return { ds, arms, items: arms.map((arm) => ({ arm, canaries, gradient: opts.canaryKind === 'gradient', testAlpha })) };
}

function armCost(a: Arm): number {
  return a.kind === 'dp' ? 1 + a.epsilon : 0;
}

function sweepData(opts: SweepOptions, log: Logger): PreparedDataset {
  const full = loadDataset(opts.dataset, log);
  const ds = subsampleSplits(full, opts.maxRows, opts.rootSeed);
  const rows = (d: PreparedDataset) => d.splits.train.length + d.splits.validation.length + d.splits.test.length;
  if (ds !== full)
    log.info(
      `preset ${opts.preset}: sampled ${rows(ds)} of ${rows(full)} rows (at most ${opts.maxRows}; stratified by label, the same fraction of every split)`,
    );
  return ds;
}

function centralArms(opts: SweepOptions): Arm[] {
  return [{ kind: 'nondp' }, { kind: 'cliponly' }, ...opts.epsilons.map((e): Arm => ({ kind: 'dp', epsilon: e }))];
}

function finishPrepare(
  opts: SweepOptions,
  log: Logger,
  ds: PreparedDataset,
  plans: PrivacyPlan[],
): { ds: PreparedDataset; plans: PrivacyPlan[]; canaries: number } {
  const batch = plans.find((p) => p.batchSize)?.batchSize;
  if (batch) log.info(`privacy unit: the patient; ${batch.note}`);
  const canaries = sweepCanaries(opts, canaryPool(ds, plans));
  if (!opts.federation) return { ds, plans, canaries };
  // Federated arms (docs/methods.md#federated) after the centralised ones, on the same split.
  const { sites, config } = federationSetup(opts, ds);
  for (const a of federatedArms(opts.federation.modes, opts.epsilons)) plans.push(planFederatedArm(a, opts.train, ds, sites, config));
  return { ds: { ...ds, sites }, plans, canaries };
}

/** The sites of a federated sweep and the FedAvg settings, the audited site resolved (default: the largest). */
export function federationSetup(opts: SweepOptions, ds: PreparedDataset): { sites: SiteAssignment; config: FederationConfig } {
  const f = opts.federation;
  if (!f) throw new DpauditError('internal: federationSetup without --sites');
  const sites = assignSites(ds, f.source, opts.rootSeed);
  let auditSite = largestSite(sites, ds.splits.train);
  if (f.auditSite !== null) {
    auditSite = sites.names.indexOf(f.auditSite);
    if (auditSite < 0)
      throw new DpauditError(`${JSON.stringify(f.auditSite)} is not a site (sites: ${sites.names.join(', ')})`, {
        location: { option: 'audit-site' },
      });
  }
  return {
    sites,
    config: { rounds: f.rounds, localEpochs: f.localEpochs, siteRate: f.siteRate, updateClip: f.updateClip, auditSite },
  };
}

export interface SweepRun {
  results: ResultsV1 | null;
  outDir: string;
  manifest: SweepManifest;
}

/** The whole audit: plan → train (workers, cache) → analyse → write results.json, tables, summary, report. */
export async function runSweep(opts: SweepOptions, log: Logger, meta: { commandLine: string; interactive: boolean }): Promise<SweepRun> {
  // The destination is checked (and locked) before any work: a bad --out is exit 2 with one line.
  const out = prepareOutDir(opts.out, 'out');
  const lock = lockOutDir(out.dir, meta.commandLine);
  if (lock.staleFrom)
    log.warn(
      `took over a stale lock on ${opts.out} (process ${lock.staleFrom.pid} on ${lock.staleFrom.host}, started ${lock.staleFrom.started}, is no longer running)`,
    );
  try {
    return await runSweepLocked(opts, log, meta);
  } finally {
    lock.release();
    removeCreatedIfEmpty(out.created);
  }
}

async function runSweepLocked(opts: SweepOptions, log: Logger, meta: { commandLine: string; interactive: boolean }): Promise<SweepRun> {
  const t0 = performance.now();
  // Start-up overlaps: the pool's workers start (modules; the dataset follows) while this thread plans.
  const release = opts.trainer ? () => {} : prestartWorkers(opts.workers, sweepPoolInit(opts, log));
  try {
    return await runSweepPlanned(opts, log, meta, t0, await backendRecord(opts.backend));
  } finally {
    release();
    unshareDataset();
  }
}

/**
 * How a sweep gets the backend it records. An explicit request may be unavailable: that usage error comes before
 * any work. With the automatic choice (which cannot fail) the backend is needed only for the record: a pool worker
 * left idle near the end initialises it (`onBackend`: the same request on the same packages gives the same backend),
 * and this thread does only if none did. Where the native backend may load (nativeBackendMayLoad: its addon loads in
 * one thread only), this thread initialises first, as the record must not depend on timing.
 */
interface BackendRecord {
  /** Set when a pool worker may initialise the record (AnalysisHooks.onBackend): takes what it initialised. */
  onBackend?: (info: BackendInfo) => void;
  get: () => Promise<BackendInfo>;
}

async function backendRecord(request: SweepOptions['backend']): Promise<BackendRecord> {
  if (request !== 'auto') {
    const info = await initBackend(request);
    return { get: () => Promise.resolve(info) };
  }
  if (nativeBackendMayLoad()) {
    const ready = initBackend('auto');
    ready.catch(() => {});
    return { get: () => ready };
  }
  let pooled: BackendInfo | null = null;
  let ready: Promise<BackendInfo> | null = null;
  return {
    onBackend: (info) => (pooled = info),
    get: () => (pooled ? Promise.resolve(pooled) : (ready ??= initBackend('auto'))),
  };
}

async function runSweepPlanned(
  opts: SweepOptions,
  log: Logger,
  meta: { commandLine: string; interactive: boolean },
  t0: number,
  backend: BackendRecord,
): Promise<SweepRun> {
  // Common case: the DP arms are planned on the pool while the other arms train (startOnPool). Shards, an external
  // trainer, --resume and federated sweeps plan every arm first (prepareSweepParallel), then train.
  const onPool = !opts.shard && !opts.trainer && !opts.resume && !opts.federation;
  const start = onPool ? startOnPool(opts, log) : { ...(await prepareSweepParallel(opts, log)), pending: [] as ArmPlanItem[] };
  const { ds, plans, canaries } = start;
  // A gate selector that can only match nothing is an input error now, before any training.
  if (opts.gate !== undefined)
    precheckPolicy(loadPolicy(opts.gate), {
      epsilons: opts.epsilons,
      attacks: opts.attacks,
      sensitive: Object.fromEntries(ds.groups.map((g) => [g.name, g.levels])),
      federatedArms: plans.filter((p) => p.federation).map((p) => p.arm),
    });
  // Every warning reaches stderr once (data, plan, then the analysis's own below); arms planned on the pool say theirs when planned.
  const printed = new Set<string>([...ds.warnings, ...plans.flatMap((p) => p.warnings)]);
  for (const w of printed) log.warn(w);
  const built = buildJobs(opts, plans, canaries, start.gradientCanaries);
  const jobs = onPool ? built : shardJobs(built, opts.shard);
  const planning: SweepPlanning | undefined =
    start.pending.length > 0
      ? {
          items: start.pending,
          local: (item) => planSweepArm(item, opts.train, ds),
          jobsOf: (planned, warnLog) => {
            plans.push(planned.plan);
            start.gradientCanaries.set(planned.plan.arm, planned.gradientCanaries);
            for (const w of planned.plan.warnings)
              if (!printed.has(w)) {
                printed.add(w);
                warnLog.warn(w);
              }
            return buildJobs(opts, [planned.plan], canaries, new Map([[planned.plan.arm, planned.gradientCanaries]]));
          },
          jobsPerItem: jobs.length / Math.max(1, plans.length),
        }
      : undefined;
  const armNames = onPool ? centralArms(opts).map(armId) : plans.map((p) => p.arm);
  const jobCount = jobs.length + (planning ? planning.items.length * planning.jobsPerItem : 0);
  const shardOf = opts.shard ? ` of ${built.length}` : '';
  log.info(
    `sweep (${opts.preset}): ${ds.splits.train.length} training rows, arms ${armNames.join(', ')}, K = ${opts.referenceModels}, ${opts.seeds} seed(s), ${jobCount}${shardOf} jobs on ${opts.workers} worker(s)`,
  );
  // Unsharded: each arm is analysed on the pool as soon as its jobs are done, overlapping with training.
  const armResults = new Map<string, ArmResult>();
  const tTrain = performance.now();
  let trainedAt = tTrain;
  const outputs = await executeJobs(
    opts,
    ds,
    jobs,
    log,
    meta.interactive,
    opts.shard
      ? undefined
      : {
          plans: [...plans],
          profiles: start.profiles,
          onResult: (arm, r) => armResults.set(arm, r),
          onTrainingDone: () => {
            trainedAt = performance.now();
            // This thread is idle while the pool finishes the analyses: load the report renderer and warm it up meanwhile.
            warmReportRenderer().catch(() => {});
          },
          ...(backend.onBackend ? { onBackend: backend.onBackend } : {}),
        },
    planning,
  );
  // Arms in their order (non-DP, clip-only, then ε ascending as given), whatever order they were planned in.
  if (onPool) plans.sort((a, b) => armNames.indexOf(a.arm) - armNames.indexOf(b.arm));
  const allJobs = onPool ? buildJobs(opts, plans, canaries, start.gradientCanaries) : jobs;
  const manifest: SweepManifest = {
    dpauditVersion: dpauditVersion(),
    optionsHash: optionsHash(opts),
    options: opts,
    dataSha256: ds.sha256,
    jobs: allJobs.map((j) => j.id),
    shard: opts.shard,
  };
  atomicWrite(
    join(opts.out, opts.shard ? `manifest-shard-${opts.shard.index}-of-${opts.shard.count}.json` : 'manifest.json'),
    JSON.stringify(manifest, null, 2),
  );
  if (opts.shard) {
    log.info(
      `shard ${opts.shard.index}/${opts.shard.count} done: ${jobs.length} jobs cached in ${join(opts.out, 'cache')}; combine the shards with dpaudit merge`,
    );
    return { results: null, outDir: opts.out, manifest };
  }
  const recorded = await backend.get();
  log.verbose(`backend: ${describeBackend(recorded)}`);
  const results = finishSweep(opts, ds, plans, outputs, recorded, meta.commandLine, 0, allJobs.length, armResults);
  results.timing.totalSeconds = (performance.now() - t0) / 1000; // training and analysis
  for (const w of results.warnings) if (!printed.has(w)) log.warn(w);
  const written = await writeOutputs(opts.out, results);
  const phases = process.env.DPAUDIT_PHASES_FILE;
  if (phases) {
    // Where the wall time went (npm run bench): start-up and planning, training (analyses overlap it), then
    // the analysis left after the last training job plus writing the outputs.
    const now = performance.now();
    writeFileSync(
      phases,
      JSON.stringify({
        setupSeconds: (tTrain - t0) / 1000,
        trainingSeconds: (trainedAt - tTrain) / 1000,
        afterTrainingSeconds: (now - trainedAt) / 1000,
        totalSeconds: (now - t0) / 1000,
      }),
    );
  }
  return { results: written, outDir: opts.out, manifest };
}

/** Analysis of complete job outputs (also used by `dpaudit merge`). */
export function finishSweep(
  opts: SweepOptions,
  ds: PreparedDataset,
  plans: PrivacyPlan[],
  outputs: Map<string, JobOutput>,
  backend: BackendInfo,
  commandLine: string,
  totalSeconds: number,
  jobCount: number,
  armResults?: ReadonlyMap<string, ArmResult>,
): ResultsV1 {
  const missing = sweepJobIds(opts, plans, sweepCanaries(opts, canaryPool(ds, plans))).filter((id) => !outputs.has(id));
  if (missing.length > 0) throw new DpauditError(`results are incomplete: ${missing.length} jobs missing (e.g. ${missing[0]})`);
  const results = analyze(
    {
      opts,
      ds,
      plans,
      outputs,
      backend,
      audit: {
        dataSha256: ds.sha256,
        configSha256: optionsHash(opts),
        lockfileSha256: sha256File(packagePath('package-lock.json')),
        dpauditVersion: dpauditVersion(),
        commandLine,
      },
      totalSeconds,
      jobCount,
    },
    armResults,
  );
  if (opts.trainer) {
    results.trainer = trainerSection(opts.trainer, plans, outputs);
    // The verdict shows the trainer's plan conformance and its own ε.
    results.verdict = builtinVerdict(results);
  }
  return results;
}
