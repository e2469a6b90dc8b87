import { z } from 'zod';
import { configSchema } from '../src/config/schema.js';
import { fairnessJsonSchema } from '../metrics/fairness/schema.js';
import { gatePolicyJsonSchema } from '../src/gate/index.js';
import { resultsJsonSchema } from '../src/results/schema.js';
import { trainerJobJsonSchema, trainerReportJsonSchema } from '../src/train/external/schema.js';

/** The JSON Schema of the --config file, generated from the zod schema (the single source of truth). */
export function configJsonSchema(): Record<string, unknown> {
  const s = z.toJSONSchema(configSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    $schema: s.$schema,
    title: 'dpaudit --config file',
    description:
      'A flat YAML object whose keys are the long option names of the commands in camelCase (batchSize for --batch-size). ' +
      'Flags given on the command line override it. Unknown keys are errors. Paths are relative to the config file.',
    ...Object.fromEntries(Object.entries(s).filter(([k]) => k !== '$schema')),
  };
}

/** One published schema file under `schemas/` and the function that generates it from its zod schema. */
export interface GeneratedSchema {
  readonly file: string;
  readonly generate: () => Record<string, unknown>;
}

/**
 * Every schema in `schemas/` that is generated from code. `schemas/inspect.schema.json` is written by hand
 * and is not in this list.
 */
export const generatedSchemas: readonly GeneratedSchema[] = [
  { file: 'config.schema.json', generate: configJsonSchema },
  { file: 'fairness.schema.json', generate: fairnessJsonSchema },
  { file: 'gate.schema.json', generate: gatePolicyJsonSchema },
  { file: 'results.schema.json', generate: resultsJsonSchema },
  { file: 'trainer-job.schema.json', generate: trainerJobJsonSchema },
  { file: 'trainer-report.schema.json', generate: trainerReportJsonSchema },
];

/** The exact text written to a schema file: two-space JSON with a final newline. */
export function schemaText(schema: Record<string, unknown>): string {
  return JSON.stringify(schema, null, 2) + '\n';
}
