import type { Argv, CommandModule } from 'yargs';
import { commandOptions } from '../options.js';
import { mergeConfig } from '../../config/merge.js';
import { validateOptions } from '../../options/validate.js';
import { optionError } from '../../errors.js';
import { calibrateNoise } from '../../privacy/calibrate.js';
import type { GlobalArgs } from '../globals.js';
import { printJson } from '../../log/logger.js';
import { DEFAULT_DELTA, resolveAccountant } from './epsilon.js';

interface Args extends GlobalArgs {
  targetEpsilon?: number;
  sampleRate?: number;
  steps?: number;
  delta?: number;
  accountant?: string;
}

function required(v: number | undefined, option: string): number {
  if (v === undefined) throw optionError(option, 'is required');
  return v;
}

/** `dpaudit calibrate`: the smallest noise multiplier σ whose ε is at most the target. */
export const calibrateCommand: CommandModule<object, Args> = {
  command: 'calibrate',
  describe: 'smallest noise multiplier σ with ε ≤ --target-epsilon (Poisson sampling rate q, T steps, δ)',
  builder: (y: Argv) => commandOptions(y, 'calibrate') as unknown as Argv<Args>,
  handler: (argv) => {
    const a = validateOptions('calibrate', mergeConfig(argv) as Args);
    const targetEpsilon = required(a.targetEpsilon, 'target-epsilon');
    const sampleRate = required(a.sampleRate, 'sample-rate');
    const steps = required(a.steps, 'steps');
    const delta = a.delta ?? DEFAULT_DELTA;
    const accountant = resolveAccountant(a.accountant);
    const r = calibrateNoise({ targetEpsilon, delta, sampleRate, steps, accountant });
    if (a.json) {
      printJson({
        noiseMultiplier: r.noiseMultiplier,
        epsilon: r.epsilon,
        delta: r.delta,
        accountant: r.accountant,
        targetEpsilon: r.targetEpsilon,
        sampleRate: r.sampleRate,
        steps: r.steps,
        rdpEpsilon: r.rdpEpsilon,
        rdpOrder: r.rdpOrder,
        ...(r.error !== undefined ? { error: r.error } : {}),
      });
      return;
    }
    const beside =
      r.accountant === 'rdp'
        ? `optimal order α = ${r.rdpOrder ?? 'n/a'}`
        : `PRV upper bound incl. error ${(r.error ?? 0).toPrecision(2)}; RDP gives ε = ${r.rdpEpsilon.toFixed(4)}`;
    process.stdout.write(
      `σ = ${r.noiseMultiplier.toFixed(4)} gives ε = ${r.epsilon.toFixed(4)} ≤ ${targetEpsilon} at δ = ${delta} (${r.accountant}, ${beside}; q = ${sampleRate}, T = ${steps})\n`,
    );
  },
};
