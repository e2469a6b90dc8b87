import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { commandOptions } from '../options.js';
import { DpauditError } from '../../errors.js';
import { atomicWrite } from '../../io/atomic.js';
import { readGateResult, readResults } from '../../results/read.js';
import type { GlobalArgs } from '../globals.js';
import { makeLogger } from '../../log/logger.js';

interface Args extends GlobalArgs {
  results: string;
  out?: string;
}

/** `dpaudit report DIR/results.json --out F.html`: rebuild the report without retraining (includes DIR/gate.json when present). */
export const reportCommand: CommandModule<object, Args> = {
  command: 'report <results>',
  describe: 'rebuild the HTML report from results.json without retraining',
  builder: (y: Argv) =>
    commandOptions(
      y.positional('results', { type: 'string', describe: 'results.json of a sweep', demandOption: true }),
      'report',
    ) as unknown as Argv<Args>,
  handler: async (a) => {
    const { renderReport } = await import('../../../reports/html.js');
    const log = makeLogger(a);
    const results = readResults(a.results);
    const gatePath = join(dirname(a.results), 'gate.json');
    if (results.gate === undefined && existsSync(gatePath)) {
      results.gate = readGateResult(gatePath);
    }
    const out = a.out ?? join(dirname(a.results), 'report.html');
    atomicWrite(out, renderReport(results));
    log.info(`wrote ${out}`);
  },
};
