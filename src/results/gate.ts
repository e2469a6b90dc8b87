/**
 * The evaluated gate as written to `DIR/gate.json` and embedded in results.json as `results.gate`: zod schema
 * and the types inferred from it (src/gate re-exports the types). Statuses are upper case.
 */
import { z } from 'zod';

export const COMPARATORS = ['<=', '<', '>=', '>'] as const;
export type Comparator = (typeof COMPARATORS)[number];
export const SEVERITIES = ['fail', 'warn'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const GATE_SCHEMA_VERSION = 1;

const gateStatus = z.enum(['PASS', 'WARN', 'FAIL', 'ERROR']);
const gateInterval = z.strictObject({ lo: z.number().nullable(), hi: z.number().nullable() });

/** A value as compared: the chosen statistic plus the point estimate and CI it came from. */
const gateValue = z.strictObject({
  /** The compared number (value, ciLow or ciHigh); null when unresolved or suppressed. */
  value: z.number().nullable(),
  /** The point estimate and its CI, for display ("0.542 [0.534, 0.55]"). */
  estimate: z.number().nullable(),
  ci: gateInterval.optional(),
});

/** One matched (arm, attack, group …) value of a check. */
const gateItem = z.strictObject({
  where: z.string(),
  arm: z.string(),
  status: z.enum(['pass', 'fail', 'unresolved']),
  actual: gateValue,
  /** Human display of the actual value, e.g. "0.542 [0.534, 0.55]" or "< 11 rows (suppressed)". */
  actualText: z.string(),
  threshold: z.number().nullable(),
  /** The baseline arm's value (nondp, or fed-none) a relative threshold was computed from. */
  baseline: z.number().nullable().optional(),
  reason: z.string().optional(),
});

const gateCheck = z.strictObject({
  id: z.string(),
  builtin: z.boolean(),
  status: gateStatus,
  severity: z.enum(SEVERITIES),
  /** Plain-language statement of the check. */
  sentence: z.string(),
  comparator: z.enum(COMPARATORS),
  /** The deciding item's value (the worst one, or the first unresolved), or null when nothing matched. */
  actual: gateValue.nullable(),
  actualText: z.string(),
  threshold: z.number().nullable(),
  /** "≤ 0.55" or "≥ 0.95 × non-DP (= 0.8)". */
  thresholdText: z.string(),
  /** Where the deciding value was found, e.g. "dp@1 · lira-online". */
  where: z.string().nullable(),
  /** One line explaining the status. */
  message: z.string(),
  items: z.array(gateItem),
  notes: z.array(z.string()),
  /** Line of the check in the policy file (user checks). */
  line: z.number().int().positive().optional(),
});

export const gateResultSchema = z.strictObject({
  schemaVersion: z.literal(GATE_SCHEMA_VERSION),
  status: gateStatus,
  /** 0 pass (warnings allowed unless failOnWarn), 1 a check failed, 2 a selector matched nothing (onMissing: error). */
  exitCode: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  failOnWarn: z.boolean(),
  policy: z.string(),
  counts: z.strictObject({
    pass: z.number().int().nonnegative(),
    warn: z.number().int().nonnegative(),
    fail: z.number().int().nonnegative(),
    error: z.number().int().nonnegative(),
  }),
  checks: z.array(gateCheck),
});

export type GateStatus = z.infer<typeof gateStatus>;
export type GateInterval = z.infer<typeof gateInterval>;
export type GateValue = z.infer<typeof gateValue>;
export type ItemStatus = z.infer<typeof gateItem>['status'];
export type GateItem = z.infer<typeof gateItem>;
export type GateCheckResult = z.infer<typeof gateCheck>;
export type GateResult = z.infer<typeof gateResultSchema>;
