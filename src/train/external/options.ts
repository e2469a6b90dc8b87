import { dirname, resolve } from 'node:path';
import { DpauditError } from '../../errors.js';
import { splitCommandLine } from './command.js';
import type { ExternalTrainerSpec } from './trainer.js';

/** `--trainer "cmd args"` or `trainer: { command: [...], version }` in the config file. */
export type TrainerArg = string | { command: string[]; version?: string };

/**
 * Resolve the external-trainer options: the command (split like a shell command line, run without a
 * shell), its stated version, its working folder (the config file's folder, else the current one) and
 * the timeout. Undefined when no trainer is given (dpaudit trains itself).
 */
export function resolveTrainerSpec(
  trainer: TrainerArg | undefined,
  timeout: number | undefined,
  configFile: string | undefined,
): ExternalTrainerSpec | undefined {
  if (timeout !== undefined && !(Number.isFinite(timeout) && timeout > 0))
    throw new DpauditError(`must be a positive number of seconds, got ${timeout}`, { location: { option: 'trainer-timeout' } });
  if (trainer === undefined) {
    if (timeout !== undefined) throw new DpauditError('needs --trainer', { location: { option: 'trainer-timeout' } });
    return undefined;
  }
  let command: string[];
  let version: string | null = null;
  if (typeof trainer === 'string') command = splitCommandLine(trainer);
  else {
    command = trainer.command.map(String);
    if (command.length === 0 || command[0].trim() === '')
      throw new DpauditError('trainer.command is empty', { location: { option: 'trainer' } });
    version = trainer.version ?? null;
  }
  return {
    command,
    version,
    cwd: configFile ? dirname(resolve(configFile)) : process.cwd(),
    timeoutSeconds: timeout ?? null,
  };
}
