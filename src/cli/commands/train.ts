import type { Argv, CommandModule } from 'yargs';
import { commandOptions } from '../options.js';
import { DpauditError } from '../../errors.js';
import { initBackend, tf, describeBackend } from '../../backend/index.js';
import { mergeConfig } from '../../config/merge.js';
import { loadDataset } from '../../data/dataset.js';
import { checkOutDir } from '../../io/out-path.js';
import { defaultOf } from '../../options/registry.js';
import { validateOptions } from '../../options/validate.js';
import { saveModel } from '../../model/save.js';
import { describeSpec } from '../../model/spec.js';
import { sigmoid } from '../../../attacks/signals.js';
import { utilityAt } from '../../../metrics/utility.js';
import { resolveTrainConfig, type TrainArgs } from '../../train/config.js';
import type { Arm, PrivacyPlan } from '../../train/plan.js';
import { planForDataset } from '../../train/privacy-unit.js';
import { resolveDatasetOptions } from '../dataset-options.js';
import { runModelsJob } from '../../sweep/job.js';
import { Eta, formatEta } from '../../sweep/eta.js';
import { planMismatches } from '../../sweep/trainer-section.js';
import type { TrainerRunRecord } from '../../sweep/job.js';
import { TfjsTrainer } from '../../train/tfjs-trainer.js';
import { ExternalTrainer } from '../../train/external/trainer.js';
import { resolveTrainerSpec, type TrainerArg } from '../../train/external/options.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../../log/logger.js';

/** One line: which library trained and whether its reported run matches the plan (both values when not). */
function trainerLine(plan: PrivacyPlan, run: TrainerRunRecord): string {
  const mm = planMismatches(plan, 'train', run.facts[0]);
  const eps = run.facts[0].epsilon;
  return `trained by ${run.library}: ${
    mm.length === 0
      ? 'ran the plan'
      : `DIFFERS FROM THE PLAN — ${mm.map((m) => `${m.field}: plan ${m.planned}, trainer ${m.reported}`).join('; ')}`
  }${eps !== undefined && eps !== null ? `; trainer's own ε ${eps}` : ''}`;
}

/** The external trainer's work and log folder of `dpaudit train` (a fresh temporary folder, named in the log). */
function trainerWorkDir(log: Logger): string {
  const d = mkdtempSync(join(tmpdir(), 'dpaudit-train-'));
  log.info(`external trainer: job files and logs in ${d}`);
  return d;
}
import type { GlobalArgs } from '../globals.js';
import { makeLogger, printJson } from '../../log/logger.js';

interface Args extends GlobalArgs, TrainArgs {
  trainer?: TrainerArg;
  trainerTimeout?: number;
  epsilon?: number;
  arm?: string;
  out?: string;
}

/** `dpaudit train`: one model of one arm on the training pool; test AUC, accuracy, ε spent (PRV and RDP), σ, steps, backend. */
export const trainCommand: CommandModule<object, Args> = {
  command: 'train',
  describe: 'train one model (nondp, cliponly or DP-SGD at --epsilon) on the training pool and report utility and ε',
  builder: (y: Argv) => commandOptions(y, 'train') as unknown as Argv<Args>,
  handler: async (argv) => {
    const a = mergeConfig(argv) as Args & Record<string, unknown>;
    const log = makeLogger(a);
    // Validate the training options before anything is printed (a usage error is one line on stderr).
    const cfg = resolveTrainConfig(a);
    const v = validateOptions('train', a);
    const seed = v.seed ?? defaultOf('seed');
    const armKind = v.arm ?? defaultOf('arm');
    const epsilon = v.epsilon ?? defaultOf('epsilon');
    const external = resolveTrainerSpec(a.trainer, a.trainerTimeout, a.config);
    if (external && a.out)
      throw new DpauditError('--out saves models trained by dpaudit only (not with --trainer)', { location: { option: 'out' } });
    const dsOpts = resolveDatasetOptions(a, log);
    if (a.out !== undefined) checkOutDir(a.out, 'out'); // before any work
    if (dsOpts.manifest && !external)
      throw new DpauditError('--features none (manifest mode) needs an external trainer (--trainer)', { location: { option: 'features' } });
    const arm: Arm = armKind === 'dp' ? { kind: 'dp', epsilon } : { kind: armKind as 'nondp' | 'cliponly' };
    const backend = await initBackend(a.backend ?? 'auto');
    log.verbose(`backend: ${describeBackend(backend)}`);
    const ds = loadDataset(dsOpts, log);
    for (const w of ds.warnings) log.warn(w);
    const plan = planForDataset(arm, cfg, ds);
    for (const w of plan.warnings) log.warn(w);
    if (plan.batchSize) log.info(`privacy unit: the patient; ${plan.batchSize.note}`);
    const t0 = performance.now();
    log.info(`training ${plan.arm} on ${ds.splits.train.length} rows (${plan.steps} steps)…`);
    const eta = new Eta(plan.steps);
    let lastLine = t0;
    const out = await runModelsJob(
      external ? new ExternalTrainer(external, trainerWorkDir(log), ds.options.data) : new TfjsTrainer(tf()),
      ds,
      { rootSeed: seed, train: cfg },
      { id: 'train', kind: 'models', seedIndex: 0, plan, fleetModels: 0, masks: 'bernoulli', canaries: 0 },
      (p) => {
        const now = performance.now();
        const left = eta.update(p.step, now);
        if (now - lastLine < 5000) return;
        lastLine = now;
        log.info(
          `training: step ${p.step}/${p.steps} (${Math.round((100 * p.step) / p.steps)} %), ${((now - t0) / 1000).toFixed(0)} s elapsed${left !== null ? `, ETA ${formatEta(left)}` : ''}`,
        );
      },
    );
    const seconds = (performance.now() - t0) / 1000;
    const yTest = Uint8Array.from(ds.splits.test, (i) => ds.y[i]);
    const prob = Float64Array.from(out.release.testLogits, sigmoid);
    const u = utilityAt(yTest, prob, 0.5);
    const result = {
      arm: plan.arm,
      model: out.release.spec ? describeSpec(out.release.spec) : 'trained by an external trainer',
      test: { n: u.n, auc: u.auc, accuracy: u.accuracy, brier: u.brier, threshold: 0.5 },
      privacy: {
        epsilon: plan.epsilon,
        accountant: plan.epsilon === null ? null : cfg.accountant,
        epsilonRdp: plan.epsilonRdp,
        rdpOrder: plan.rdpOrder,
        targetEpsilon: plan.targetEpsilon,
        delta: cfg.delta,
        noiseMultiplier: plan.noiseMultiplier,
        clip: plan.clip,
        sampleRate: plan.sampleRate,
        sampling: 'poisson',
        steps: plan.steps,
        trainingPool: plan.n,
        secureNoise: cfg.secureNoise,
        guarantee: plan.epsilon === null ? 'none (no noise: this arm is not differentially private)' : `(ε, δ)-DP per record`,
      },
      training: { ...cfg, emptySteps: out.release.emptySteps, meanBatchSize: out.release.meanBatchSize, seconds },
      backend: { name: backend.name, simd: backend.simd, tfjsVersion: backend.tfjsVersion },
      seed,
      dataset: { file: ds.options.data, sha256: ds.sha256 },
      savedTo: a.out ?? null,
      ...(out.trainerRun
        ? {
            trainer: {
              command: external?.command,
              library: out.trainerRun.library,
              planMismatches: planMismatches(plan, 'train', out.trainerRun.facts[0]),
            },
          }
        : {}),
    };
    if (a.out) {
      const r = out.release;
      if (!r.spec || !r.params || !r.encoder)
        throw new DpauditError('--out saves models trained by dpaudit only', { location: { option: 'out' } });
      await saveModel(tf(), a.out, r.spec, r.params, {
        encoder: r.encoder,
        config: cfg,
        privacy: result.privacy,
        backend: result.backend,
        seed,
        dataset: result.dataset,
        label: ds.options.label,
        positiveLabel: ds.positiveLabel,
      });
    }
    if (a.json) printJson(result);
    else {
      const f = (v: number | null, d = 3) => (v === null ? 'n/a' : v.toFixed(d));
      process.stdout.write(
        [
          `arm ${result.arm} — ${result.model}`,
          `test AUC ${f(u.auc)}, accuracy ${f(u.accuracy)} (threshold 0.5), Brier ${f(u.brier)} on ${u.n} rows`,
          plan.epsilon === null
            ? `privacy: none (${plan.arm} adds no noise)`
            : `privacy: ε = ${f(plan.epsilon)} (${cfg.accountant}), ε_RDP = ${f(plan.epsilonRdp)} (α = ${plan.rdpOrder}), δ = ${cfg.delta}`,
          `σ = ${f(plan.noiseMultiplier, 4)}, C = ${cfg.clip}, q = ${f(plan.sampleRate, 5)} (Poisson), steps T = ${plan.steps}, N = ${plan.n}`,
          ...(out.trainerRun ? [trainerLine(plan, out.trainerRun)] : []),
          `backend ${describeBackend(backend)}, seed ${seed}, ${seconds.toFixed(1)} s${a.out ? `, saved to ${a.out}` : ''}`,
        ].join('\n') + '\n',
      );
    }
  },
};
