/**
 * The one error class of dpaudit. It carries the user-facing one-line message and the
 * process exit code: 2 usage/input error (default), 1 a check failed.
 * The CLI prints `dpaudit: <message>` and exits with `exitCode`; no stack trace unless --debug.
 */
export interface ErrorLocation {
  file?: string;
  line?: number;
  column?: string | number;
  option?: string;
}

export class DpauditError extends Error {
  readonly exitCode: 1 | 2;
  readonly location: ErrorLocation;
  constructor(message: string, options: { exitCode?: 1 | 2; location?: ErrorLocation; cause?: unknown } = {}) {
    super(formatMessage(message, options.location ?? {}), { cause: options.cause });
    this.name = 'DpauditError';
    this.exitCode = options.exitCode ?? 2;
    this.location = options.location ?? {};
  }
}

function formatMessage(message: string, loc: ErrorLocation): string {
  const parts: string[] = [];
  if (loc.file !== undefined) {
    let where = loc.file;
    if (loc.line !== undefined) where += `:${loc.line}`;
    parts.push(where);
  }
  if (loc.column !== undefined) parts.push(`column ${typeof loc.column === 'string' ? JSON.stringify(loc.column) : loc.column}`);
  if (loc.option !== undefined) parts.push(`option --${loc.option}`);
  const prefix = parts.length > 0 ? `${parts.join(', ')}: ` : '';
  // Keep it one line.
  return (prefix + message).replace(/\s*\n\s*/g, ' ');
}

/** Shorthand for a usage error about a command-line option. */
export function optionError(option: string, message: string): DpauditError {
  return new DpauditError(message, { location: { option } });
}

export function isDpauditError(e: unknown): e is DpauditError {
  return e instanceof DpauditError;
}
