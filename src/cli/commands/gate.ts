import { dirname } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { commandOptions } from '../options.js';
import { mergeConfig } from '../../config/merge.js';
import { optionError } from '../../errors.js';
import { evaluateGate } from '../../gate/evaluate.js';
import { formatGateTable } from '../../gate/console.js';
import { gateOutcomeError } from '../../gate/outcome.js';
import { loadPolicy } from '../../gate/policy.js';
import { readResults } from '../../gate/read-results.js';
import { writeGateOutputs } from '../../gate/write.js';
import type { GlobalArgs } from '../globals.js';
import { makeLogger, printJson } from '../../log/logger.js';

interface GateArgs {
  results: string;
  policy?: string;
  junit?: string;
  markdown?: string;
  failOnWarn?: boolean;
  /** From --config: the sweep's `gate` key doubles as the default policy. */
  gate?: string;
}

type Args = GlobalArgs & GateArgs;

/** `dpaudit gate DIR/results.json --policy gate.yml`: exit 0 pass, 1 a check failed, 2 input error. */
export const gateCommand: CommandModule<object, Args> = {
  command: 'gate <results>',
  describe: 'check a results.json against a policy of leakage, utility and fairness thresholds (exit 1 when a check fails)',
  builder: (y: Argv) =>
    commandOptions(
      y.positional('results', { type: 'string', describe: 'results.json written by dpaudit sweep', demandOption: true }),
      'gate',
    ) as unknown as Argv<Args>,
  handler: (argv) => {
    const a = mergeConfig(argv) as Args;
    const log = makeLogger(a);
    const policyFile = a.policy ?? a.gate;
    if (policyFile === undefined) throw optionError('policy', 'name a gate policy file (e.g. --policy examples/gate.yml)');
    const policy = loadPolicy(policyFile);
    const results = readResults(a.results);
    const r = evaluateGate(results, policy, { failOnWarn: a.failOnWarn ?? false });
    const stepSummary = process.env.GITHUB_STEP_SUMMARY;
    const written = writeGateOutputs(r, {
      dir: dirname(a.results),
      ...(a.junit ? { junit: a.junit } : {}),
      ...(a.markdown ? { markdown: a.markdown } : {}),
      ...(stepSummary ? { stepSummary } : {}),
    });
    if (a.json) printJson(r);
    else process.stdout.write(formatGateTable(r));
    log.verbose(`wrote ${written.join(', ')}`);
    const err = gateOutcomeError(r);
    if (err) throw err;
  },
};
