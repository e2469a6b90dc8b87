import type { Argv, CommandModule } from 'yargs';
import { commandOptions } from '../options.js';
import { runSweep } from '../../sweep/run.js';
import type { SweepArgs } from '../../sweep/options.js';
import type { DatasetArgs } from '../dataset-options.js';
import { resolveSweepCommand } from '../sweep-args.js';
import type { GlobalArgs } from '../globals.js';
import { printJson } from '../../log/logger.js';
import { applyGateAfterSweep } from './gate-after-sweep.js';
import { loadPolicy } from '../../gate/policy.js';

type Args = GlobalArgs & DatasetArgs & SweepArgs & { failOnWarn?: boolean };

/** `dpaudit sweep`: the full audit (paired arms, fleets, attacks, fairness) → results.json, tables, summary, report. */
export const sweepCommand: CommandModule<object, Args> = {
  command: 'sweep',
  describe: 'the full audit: paired non-DP / clip-only / DP@ε models, membership-inference attacks, fairness, report',
  builder: (y: Argv) =>
    commandOptions(y, 'sweep').example(
      '$0 sweep --preset quick --gate examples/gate.yml',
      'CI: quick audit, fail the build on a policy breach',
    ) as unknown as Argv<Args>,
  handler: async (argv) => {
    const { a, log, flush, opts } = resolveSweepCommand(argv);
    // Validate the gate policy before any training: a bad policy is an input error (exit 2), nothing written.
    const policy = opts.gate ? loadPolicy(opts.gate) : null;
    flush();
    const interactive = Boolean(process.stderr.isTTY) && !a.quiet && !a.json;
    const run = await runSweep(opts, log, { commandLine: ['dpaudit', ...process.argv.slice(2)].join(' '), interactive });
    if (!run.results) {
      if (a.json) printJson({ shard: opts.shard, jobs: run.manifest.jobs, out: run.outDir });
      return;
    }
    log.info(`wrote ${run.outDir}/results.json, report.html, summary.md and tables/ (${run.results.timing.totalSeconds.toFixed(1)} s)`);
    const code = policy ? await applyGateAfterSweep(run.outDir, run.results, policy, a) : 0;
    if (a.json) printJson({ out: run.outDir, recommendation: run.results.recommendation, gate: run.results.gate ?? null });
    else if (!a.quiet)
      process.stdout.write(
        `recommended ε: ${run.results.recommendation.epsilon ?? 'none'} — ${run.results.recommendation.reason}\nreport: ${run.outDir}/report.html\n`,
      );
    if (code !== 0) process.exitCode = code;
  },
};
