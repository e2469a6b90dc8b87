/** The published JSON Schema of the gate policy (`schemas/gate.schema.json`), generated from the zod schema. */
import { z } from 'zod';
import { policySchema } from './policy-schema.js';

export function gatePolicyJsonSchema(): Record<string, unknown> {
  const s = z.toJSONSchema(policySchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const { $schema, ...rest } = s;
  return {
    $schema,
    title: 'dpaudit gate policy',
    description:
      'Checks on results.json v1: metric selector (arm, attack, group, statistic), comparator, absolute or non-DP-relative threshold, severity and onMissing. Cross-field rules (which metric needs which selector keys) are enforced by dpaudit.',
    ...rest,
  };
}
