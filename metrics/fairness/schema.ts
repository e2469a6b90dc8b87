import { z } from 'zod';
import { DISPARITY_KEYS, DISPARITY_VARIANTS, METRIC_KEYS, RATE_KEYS, WORST_KEYS, type RateKey } from './types.js';

/**
 * zod schema of the `dpaudit fairness --json` output; `schemas/fairness.schema.json` is generated from it
 * (z.toJSONSchema) and a test keeps the two equal.
 */
/** An object shape with one schema per key. */
function shape<K extends string, T extends z.ZodType>(keys: readonly K[], f: (k: K) => T): Record<K, T> {
  const o = {} as Record<K, T>;
  for (const k of keys) o[k] = f(k);
  return o;
}

const num = z.number().nullable();
const id = (name: string) => ({ id: `Fairness${name}` });
const interval = z
  .strictObject({ lower: z.number(), upper: z.number(), replicates: z.number().int().positive() })
  .describe('percentile bootstrap interval; replicates = resamples in which the statistic was defined')
  .meta(id('Interval'));
const nullableInterval = interval.nullable();
const values = z.record(z.string(), z.string()).describe('attribute → level').meta(id('GroupValues'));

const metrics = z
  .strictObject(shape(METRIC_KEYS, (k): z.ZodType => (k === 'count' ? z.number().int().nonnegative() : num)))
  .describe('metrics of a group; null = undefined (zero denominator, one class, no scores)')
  .meta(id('Metrics'));
const rateCi = z.strictObject(shape(RATE_KEYS, () => nullableInterval)).meta(id('RateIntervals'));
const disparity = z.strictObject(shape(DISPARITY_KEYS, () => num)).meta(id('Disparity'));
const disparityCi = z.strictObject(shape(DISPARITY_KEYS, () => nullableInterval)).meta(id('DisparityIntervals'));
const rateKey = z.enum(RATE_KEYS as unknown as [RateKey, ...RateKey[]]).meta(id('RateKey'));
const rateRecord = z.strictObject(shape(RATE_KEYS, () => num)).meta(id('RateValues'));

const suppressed = z
  .strictObject({ values, suppressed: z.literal(true) })
  .describe('a cell with 0 < n < suppressBelow: neither count nor metrics shown')
  .meta(id('SuppressedGroup'));
const groupEntry = z
  .strictObject({
    values,
    metrics,
    patients: z.number().int().nonnegative().optional().describe('distinct patients in the cell (patient unit); metrics.count is rows'),
    ci: rateCi.optional(),
    flags: z.strictObject({ smallGroup: z.boolean(), empty: z.boolean(), undefined: z.array(rateKey) }),
  })
  .meta(id('GroupEntry'));
const worstGroup = z
  .strictObject({ value: num, values: values.nullable(), suppressed: z.literal(true).optional(), ci: nullableInterval.optional() })
  .meta(id('WorstGroup'));
const worst = z.strictObject(shape(WORST_KEYS, () => worstGroup)).meta(id('Worst'));
const variants = <T extends z.ZodType>(t: T) => z.strictObject(shape(DISPARITY_VARIANTS, () => t));

const grouping = z
  .strictObject({
    attributes: z.array(z.string()).min(1),
    reference: values,
    referenceSource: z.enum(['named', 'largest']),
    groups: z.array(z.union([groupEntry, suppressed])),
    worst,
    worstExcludingSmall: worst,
    disparities: variants(disparity),
    disparitiesCi: variants(disparityCi).optional(),
    skippedNull: z.partialRecord(rateKey, z.number().int().positive()),
  })
  .meta(id('Grouping'));

const bootstrapInfo = z
  .strictObject({
    resamples: z.number().int().positive(),
    seed: z.number().int(),
    level: z.number().gt(0).lt(1),
    method: z.string(),
    unit: z.literal('patient').optional().describe('present when whole patients were resampled (patient bootstrap); absent: rows'),
    patients: z.number().int().positive().optional(),
  })
  .nullable()
  .meta(id('BootstrapInfo'));

const deltaGroup = z
  .strictObject({
    values,
    count: z.number().int().nonnegative(),
    patients: z.number().int().nonnegative().optional(),
    delta: rateRecord,
    loss: rateRecord,
    ci: rateCi.optional(),
    flags: z.strictObject({ smallGroup: z.boolean(), empty: z.boolean() }),
  })
  .meta(id('DeltaGroup'));

export const deltaReportSchema = z
  .strictObject({
    overall: z.strictObject({ delta: rateRecord, loss: rateRecord, ci: rateCi.optional() }),
    groupings: z.array(
      z.strictObject({
        attributes: z.array(z.string()).min(1),
        groups: z.array(z.union([deltaGroup, suppressed])),
        exceedsOverall: z.partialRecord(rateKey, z.array(values)),
        suppressedExceeding: z.partialRecord(rateKey, z.number().int().positive()),
      }),
    ),
    bootstrap: bootstrapInfo,
    conventions: z.record(z.string(), z.string()),
    notes: z.array(z.string()),
  })
  .meta(id('DeltaReport'));

export const fairnessOutputSchema = z
  .strictObject({
    input: z
      .strictObject({
        predictions: z.string(),
        baseline: z.string().nullable(),
        rows: z.number().int().positive(),
        columns: z.strictObject({
          yTrue: z.string(),
          yPred: z.string().nullable(),
          yScore: z.string().nullable(),
          sensitive: z.array(z.string()),
        }),
        threshold: z.number().nullable().describe('y_pred = y_score ≥ threshold when the file has no y_pred column'),
      })
      .optional(),
    overall: metrics,
    overallCi: rateCi.optional(),
    groupings: z.array(grouping),
    minGroupSize: z.number().int().nonnegative(),
    suppressBelow: z.number().int().nonnegative(),
    bootstrap: bootstrapInfo,
    conventions: z.record(z.string(), z.string()),
    notes: z.array(z.string()),
    deltas: deltaReportSchema.optional().describe('who pays for privacy: dp − baseline per group (with --baseline)'),
  })
  .describe('dpaudit fairness output (docs/methods.md#fairness-metrics)');

/** A FairnessReport (computeFairness) without the CLI's input block and deltas: results.json `arms[].fairness`. */
export const fairnessReportSchema = fairnessOutputSchema.omit({ input: true, deltas: true });

export function fairnessJsonSchema(): Record<string, unknown> {
  const s = z.toJSONSchema(fairnessOutputSchema) as Record<string, unknown>;
  return { ...s, $id: 'https://dpaudit.dev/schemas/fairness.schema.json', title: 'dpaudit fairness output' };
}
