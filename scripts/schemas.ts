import { z } from 'zod';
import { configSchema } from '../src/config/schema.js';

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
