import type { PreparedDataset } from '../data/types.js';
import type { TrainConfig } from '../train/config.js';
import type { Arm, PrivacyPlan } from '../train/plan.js';
import { planForDataset } from '../train/privacy-unit.js';
import type { ProfileTable } from '../privacy/types.js';
import { armProfileTable, gradientCanariesFor } from './arm-profile.js';

/**
 * One centralised arm's plan and its gradient-canary count: the start-up work of a sweep (σ calibration by
 * the accountant, then the m at which the one-run check could fail; docs/methods.md#calibration,
 * #untestable). A pure function of its inputs, so the sweep may compute it on the main thread, on a pool worker
 * beside training (src/sweep/pool.ts PoolTasks) or on a warm worker before it (mapOnWarmWorkers), with the same result.
 */
export interface ArmPlanItem {
  arm: Arm;
  /** Gradient canaries asked for (the preset's or --canaries), 0 for none. */
  canaries: number;
  gradient: boolean;
  /** Level the one-run checks must be able to fail at (oneRunTestAlpha of the sweep's DP arms). */
  testAlpha: number;
}

export interface ArmPlanned {
  plan: PrivacyPlan;
  /** m of the arm's gradient canaries (0: none). */
  gradientCanaries: number;
  /** A DP arm's privacy profile as data (PRV), for the thread that analyses the arm (null: none, or cheap). */
  profile: ProfileTable | null;
}

export function planSweepArm(item: ArmPlanItem, train: TrainConfig, ds: Pick<PreparedDataset, 'units' | 'ids' | 'splits'>): ArmPlanned {
  const plan = planForDataset(item.arm, train, ds);
  const gradientCanaries =
    item.gradient && plan.arm !== 'nondp' ? gradientCanariesFor(plan, train.accountant, item.canaries, item.testAlpha) : 0;
  // The analysis needs the arm's profile (one-run tests, theory curve): composed here, on the start-up's cores.
  return { plan, gradientCanaries, profile: armProfileTable(plan, train.accountant) };
}
