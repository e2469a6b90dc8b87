import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { DpauditError } from '../../errors.js';
import { atomicWrite } from '../../io/atomic.js';
import { checkOutFile } from '../../io/out-path.js';
import { readResults } from '../../gate/read-results.js';
import type { GlobalArgs } from '../globals.js';
import { makeLogger } from '../log.js';

interface Args extends GlobalArgs {
  results: string;
  out?: string;
}

/** `dpaudit report DIR/results.json --out F.html`: rebuild the report without retraining (includes DIR/gate.json when present). */
export const reportCommand: CommandModule<object, Args> = {
  command: 'report <results>',
  describe: 'rebuild the HTML report from results.json without retraining',
  builder: (y: Argv) =>
    y
      .positional('results', { type: 'string', describe: 'results.json of a sweep', demandOption: true })
      .option('out', { type: 'string', describe: 'output HTML file (default: report.html next to results.json)' }) as unknown as Argv<Args>,
  handler: async (a) => {
    const { renderReport } = await import('../../../reports/html.js');
    const log = makeLogger(a);
    const out = a.out ?? join(dirname(a.results), 'report.html');
    checkOutFile(out, a.out !== undefined ? 'out' : 'results');
    const results = readResults(a.results);
    const gatePath = join(dirname(a.results), 'gate.json');
    if (results.gate === undefined && existsSync(gatePath)) {
      try {
        results.gate = JSON.parse(readFileSync(gatePath, 'utf8'));
      } catch {
        throw new DpauditError('invalid JSON', { location: { file: gatePath } });
      }
    }
    atomicWrite(out, renderReport(results));
    log.info(`wrote ${out}`);
  },
};
