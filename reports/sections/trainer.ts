/**
 * An external trainer's own ε (what it states in its report, e.g. from its library's accountant) beside
 * dpaudit's accounted ε for the same plan (docs/methods.md#external-trainers). They are flagged when they
 * disagree by more than 5 %: a trainer stating a smaller ε than dpaudit accounts claims more privacy than
 * the plan gives (a warning); a larger one is a more conservative accountant (noted). The report's
 * numbers always use dpaudit's ε.
 */
import type { ResultsV1 } from '../../src/results/types.js';
import { fmt } from '../format.js';

/** Relative difference up to which the two ε count as the same (accountants differ in their last digits). */
export const TRAINER_EPSILON_REL_TOL = 0.05;

export type TrainerEpsilonAgreement = 'agrees' | 'lower' | 'higher' | 'not stated' | 'no guarantee';

export interface TrainerEpsilonRow {
  arm: string;
  /** dpaudit's accounted ε (null: the arm has no guarantee). */
  dpaudit: number | null;
  /** The trainer's stated ε, min and max over its models (null: not stated). */
  trainer: { min: number; max: number } | null;
  agreement: TrainerEpsilonAgreement;
  /** One line for the report. */
  text: string;
}

const range = (t: { min: number; max: number }) => (t.min === t.max ? fmt(t.min) : `${fmt(t.min)}–${fmt(t.max)}`);

export function trainerEpsilonRows(results: ResultsV1): TrainerEpsilonRow[] {
  const tr = results.trainer;
  if (!tr) return [];
  return tr.arms.map((t) => {
    const arm = results.arms.find((a) => a.arm === t.arm);
    const dpaudit = arm ? arm.privacy.epsilon : t.epsilon;
    const stated = t.trainerEpsilon && Number.isFinite(t.trainerEpsilon.min) ? t.trainerEpsilon : null;
    let agreement: TrainerEpsilonAgreement;
    if (stated === null) agreement = 'not stated';
    else if (dpaudit === null) agreement = 'no guarantee';
    else if (stated.min < dpaudit * (1 - TRAINER_EPSILON_REL_TOL)) agreement = 'lower';
    else if (stated.max > dpaudit * (1 + TRAINER_EPSILON_REL_TOL)) agreement = 'higher';
    else agreement = 'agrees';
    const ours = dpaudit === null ? 'no guarantee' : `ε = ${fmt(dpaudit)}`;
    const theirs = stated === null ? 'not stated' : `ε = ${range(stated)}`;
    const verdict: Record<TrainerEpsilonAgreement, string> = {
      agrees: 'agrees',
      lower:
        'DISAGREES: the trainer states a smaller ε than dpaudit accounts for its σ, q and T, so it claims more privacy than the plan gives; this report uses dpaudit’s ε',
      higher: 'DISAGREES: the trainer states a larger ε (a more conservative accountant); this report uses dpaudit’s ε',
      'not stated': 'the trainer states none',
      'no guarantee': 'DISAGREES: the trainer states an ε for an arm that has no DP guarantee',
    };
    return {
      arm: t.arm,
      dpaudit,
      trainer: stated,
      agreement,
      text: `${t.arm}: dpaudit ${ours}; trainer’s own ${theirs} (${verdict[agreement]})`,
    };
  });
}

/** True when any arm's stated ε disagrees with dpaudit's. */
export function trainerEpsilonDisagrees(rows: TrainerEpsilonRow[]): boolean {
  return rows.some((r) => r.agreement === 'lower' || r.agreement === 'higher' || r.agreement === 'no guarantee');
}
