import { DpauditError } from '../errors.js';
import { PrvAccountant } from './prv-accountant.js';
import { RdpAccountant } from './rdp-accountant.js';
import type { Accountant, AccountantName, EpsilonResult } from './types.js';
import { checkDelta, checkNoiseMultiplier, checkSampleRate, checkSteps } from './validate.js';

/** The accountants dpaudit implements (Opacus-style registry: one interface, several implementations). */
export const accountantNames: readonly AccountantName[] = ['rdp', 'prv'];

export function isAccountantName(s: unknown): s is AccountantName {
  return typeof s === 'string' && (accountantNames as readonly string[]).includes(s);
}

export function createAccountant(name: AccountantName): Accountant {
  switch (name) {
    case 'rdp':
      return new RdpAccountant();
    case 'prv':
      return new PrvAccountant();
    default:
      throw new DpauditError(`unknown accountant ${JSON.stringify(name)} (${accountantNames.join(', ')})`, {
        location: { option: 'accountant' },
      });
  }
}

export interface EpsilonQuery {
  noiseMultiplier: number;
  sampleRate: number;
  steps: number;
  delta: number;
  accountant: AccountantName;
}

/** ε (an upper bound) of `steps` steps of the Poisson-subsampled Gaussian at δ. Bad inputs are DpauditErrors naming the option. */
export function epsilonFor(query: EpsilonQuery): EpsilonResult {
  checkNoiseMultiplier(query.noiseMultiplier);
  checkSampleRate(query.sampleRate);
  checkSteps(query.steps);
  checkDelta(query.delta);
  const acc = createAccountant(query.accountant);
  acc.step(query.noiseMultiplier, query.sampleRate, query.steps);
  return acc.epsilon(query.delta);
}
