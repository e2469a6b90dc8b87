import { createAccountant } from '../privacy/registry.js';
import { profileFromTable } from '../privacy/prv-accountant.js';
import type { PrivacyProfile, ProfileTable } from '../privacy/types.js';
import type { PrivacyPlan } from '../train/plan.js';
import { canariesToTest } from '../../metrics/one-run-audit.js';
import { ONE_RUN_FAMILY_ALPHA } from '../gate/family.js';

/** The accountant's privacy profile δ(ε) of a DP arm's (σ, q, T); null for nondp/cliponly. */
export function armProfile(plan: PrivacyPlan, accountant: 'rdp' | 'prv'): PrivacyProfile | null {
  if (plan.targetEpsilon === null || plan.noiseMultiplier <= 0) return null;
  const key = profileKey(plan, accountant);
  let p = profiles.get(key);
  if (!p) {
    const acc = createAccountant(accountant);
    acc.step(plan.noiseMultiplier, plan.sampleRate, plan.steps);
    p = acc.profile();
    remember(key, p);
  }
  return p;
}
/** Profiles are deterministic functions of (accountant, σ, q, T): computed once per process. */
const profiles = new Map<string, PrivacyProfile>();

function profileKey(plan: PrivacyPlan, accountant: 'rdp' | 'prv'): string {
  return `${accountant}:${plan.noiseMultiplier}:${plan.sampleRate}:${plan.steps}`;
}

/** A DP arm's profile as data for another thread (null when the accountant's profile is cheap to recompute, or for no DP claim). */
export function armProfileTable(plan: PrivacyPlan, accountant: 'rdp' | 'prv'): ProfileTable | null {
  return armProfile(plan, accountant)?.table?.() ?? null;
}

/**
 * Give this thread the profile another thread computed for the arm (armProfileTable there): armProfile then
 * returns it, with the same δ(ε), instead of composing the PRV again.
 */
export function primeArmProfile(plan: PrivacyPlan, accountant: 'rdp' | 'prv', table: ProfileTable): void {
  if (plan.targetEpsilon === null || plan.noiseMultiplier <= 0 || table.accountant !== accountant) return;
  const key = profileKey(plan, accountant);
  if (!profiles.has(key)) remember(key, profileFromTable(table));
}

function remember(key: string, p: PrivacyProfile): void {
  if (profiles.size > 64) profiles.clear();
  profiles.set(key, p);
}

/**
 * Gradient canaries m for an arm: the configured m, raised along the ladder until the f-DP test of the
 * accountant's curve could fail at the claimed ε (docs/methods.md#untestable); capped at 200 000.
 */
export function gradientCanariesFor(plan: PrivacyPlan, accountant: 'rdp' | 'prv', base: number, alpha: number): number {
  const profile = armProfile(plan, accountant);
  if (!profile || base <= 0) return base;
  return canariesToTest(profile, base, alpha);
}

/**
 * Level at which a one-run test of a sweep must be able to fail on its own: the one-run family's α split by
 * Bonferroni over its tests (SNJ, f-DP accountant curve, per-target fleet bound per DP arm).
 */
export function oneRunTestAlpha(dpArms: number): number {
  return ONE_RUN_FAMILY_ALPHA / (3 * Math.max(1, dpArms));
}
