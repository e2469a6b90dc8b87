/** Console output at the edge: results on stdout, progress and warnings on stderr. */
export interface Logger {
  info(msg: string): void;
  verbose(msg: string): void;
  warn(msg: string): void;
  /** True when verbose messages are printed (lets a caller turn on its workers' progress lines). */
  readonly verboseOn?: boolean;
}

export function makeLogger(opts: { quiet?: boolean; verbose?: boolean }): Logger {
  return {
    verboseOn: opts.verbose === true && opts.quiet !== true,
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

/**
 * A logger that holds its messages until `flush()`: commands resolve every option first, so that a usage
 * error is the only line printed, and only then say what they are about to do.
 */
export function deferredLogger(target: Logger): { logger: Logger; flush(): void } {
  const held: ['info' | 'verbose' | 'warn', string][] = [];
  return {
    logger: {
      verboseOn: target.verboseOn,
      info: (m) => held.push(['info', m]),
      verbose: (m) => held.push(['verbose', m]),
      warn: (m) => held.push(['warn', m]),
    },
    flush() {
      for (const [k, m] of held.splice(0)) target[k](m);
    },
  };
}
