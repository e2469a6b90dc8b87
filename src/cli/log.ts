/** Console output at the edge: results on stdout, progress and warnings on stderr. */
export interface Logger {
  info(msg: string): void;
  verbose(msg: string): void;
  warn(msg: string): void;
}

export function makeLogger(opts: { quiet?: boolean; verbose?: boolean }): Logger {
  return {
    info: (m) => {
      if (!opts.quiet) process.stderr.write(m + '\n');
    },
    verbose: (m) => {
      if (opts.verbose && !opts.quiet) process.stderr.write(m + '\n');
    },
    warn: (m) => {
      process.stderr.write(`warning: ${m}\n`);
    },
  };
}

export const silentLogger: Logger = { info: () => {}, verbose: () => {}, warn: () => {} };

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
