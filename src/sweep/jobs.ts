import type { PrivacyPlan } from '../train/plan.js';
import type { JobSpec } from './job.js';
import type { SweepOptions } from './options.js';

/**
 * The job graph: per seed, one `models` job per arm (release model + fleet of K + 1 as one stack) and one
 * `canary` job per arm when canaries are enabled. nondp and cliponly serve every ε. Ids are stable, so a
 * shard i/n takes the jobs whose position in the id-sorted list is ≡ i − 1 (mod n).
 */
export function buildJobs(opts: SweepOptions, plans: PrivacyPlan[], canaries: number): JobSpec[] {
  const jobs: JobSpec[] = [];
  for (let s = 0; s < opts.seeds; s++) {
    for (const plan of plans) {
      jobs.push({
        id: `s${s}/${plan.arm}/models`,
        kind: 'models',
        seedIndex: s,
        plan,
        fleetModels: opts.referenceModels + 1,
        masks: opts.masks,
        canaries: 0,
      });
      if (canaries > 0)
        jobs.push({ id: `s${s}/${plan.arm}/canary`, kind: 'canary', seedIndex: s, plan, fleetModels: 0, masks: opts.masks, canaries });
    }
  }
  return jobs.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function shardJobs(jobs: JobSpec[], shard: { index: number; count: number } | null): JobSpec[] {
  if (!shard) return jobs;
  return jobs.filter((_, k) => k % shard.count === shard.index - 1);
}

/** Work estimate used to hand out the longest jobs first. */
export function jobCost(j: JobSpec): number {
  return (j.kind === 'canary' ? 1 : j.fleetModels / 2 + 1) * j.plan.steps;
}
