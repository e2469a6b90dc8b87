/**
 * zod schema of results.json v1 (src/sweep/results-types.ts) and its JSON Schema, published as
 * schemas/results.schema.json. Nested fairness, who-pays, attack, one-run and gate objects are owned by
 * metrics/ and src/gate and stay permissive here (objects with any keys).
 */
import { z } from 'zod';

const interval = z.object({ lo: z.number().nullable(), hi: z.number().nullable() });
const estimate = z.object({
  value: z.number().nullable(),
  ci: interval.optional(),
  seedMean: z.number().nullable().optional(),
  seedSd: z.number().nullable().optional(),
});
const open = z.object({}).catchall(z.unknown());
const pairedDelta = z.object({ arm: z.string(), epsilon: z.number().nullable(), delta: z.number().nullable(), ci: interval.nullable() });
const groupLoss = z.object({
  arm: z.string(),
  epsilon: z.number().nullable(),
  metric: z.enum(['tpr', 'fpr', 'ece']),
  group: z.string().nullable(),
  loss: z.number().nullable(),
  ci: interval.nullable(),
  baseline: z.number().nullable(),
  value: z.number().nullable(),
});
const kind = z.enum(['nondp', 'cliponly', 'dp']);

const privacy = z.object({
  targetEpsilon: z.number().nullable(),
  epsilon: z.number().nullable(),
  accountant: z.string(),
  epsilonRdp: z.number().nullable(),
  rdpOrder: z.number().nullable(),
  delta: z.number(),
  deltaTimesN: z.number(),
  noiseMultiplier: z.number(),
  clip: z.number().nullable(),
  sampleRate: z.number(),
  steps: z.number().int(),
  n: z.number().int(),
  warnings: z.array(z.string()),
});

const arm = z.object({
  arm: z.string(),
  kind,
  epsilon: z.number().nullable(),
  privacy,
  utility: z.object({ auc: estimate, accuracy: estimate, brier: estimate, balancedAccuracy: estimate, threshold: z.number() }),
  fairness: open.nullable(),
  fairnessSeedSpread: open.nullable().optional(),
  whoPays: open.nullable(),
  attacks: z.array(open),
  oneRun: open.nullable(),
  calibration: z.array(
    z.object({
      group: z.record(z.string(), z.string()),
      bins: z.array(z.object({ meanScore: z.number(), fracPositive: z.number(), n: z.number().int().nonnegative() })),
    }),
  ),
  overlay: z.array(z.object({ fpr: z.number(), tprMax: z.number() })).nullable(),
  seeds: z.number().int().positive(),
  timing: z.object({ trainSeconds: z.number(), modelsTrained: z.number().int() }),
});

const sha = z.string().regex(/^[0-9a-f]{64}$/);

export const resultsSchema = z.object({
  schemaVersion: z.literal(1),
  tool: z.object({ name: z.literal('dpaudit'), version: z.string() }),
  createdAt: z.string(),
  audit: z.object({
    dataSha256: sha,
    configSha256: sha,
    lockfileSha256: sha.nullable(),
    dpauditVersion: z.string(),
    commandLine: z.string(),
  }),
  backend: z.object({ name: z.string(), simd: z.boolean().nullable(), tfjsVersion: z.string() }),
  config: z.record(z.string(), z.unknown()),
  dataset: z.object({
    file: z.string(),
    rows: z.number().int().nonnegative(),
    label: z.string(),
    positiveLabel: z.string(),
    positiveRate: z.number(),
    sensitive: z.array(z.string()),
    features: z.array(z.string()),
    encodedFeatures: z.number().int().nonnegative(),
    splits: z.object({ train: z.number().int(), validation: z.number().int(), test: z.number().int() }),
    droppedMissingLabel: z.number().int().nonnegative(),
    duplicateRows: z.number().int().nonnegative(),
    groups: z.array(open),
    warnings: z.array(z.string()),
    preprocessing: z.array(z.string()),
  }),
  conventions: z.record(z.string(), z.string()),
  arms: z.array(arm),
  recommendation: z.object({
    epsilon: z.number().nullable(),
    reason: z.string(),
    tolerances: z.object({
      aucFraction: z.number(),
      disparityIncrease: z.number(),
      groupTprLoss: z.number().optional(),
      groupEceIncrease: z.number().optional(),
    }),
    pareto: z.array(
      z.object({ arm: z.string(), epsilon: z.number().nullable(), auc: z.number().nullable(), disparity: z.number().nullable() }),
    ),
    /** What `pareto[].disparity` measures. */
    disparityMeasure: z.string().optional(),
    pairedAuc: z.array(pairedDelta).optional(),
    groupLosses: z.array(groupLoss).optional(),
    indistinguishable: z.array(z.string()).optional(),
    absoluteDisparity: z
      .array(
        z.object({
          arm: z.string(),
          epsilon: z.number().nullable(),
          measure: z.string(),
          grouping: z.string(),
          value: z.number().nullable(),
          ci: interval.nullable(),
        }),
      )
      .optional(),
  }),
  verdict: z
    .object({
      checks: z.array(z.object({ id: z.string(), status: z.enum(['pass', 'warn', 'fail', 'untestable']), summary: z.string() })),
    })
    .optional(),
  warnings: z.array(z.string()),
  suppressBelow: z.number().int().nonnegative(),
  notDifferentiallyPrivateNotice: z.string(),
  timing: z.object({ totalSeconds: z.number(), jobs: z.number().int() }),
  gate: open.optional(),
});

/** The published JSON Schema (draft 2020-12) of results.json v1. */
export function resultsJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(resultsSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://github.com/dpaudit/dpaudit/schemas/results.schema.json',
    title: 'dpaudit results.json, schema version 1',
    description:
      'Everything the report and the gate show. No row-level data, no per-example scores; subgroup cells with 0 < n < suppressBelow appear as { values, suppressed: true }. Nested fairness, attack and gate objects are documented by their own schemas.',
  };
}
