import yargs from 'yargs';
import { DpauditError, isDpauditError } from '../errors.js';
import { globalOptions } from './globals.js';
import { commands } from './commands/index.js';
import { skipHelpCache } from './help-cache.js';

/** Run the CLI with the given arguments and return the exit code (0 ok, 1 check failed, 2 usage/input error). */
export async function runCli(args: string[]): Promise<number> {
  const debug = args.includes('--debug');
  try {
    let y = globalOptions(yargs(args))
      .scriptName('dpaudit')
      .usage('$0 <command> [options]\n\nAudit privacy and fairness of models trained on sensitive health data.')
      .strict()
      .demandCommand(1, 'name a command')
      .recommendCommands()
      .wrap(Math.min(110, process.stdout.columns ?? 110))
      .exitProcess(false)
      .fail((msg, err) => {
        // Throw, so that no command handler runs after a usage error (yargs would otherwise go on).
        // A YError is a usage error found while parsing, including a value refused by the option registry
        // (src/options/validate.ts, through coerce): its message already names the option.
        if (err && err.name !== 'YError') throw err;
        throw new DpauditError(`${oneLine(msg ?? 'invalid usage')} (see dpaudit --help)`);
      })
      .help()
      .version();
    for (const c of commands) y = y.command(c);
    skipHelpCache(y);
    await y.parseAsync();
    const code = process.exitCode;
    return typeof code === 'number' ? code : 0;
  } catch (e) {
    if (isDpauditError(e)) {
      process.stderr.write(`dpaudit: ${e.message}\n`);
      if (debug && e.stack) process.stderr.write(e.stack + '\n');
      return e.exitCode;
    }
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`dpaudit: internal error: ${oneLine(msg)}${debug ? '' : ' (run with --debug for the stack trace)'}\n`);
    if (debug && e instanceof Error && e.stack) process.stderr.write(e.stack + '\n');
    return 2;
  }
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}

export { DpauditError };
