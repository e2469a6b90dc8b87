/**
 * Public types of the gate (docs/methods.md#gate): the evaluated outcome written to `DIR/gate.json` and embedded in
 * results.json as `results.gate`. Statuses are upper case; `exitCode` is 0 pass, 1 a check failed, 2 usage/input error.
 */
import type { Comparator, Severity } from './policy-schema.js';

export type GateStatus = 'PASS' | 'WARN' | 'FAIL' | 'ERROR';

export interface GateInterval {
  lo: number | null;
  hi: number | null;
}

/** A value as compared: the chosen statistic plus the point estimate and CI it came from. */
export interface GateValue {
  /** The compared number (value, ciLow or ciHigh); null when unresolved or suppressed. */
  value: number | null;
  /** The point estimate and its CI, for display ("0.542 [0.534, 0.55]"). */
  estimate: number | null;
  ci?: GateInterval;
}

export type ItemStatus = 'pass' | 'fail' | 'unresolved';

/** One matched (arm, attack, group …) value of a check. */
export interface GateItem {
  where: string;
  arm: string;
  status: ItemStatus;
  actual: GateValue;
  /** Human display of the actual value, e.g. "0.542 [0.534, 0.55]" or "< 11 rows (suppressed)". */
  actualText: string;
  threshold: number | null;
  /** The non-DP value a relative threshold was computed from. */
  baseline?: number | null;
  reason?: string;
}

export interface GateCheckResult {
  id: string;
  builtin: boolean;
  status: GateStatus;
  severity: Severity;
  /** Plain-language statement of the check, e.g. "Attack AUC (worst attack, upper CI bound) of every DP arm must be ≤ 0.55". */
  sentence: string;
  comparator: Comparator;
  /** The deciding item's value (the worst one, or the first unresolved), or null when nothing matched. */
  actual: GateValue | null;
  actualText: string;
  threshold: number | null;
  /** "≤ 0.55" or "≥ 0.95 × non-DP (= 0.8)". */
  thresholdText: string;
  /** Where the deciding value was found, e.g. "dp@1 · lira-online". */
  where: string | null;
  /** One line explaining the status. */
  message: string;
  items: GateItem[];
  notes: string[];
  /** Line of the check in the policy file (user checks). */
  line?: number;
}

export interface GateResult {
  schemaVersion: 1;
  status: GateStatus;
  /** 0 pass (warnings allowed unless failOnWarn), 1 a check failed, 2 a selector matched nothing (onMissing: error). */
  exitCode: 0 | 1 | 2;
  failOnWarn: boolean;
  policy: string;
  counts: { pass: number; warn: number; fail: number; error: number };
  checks: GateCheckResult[];
}
