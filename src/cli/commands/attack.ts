import type { Argv, CommandModule } from 'yargs';
import { commandOptions } from '../options.js';
import { describeBackend } from '../../backend/index.js';
import { defaultOf } from '../../options/registry.js';
import { validateOptions } from '../../options/validate.js';
import type { Arm } from '../../train/plan.js';
import { attackArm } from '../../sweep/attack-arm.js';
import type { SweepArgs } from '../../sweep/options.js';
import type { DatasetArgs } from '../dataset-options.js';
import type { AttackSummary } from '../../../metrics/attack-summary.js';
import { resolveSweepCommand } from '../sweep-args.js';
import type { GlobalArgs } from '../globals.js';
import { printJson } from '../../log/logger.js';

type Args = GlobalArgs & DatasetArgs & SweepArgs & { arm?: string; epsilon?: number; failOnViolation?: boolean };

/** `dpaudit attack`: train one arm's reference fleet (and canary run), attack it, bound ε, check for violations. */
export const attackCommand: CommandModule<object, Args> = {
  command: 'attack',
  describe: 'membership-inference attacks on one arm: AUC, TPR@FPR, empirical ε lower bounds, theory-overlay violation check',
  builder: (y: Argv) => commandOptions(y, 'attack') as unknown as Argv<Args>,
  handler: async (argv) => {
    const { a, log, flush, opts } = resolveSweepCommand(argv);
    const v = validateOptions('attack', a);
    const armKind = v.arm ?? defaultOf('arm');
    const epsilon = v.epsilon ?? defaultOf('epsilon');
    const arm: Arm = armKind === 'dp' ? { kind: 'dp', epsilon } : { kind: armKind as 'nondp' | 'cliponly' };
    flush();
    const run = await attackArm(opts, arm, log);
    const { plan, backend, seconds, violated } = run;
    log.verbose(`backend: ${describeBackend(backend)}`);
    const res = run;
    if (a.json) {
      printJson({
        arm: plan.arm,
        privacy: plan,
        attacks: res.summaries,
        oneRun: res.oneRun,
        violated,
        backend: { name: backend.name, simd: backend.simd, tfjsVersion: backend.tfjsVersion },
        seed: opts.rootSeed,
        seconds,
      });
    } else {
      process.stdout.write(formatAttackText(plan.arm, plan.epsilon, res.summaries, res.oneRun, seconds));
    }
    if (violated) {
      log.warn('an attack exceeds the theoretical bound of the claimed ε: the implementation leaks more than its guarantee allows');
      if (a.failOnViolation) process.exitCode = 1;
    }
  },
};

function f(v: number | null | undefined, d = 3): string {
  return v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(d);
}

export function formatAttackText(
  arm: string,
  eps: number | null,
  summaries: AttackSummary[],
  oneRun: { epsilonLb: number | null; ceiling: number; m: number; r: number; v: number } | null,
  seconds: number,
): string {
  const lines = [`arm ${arm}${eps === null ? ' (no DP guarantee)' : ` (ε = ${f(eps)})`}, ${seconds.toFixed(1)} s`, ''];
  lines.push('attack          AUC [95% CI]          adv    TPR@0.1%  TPR@1%   TPR@10%  ε_lb (CP)  ε_lb (GDP*)  violation');
  for (const s of summaries) {
    const t = (al: number) => {
      const x = s.tprAtFpr.find((z) => z.alpha === al);
      return !x ? 'n/a' : x.resolved ? f(x.tpr) : 'unres.';
    };
    const cp = s.epsilonBounds.find((b) => b.method.startsWith('clopper-pearson'));
    const gdp = s.epsilonBounds.find((b) => b.method.startsWith('gdp'));
    lines.push(
      `${s.attack.padEnd(15)} ${f(s.auc)} [${f(s.aucCi?.lower)}, ${f(s.aucCi?.upper)}]`.padEnd(38) +
        ` ${f(s.advantage).padEnd(6)} ${t(0.001).padEnd(9)} ${t(0.01).padEnd(8)} ${t(0.1).padEnd(8)} ${f(cp?.epsilonLb).padEnd(10)} ${f(gdp?.epsilonLb).padEnd(12)} ${s.violation ? (s.violation.violated ? 'YES' : 'no') : 'n/a'}`,
    );
  }
  lines.push('');
  for (const s of summaries) {
    const worst = s.groups.map((g) => `${g.attributes.join('×')} worst AUC ${f(g.worstAuc)}`).join('; ');
    if (worst) lines.push(`${s.attack}: per-group vulnerability — ${worst}`);
  }
  if (oneRun)
    lines.push(
      `one-run audit: ε_lb = ${f(oneRun.epsilonLb)} (m = ${oneRun.m} canaries, ${oneRun.v}/${oneRun.r} guesses correct; a perfect attack could reach ${f(oneRun.ceiling)})`,
    );
  lines.push(
    '',
    'CP: Clopper–Pearson, multi-run, assumes independent trials. *GDP: valid only if the mechanism is μ-GDP; never gated. unres.: fewer than 10 expected false positives at that FPR.',
  );
  return lines.join('\n') + '\n';
}
