import { StepHistory } from './history.js';
import { DEFAULT_RDP_ORDERS } from './orders.js';
import { composedRdp, rdpToDelta, rdpToEpsilon } from './rdp.js';
import type { Accountant, EpsilonResult, MechanismStep, PrivacyProfile } from './types.js';
import { checkDelta, checkEpsilonArg } from './validate.js';

/** RDP accountant (Opacus `RDPAccountant`): RDP adds over steps; ε by the improved conversion over the orders. */
export class RdpAccountant implements Accountant {
  readonly name = 'rdp' as const;
  readonly orders: readonly number[];
  private readonly steps = new StepHistory();

  constructor(orders: readonly number[] = DEFAULT_RDP_ORDERS) {
    if (orders.length === 0 || orders.some((a) => !(a > 1))) throw new RangeError('RDP orders must be > 1');
    this.orders = orders;
  }

  get history(): readonly MechanismStep[] {
    return this.steps.entries;
  }

  step(noiseMultiplier: number, sampleRate: number, steps = 1): void {
    this.steps.add(noiseMultiplier, sampleRate, steps);
  }

  /** The composed RDP curve R(α) at `orders`. */
  rdp(): Float64Array {
    return composedRdp(this.history, this.orders);
  }

  epsilon(delta: number): EpsilonResult {
    checkDelta(delta);
    const { epsilon, order } = rdpToEpsilon(this.orders, this.rdp(), delta);
    return order === null ? { epsilon, delta, accountant: 'rdp' } : { epsilon, delta, accountant: 'rdp', order };
  }

  profile(): PrivacyProfile {
    const rdp = this.rdp();
    const orders = this.orders;
    return {
      delta: (eps: number) => {
        checkEpsilonArg(eps);
        return rdpToDelta(orders, rdp, eps).delta;
      },
      method: 'rdp-conversion (inverse of the improved RDP→(ε,δ) conversion, Opacus orders)',
    };
  }
}
