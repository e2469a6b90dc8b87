import type { PrivacyPlan } from '../train/plan.js';
import type { ExternalTrainerSpec } from '../train/external/trainer.js';
import type { ModelRunFacts } from '../train/trainer.js';
import type { JobOutput } from './job.js';
import type { TrainerConformance } from '../results/types.js';

/** Relative tolerance of a float comparison between the plan and a trainer's report (JSON round trip, float32 σ). */
const REL_TOL = 1e-6;

function same(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= REL_TOL * Math.max(Math.abs(a), Math.abs(b), 1e-12);
}

type Mismatch = TrainerConformance['arms'][number]['mismatches'][number];

/** Every value of one model's reported run that differs from the plan (σ, q, T, C, sampling). */
export function planMismatches(plan: PrivacyPlan, job: string, f: ModelRunFacts): Mismatch[] {
  const out: Mismatch[] = [];
  const check = (field: string, p: number | string | null, r: number | string | null) => {
    const ok = typeof p === 'number' || typeof r === 'number' ? same(p as number | null, r as number | null) : p === r;
    if (!ok) out.push({ job, model: f.index, field, planned: p, reported: r });
  };
  check('steps', plan.steps, f.steps);
  check('sampling', 'poisson', f.sampling);
  check('sampleRate', plan.sampleRate, f.sampleRate);
  check('noiseMultiplier', plan.noiseMultiplier, f.noiseMultiplier);
  check('maxGradNorm', plan.clip, f.maxGradNorm);
  return out;
}

/**
 * Plan conformance of an external trainer: for every arm, what dpaudit planned (σ, q, T, C, sampling) and
 * every value a trainer reported that differs from it, with both values; the trainer's own ε (when it states
 * one) beside dpaudit's accountant.
 */
export function trainerSection(spec: ExternalTrainerSpec, plans: PrivacyPlan[], outputs: Map<string, JobOutput>): TrainerConformance {
  const libraries = new Set<string>();
  const arms: TrainerConformance['arms'] = plans.map((plan) => {
    const planned = {
      steps: plan.steps,
      sampling: 'poisson',
      sampleRate: plan.sampleRate,
      noiseMultiplier: plan.noiseMultiplier,
      maxGradNorm: plan.clip,
    };
    const mismatches: TrainerConformance['arms'][number]['mismatches'] = [];
    const eps: number[] = [];
    let models = 0;
    const jobs = [...outputs.values()].filter((o) => o.arm === plan.arm).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const o of jobs) {
      const run = o.trainerRun;
      if (!run) continue;
      libraries.add(run.library);
      for (const f of run.facts) {
        models++;
        if (f.epsilon !== undefined && f.epsilon !== null) eps.push(f.epsilon);
        mismatches.push(...planMismatches(plan, o.id, f));
      }
    }
    return {
      arm: plan.arm,
      planned,
      models,
      epsilon: plan.epsilon,
      trainerEpsilon: eps.length === 0 ? null : { min: Math.min(...eps), max: Math.max(...eps) },
      mismatches,
    };
  });
  return {
    command: spec.command,
    version: spec.version,
    libraries: [...libraries].sort(),
    conforms: arms.every((a) => a.mismatches.length === 0),
    arms,
  };
}
