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

/**
 * A logger for lines printed while a progress bar is drawn on stderr (an interactive sweep's training bar): each
 * line first clears the bar's line, so that the two do not run into each other, and is printed with line wrapping
 * on (the bar turns it off while drawn, which would cut a long warning at the terminal's width); the bar is drawn
 * again below the line at its next update. Without an active bar, lines go to `target` unchanged.
 */
export function aboveProgressBar(
  target: Logger,
  barActive: () => boolean,
  write: (s: string) => void = (s) => process.stderr.write(s),
): Logger {
  const around = (print: () => void, prints = true) => {
    const bar = prints && barActive();
    if (bar) write(BEFORE_LINE);
    print();
    if (bar) write(AFTER_LINE);
  };
  return {
    verboseOn: target.verboseOn,
    info: (m) => around(() => target.info(m)),
    verbose: (m) => around(() => target.verbose(m), target.verboseOn === true),
    warn: (m) => around(() => target.warn(m)),
  };
}
/**
 * Carriage return, erase the line, line wrapping on; after the line, save the cursor (the bar's new row: when it stops,
 * the bar returns to its saved row and clears it, which would otherwise be the warning's first row) and turn line
 * wrapping off again (as the bar keeps it).
 */
const BEFORE_LINE = '\r\x1b[2K\x1b[?7h';
const AFTER_LINE = '\x1b7\x1b[?7l';

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
