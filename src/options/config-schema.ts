import { z } from 'zod';
import { configSpecs } from './registry.js';
import { camelCase, type OptionSpec } from './types.js';

const list = () => z.union([z.string(), z.array(z.union([z.string(), z.number()]))]);
const numList = () => z.union([z.string(), z.number(), z.array(z.number())]);

/** The zod type of one option's value in a config file (before normalisation by validateOptions). */
export function zodOf(s: OptionSpec): z.ZodType {
  if (s.configObject) return z.union([zodOfPlain(s), s.configObject()]);
  return zodOfPlain(s);
}

function zodOfPlain(s: OptionSpec): z.ZodType {
  switch (s.type) {
    case 'number': {
      let t = z.number();
      if (s.integer) t = t.int();
      if (s.min !== undefined) t = s.minExclusive ? t.gt(s.min) : t.gte(s.min);
      if (s.max !== undefined) t = s.maxExclusive ? t.lt(s.max) : t.lte(s.max);
      return t;
    }
    case 'boolean':
      return z.boolean();
    case 'string':
      return s.pattern ? z.string().regex(s.pattern, { error: `expects ${s.patternHelp ?? String(s.pattern)}` }) : z.string();
    case 'scalar':
      return z.union([z.string(), z.number(), z.boolean()]);
    case 'choice':
      return z.enum(s.choices as unknown as [string, ...string[]]);
    case 'list':
      return list();
    case 'numbers':
      return numList();
  }
}

/**
 * The config file (`--config FILE.yml`): a flat object whose keys are the long option names in camelCase
 * (`batchSize` for `--batch-size`), one per option of the registry that may be set in a file. Unknown keys
 * are errors; every key is optional.
 */
export function buildConfigSchema() {
  const shape: Record<string, z.ZodType> = {};
  for (const s of configSpecs()) shape[camelCase(s.name)] = zodOf(s).describe(s.help);
  return z.strictObject(shape).partial();
}
