import type { Argv, CommandModule } from 'yargs';
import { commandOptions } from '../options.js';
import { mergeShards } from '../../sweep/merge.js';
import { defaultOf } from '../../options/registry.js';
import { validateOptions } from '../../options/validate.js';
import type { GlobalArgs } from '../globals.js';
import { makeLogger, printJson } from '../../log/logger.js';

interface Args extends GlobalArgs {
  dirs: string[];
  out?: string;
}

/** `dpaudit merge DIR... --out DIR`: combine the outputs of `dpaudit sweep --shard i/n` runs. */
export const mergeCommand: CommandModule<object, Args> = {
  command: 'merge <dirs..>',
  describe: 'combine the shard outputs of dpaudit sweep --shard i/n into one results.json and report',
  builder: (y: Argv) =>
    commandOptions(
      y.positional('dirs', { type: 'string', array: true, describe: 'output folders of the shards', demandOption: true }),
      'merge',
    ) as unknown as Argv<Args>,
  handler: async (a) => {
    const log = makeLogger(a);
    const out = validateOptions('merge', a).out ?? (defaultOf('out', 'merge') as string);
    const results = await mergeShards(a.dirs.map(String), out, log, ['dpaudit', ...process.argv.slice(2)].join(' '));
    if (a.json) printJson({ out, recommendation: results.recommendation });
    else log.info(`wrote ${out}/results.json and report.html`);
  },
};
