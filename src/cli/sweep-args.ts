import { availableParallelism } from 'node:os';
import { mergeConfig } from '../config/merge.js';
import { resolveSweepOptions, type SweepArgs, type SweepOptions } from '../sweep/options.js';
import { resolveDatasetOptions, type DatasetArgs } from './dataset-options.js';
import type { GlobalArgs } from './globals.js';
import { deferredLogger, makeLogger, type Logger } from '../log/logger.js';

/**
 * Shared start of `sweep` and `attack`: merge --config under the flags, resolve dataset and sweep options
 * (defaults < preset < config < flags). Notices are held until `flush()`, so that an option error found
 * later is the only line printed.
 */
export function resolveSweepCommand<A extends GlobalArgs & DatasetArgs & SweepArgs>(
  argv: A,
): { a: A; log: Logger; flush: () => void; opts: SweepOptions } {
  const a = mergeConfig(argv) as A;
  const log = makeLogger(a);
  const held = deferredLogger(log);
  const dataset = resolveDatasetOptions(a, held.logger);
  const opts = resolveSweepOptions(a, dataset, availableParallelism());
  return { a, log, flush: held.flush, opts };
}
