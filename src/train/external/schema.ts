import { z } from 'zod';

/**
 * The external-trainer protocol, version 1 (docs/methods.md#external-trainers). dpaudit writes a job file
 * (`jobFileSchema`), runs `COMMAND /abs/path/job.json`, and reads back the logits (.npy, float32
 * [models, scoreRows]) and the report (`trainerReportSchema`). All paths are absolute.
 */
const npyPath = (what: string) => z.string().describe(`absolute path of a .npy file: ${what}`);

export const jobFileSchema = z
  .strictObject({
    schemaVersion: z.literal(1),
    jobId: z.string().describe('stable id of the job, e.g. s0/dp@1/models'),
    workDir: z.string().describe('an empty folder for this job (absolute path)'),
    data: z.strictObject({
      features: npyPath("float32 [N, d], dpaudit's encoding of every row, canaries included").nullable(),
      labels: npyPath('float32 [N], 0/1'),
      csvRows: npyPath('int32 [N], the 1-based data row of the CSV, −1 for synthetic rows (canaries)'),
      csv: z.string().describe('absolute path of the input CSV'),
      featureNames: z.array(z.string()).describe('names of the d encoded features (empty in manifest mode)'),
    }),
    models: z
      .array(
        z.strictObject({
          index: z.number().int().nonnegative().describe('row of the logits matrix'),
          seed: z.number().int().nonnegative().describe('31-bit seed of this model'),
          trainRows: npyPath('int32 list of row indices into features/labels this model trains on'),
          streams: z
            .strictObject({
              init: z.array(z.union([z.string(), z.number(), z.null()])),
              batches: z.array(z.union([z.string(), z.number(), z.null()])),
              noise: z.array(z.union([z.string(), z.number(), z.null()])),
            })
            .describe("seed parts of dpaudit's own init, batch and noise streams (for trainers that reproduce them; others use seed)"),
        }),
      )
      .min(1),
    privacy: z.strictObject({
      mode: z.enum(['nondp', 'cliponly', 'dp']),
      noiseMultiplier: z.number().nonnegative().describe('σ (0 for nondp and cliponly)'),
      maxGradNorm: z.number().positive().nullable().describe('clipping norm C (null for nondp: no clipping)'),
      sampleRate: z.number().gt(0).lte(1).describe('Poisson sampling rate q'),
      steps: z.number().int().positive().describe('steps T'),
      delta: z.number().gt(0).lt(1),
      targetEpsilon: z.number().positive().nullable(),
      sampling: z.literal('poisson'),
      unit: z.enum(['record', 'patient']),
      units: npyPath('int32 [N] unit id of each row (patient unit only)').nullable(),
    }),
    training: z.strictObject({
      epochs: z.number().positive(),
      learningRate: z.number().positive(),
      optimizer: z.string(),
      momentum: z.number().describe('momentum of the momentum optimiser'),
      expectedBatchSize: z.number().positive().describe('q × N of the release model'),
      model: z.string().describe('model family dpaudit would train (mlp, logreg)'),
      hidden: z.array(z.number().int().positive()),
    }),
    scoreRows: npyPath('int32 row indices on which every model must be scored'),
    outputs: z.strictObject({
      logits: z.string().describe('write here: .npy float32 [number of models, number of scoreRows], logit of class 1'),
      report: z.string().describe('write here: JSON report of what ran (trainer-report)'),
    }),
  })
  .describe('dpaudit external-trainer job file');

export type JobFile = z.infer<typeof jobFileSchema>;

export const trainerReportSchema = z
  .object({
    library: z.string().min(1).describe('training library and its version, e.g. "torch 2.1.0"'),
    models: z
      .array(
        z.object({
          index: z.number().int().nonnegative(),
          steps: z.number().int().nonnegative(),
          sampling: z.string(),
          noiseMultiplier: z.number().nonnegative(),
          maxGradNorm: z.number().positive().nullable(),
          sampleRate: z.number().gt(0).lte(1),
          epsilon: z.number().nonnegative().nullable().optional().describe("the trainer's own ε (shown beside dpaudit's)"),
          meanBatchSize: z.number().nonnegative().optional(),
          emptySteps: z.number().int().nonnegative().optional(),
          optimizerSteps: z.number().int().nonnegative().optional(),
        }),
      )
      .min(1),
    notes: z.array(z.string()).optional().describe('what the trainer ignored or changed, in words'),
  })
  .describe('report an external trainer writes after training');

export type TrainerReport = z.infer<typeof trainerReportSchema>;

export function trainerJobJsonSchema(): Record<string, unknown> {
  const s = z.toJSONSchema(jobFileSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    $schema: s.$schema,
    title: 'dpaudit trainer job (schemaVersion 1)',
    ...Object.fromEntries(Object.entries(s).filter(([k]) => k !== '$schema')),
  };
}

export function trainerReportJsonSchema(): Record<string, unknown> {
  const s = z.toJSONSchema(trainerReportSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
  return { $schema: s.$schema, title: 'dpaudit trainer report', ...Object.fromEntries(Object.entries(s).filter(([k]) => k !== '$schema')) };
}
