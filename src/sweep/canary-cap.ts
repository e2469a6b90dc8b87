import type { SweepOptions } from './options.js';

/** Canaries m: gradient canaries as asked; input-space canaries at most 10 % of the pool of n units. */
export function sweepCanaries(opts: Pick<SweepOptions, 'canaries' | 'canaryKind'>, n: number): number {
  return opts.canaryKind === 'gradient' ? opts.canaries : Math.min(opts.canaries, Math.floor(0.1 * n));
}
