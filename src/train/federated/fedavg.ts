import type * as tfjs from '@tensorflow/tfjs';
import type { Tf } from '../../backend/index.js';
import { DpauditError } from '../../errors.js';
import { modelFamily } from '../../model/families/index.js';
import { Rng, fillSecureNormal, type SeedPart } from '../../random/rng.js';
import { trainStack, type StackMember, type StackProgress, type StackTestSeam, type StepKernelRequest } from '../stack.js';
import type { JobInputs, JobModel, ModelRunFacts, TrainResult } from '../trainer.js';
import type { FederationPlan } from './types.js';

/**
 * Federated averaging (McMahan et al. 2017) with the privacy modes of docs/methods.md#federated, vectorised as
 * the fleet is: one round is one stacked program (train/stack.ts) whose members are (job model × participating
 * site), each starting from its model's current global parameters and running the site's own local mechanism
 * (q_s, T_s and, under local-dp, DP-SGD with σ_s and clip C). Local optimiser state (Adam moments, momentum)
 * starts afresh every round: a site keeps nothing between rounds but the global model it receives.
 *
 * Sites take part in a round with probability p (all of them when p = 1), drawn once per round for all models
 * of the job from one seeded stream, so that the audited site's last round is the same for every model.
 * The server then, per model:
 * - `none` / `local-dp`: θ ← Σ_s w_s θ_s over the participating sites, w_s = n_s / Σ n (n_s: the model's
 *   training rows at site s);
 * - `server-dp` (DP-FedAvg): Δ_s = θ_s − θ clipped to norm S, θ ← θ + (Σ_s clip(Δ_s) + N(0, σ²S²·I)) / (p·K),
 *   with K the number of sites and noise from the model's own seeded stream (node:crypto with --secure-noise).
 * Gradient canaries are not supported in federated arms (the models carrying them train without them);
 * input-space canaries are ordinary rows of the audited site.
 */

/** Seed parts of the member (model, round, site): its Poisson batches and its local DP noise. */
export function federatedMemberSeeds(
  model: Pick<JobModel, 'seeds'>,
  round: number,
  site: number,
): { batchSeed: SeedPart[]; noiseSeed: SeedPart[] } {
  return {
    batchSeed: [...model.seeds.batches, 'fed', round, site],
    noiseSeed: [...model.seeds.noise, 'fed', round, site],
  };
}

/** The stream of site participation (one per job, shared by its models). */
export function siteSamplingRng(models: readonly Pick<JobModel, 'seeds'>[]): Rng {
  return Rng.from(...models[0].seeds.batches, 'fed', 'site-sampling');
}

/** The stream of the server's DP noise of one model. */
export function serverNoiseRng(model: Pick<JobModel, 'seeds'>): Rng {
  return Rng.from(...model.seeds.noise, 'fed', 'server');
}

/** The sites taking part in one round: each independently with probability p (all when p ≥ 1). */
export function participatingSites(K: number, p: number, rng: Rng): number[] {
  const out: number[] = [];
  for (let s = 0; s < K; s++) if (p >= 1 || rng.next() < p) out.push(s);
  return out;
}

/**
 * The server step of none / local-dp: the average of the sites' parameters weighted by their row counts
 * (float64 accumulation). `locals` and `weights` are the participating sites of one model.
 */
export function weightedAverage(locals: readonly Float32Array[], weights: readonly number[]): Float32Array {
  const P = locals[0].length;
  const total = weights.reduce((a, b) => a + b, 0);
  const acc = new Float64Array(P);
  for (let j = 0; j < locals.length; j++) {
    const w = weights[j] / total;
    const th = locals[j];
    for (let i = 0; i < P; i++) acc[i] += w * th[i];
  }
  return Float32Array.from(acc);
}

/**
 * The server step of DP-FedAvg: θ + (Σ_s clip_S(θ_s − θ) + noise) / (p·K). `noise` holds the N(0, σ²S²) draws
 * (null: no noise); returns the new global parameters.
 */
export function serverDpStep(
  global: Float32Array,
  locals: readonly Float32Array[],
  clip: number,
  noise: Float32Array | null,
  expectedSites: number,
): Float32Array {
  const P = global.length;
  const sum = new Float64Array(P);
  const delta = new Float64Array(P);
  for (const th of locals) {
    let ss = 0;
    for (let i = 0; i < P; i++) {
      delta[i] = th[i] - global[i];
      ss += delta[i] * delta[i];
    }
    const norm = Math.sqrt(ss);
    const f = norm > clip ? clip / norm : 1;
    for (let i = 0; i < P; i++) sum[i] += f * delta[i];
  }
  const out = new Float32Array(P);
  const inv = 1 / expectedSites;
  for (let i = 0; i < P; i++) out[i] = global[i] + (sum[i] + (noise ? noise[i] : 0)) * inv;
  return out;
}

export function trainFederated(
  tf: Tf,
  inputs: JobInputs,
  onStep?: (p: StackProgress) => void,
  seam?: StackTestSeam,
  kernel?: StepKernelRequest,
): TrainResult {
  const fedIn = inputs.federation;
  if (!fedIn) throw new DpauditError('internal: trainFederated without a federation');
  if (!inputs.features)
    throw new DpauditError('dpaudit cannot train without a feature matrix (--features none): give an external trainer with --trainer', {
      location: { option: 'features' },
    });
  const fp: FederationPlan = fedIn.plan;
  const { train } = inputs;
  const cfg = fp.config;
  const family = modelFamily(train.model);
  const spec = family.buildSpec(train, inputs.features.d);
  const K = fp.sites.length;
  const M = inputs.models.length;
  const R = cfg.rounds;
  const localDp = fp.mode === 'local-dp';
  // Every model starts from the same seeded initialisation as its centralised counterpart.
  const global: Float32Array[] = inputs.models.map((m) => family.init(spec, Rng.from(...m.seeds.init)));
  const siteRows: Int32Array[][] = inputs.models.map((m) => {
    const lists: number[][] = Array.from({ length: K }, () => []);
    for (const r of m.trainRows) lists[fedIn.siteOfRow[r]].push(r);
    return lists.map((l) => Int32Array.from(l));
  });
  const sampler = siteSamplingRng(inputs.models);
  const serverRng = inputs.models.map((m) => serverNoiseRng(m));
  const audit = cfg.auditSite;
  let auditRound = -1;
  const auditBefore: Float32Array[] = new Array(M);
  const auditAfter: Float32Array[] = new Array(M);
  const totals = inputs.models.map(() => ({ steps: 0, examples: 0, emptySteps: 0, optimizerSteps: 0 }));
  const maxT = Math.max(1, ...fp.sites.map((s) => s.stepsPerRound));
  const ya = Float32Array.from(inputs.labels);
  const X = tf.tensor2d(inputs.features.X, [inputs.nRows, inputs.features.d]);
  const y = tf.tensor2d(ya, [inputs.nRows, 1]);
  let scoreX: tfjs.Tensor2D | null = null;
  try {
    for (let r = 0; r < R; r++) {
      const sites = participatingSites(K, cfg.siteRate, sampler);
      const members: StackMember[] = [];
      const owner: { model: number; site: number }[] = [];
      for (let m = 0; m < M; m++) {
        for (const s of sites) {
          const rows = siteRows[m][s];
          if (rows.length === 0) continue;
          const sp = fp.sites[s];
          members.push({
            rows,
            mode: localDp ? 'dp' : 'nondp',
            noiseMultiplier: localDp ? sp.noiseMultiplier : 0,
            initSeed: inputs.models[m].seeds.init,
            ...federatedMemberSeeds(inputs.models[m], r, s),
            secureNoise: train.secureNoise,
            ...(localDp && inputs.units.kind === 'patient' ? { unitOfRow: inputs.units.unitOfRow } : {}),
            initialParams: global[m],
            sampleRate: sp.sampleRate,
            steps: sp.stepsPerRound,
          });
          owner.push({ model: m, site: s });
        }
      }
      const res = trainStack(
        tf,
        { X, y, host: { X: inputs.features.X, y: ya, d: inputs.features.d } },
        members,
        {
          spec,
          sampleRate: inputs.plan.sampleRate,
          steps: maxT,
          clip: train.clip,
          optimizer: { name: train.optimizer, lr: train.lr, momentum: train.momentum },
          kernel,
        },
        // Progress in the plan's steps (what the sweep's progress bar counts), whatever the sites' T_s.
        onStep
          ? (p) => {
              const total = inputs.plan.steps;
              onStep({ step: Math.round((total * (r * maxT + Math.min(p.step, maxT))) / (R * maxT)), steps: total });
            }
          : undefined,
        seam,
      );
      const auditIn = sites.includes(audit);
      if (auditIn) auditRound = r;
      for (let m = 0; m < M; m++) {
        const locals: Float32Array[] = [];
        const weights: number[] = [];
        // A model without rows at the audited site sends back the model it received.
        if (auditIn) auditBefore[m] = auditAfter[m] = global[m];
        for (let j = 0; j < members.length; j++) {
          if (owner[j].model !== m) continue;
          const s = owner[j].site;
          locals.push(res[j].params);
          weights.push(members[j].rows.length);
          const t = totals[m];
          const T = fp.sites[s].stepsPerRound;
          t.steps += T;
          t.examples += res[j].meanBatchSize * T;
          t.emptySteps += res[j].emptySteps;
          t.optimizerSteps += res[j].optimizerSteps;
          if (s === audit) auditAfter[m] = res[j].params;
        }
        if (fp.mode === 'server-dp') {
          const sd = fp.serverNoiseMultiplier * cfg.updateClip;
          let noise: Float32Array | null = null;
          if (sd > 0) {
            noise = new Float32Array(global[m].length);
            if (train.secureNoise) fillSecureNormal(noise, sd);
            else serverRng[m].fillNormal(noise, sd);
          }
          global[m] = serverDpStep(global[m], locals, cfg.updateClip, noise, cfg.siteRate * K);
        } else if (locals.length > 0) global[m] = weightedAverage(locals, weights);
      }
    }
    const nScore = inputs.scoreRows.length;
    scoreX = tf.tidy(() => tf.gather(X, tf.tensor1d(inputs.scoreRows, 'int32')) as tfjs.Tensor2D);
    const predictAll = (ps: Float32Array[]): Float32Array => {
      const out = new Float32Array(M * nScore);
      for (let m = 0; m < M; m++) out.set(family.predict(tf, spec, ps[m], scoreX as tfjs.Tensor2D), m * nScore);
      return out;
    };
    const logits = predictAll(global);
    const facts: ModelRunFacts[] = totals.map((t, m) => ({
      index: m,
      steps: t.steps,
      sampling: 'poisson',
      sampleRate: inputs.plan.sampleRate,
      noiseMultiplier: inputs.plan.noiseMultiplier,
      maxGradNorm: localDp ? train.clip : null,
      meanBatchSize: t.steps > 0 ? t.examples / t.steps : 0,
      emptySteps: t.emptySteps,
      optimizerSteps: t.optimizerSteps,
    }));
    return {
      logits,
      facts,
      library: `@tensorflow/tfjs ${tf.version_core} (dpaudit FedAvg)`,
      spec,
      params: global,
      ...(auditRound >= 0
        ? { siteUpdate: { site: audit, round: auditRound, before: predictAll(auditBefore), after: predictAll(auditAfter) } }
        : {}),
    };
  } finally {
    scoreX?.dispose();
    X.dispose();
    y.dispose();
  }
}
