import { privacyUnitSentence } from '../train/privacy-unit.js';
import type { PrivacyUnitKind } from '../train/plan.js';
import type { ResultsV1 } from './types.js';

/** What the privacy unit protects (and the warning when the unit is the record and patients repeat). */
export function unitSentence(r: ResultsV1): string {
  const arm = r.arms.find((a) => a.kind === 'dp') ?? r.arms[0];
  const unit = (r.config.privacyUnit as PrivacyUnitKind | undefined) ?? arm?.privacy.privacyUnit ?? 'record';
  const lowest = r.arms.find((a) => a.kind === 'dp' && a.privacy.patientEpsilon);
  const pe = lowest?.privacy.patientEpsilon?.largest;
  return privacyUnitSentence(
    unit,
    typeof r.config.id === 'string' ? r.config.id : null,
    arm?.privacy.poolUnits,
    lowest && pe ? { arm: lowest.arm, epsilon: pe.epsilon, k: pe.k } : null,
  );
}
