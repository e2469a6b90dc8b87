import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { configJsonSchema } from '../../scripts/schemas.js';
import { projectRoot } from '../helpers/cli.js';

test('schemas/config.schema.json is the one generated from the zod config schema (npm run schemas)', () => {
  const committed = readFileSync(join(projectRoot, 'schemas', 'config.schema.json'), 'utf8');
  assert.equal(committed, JSON.stringify(configJsonSchema(), null, 2) + '\n');
});

test('the config JSON Schema accepts examples/flchain.yml and rejects an unknown key', () => {
  const validate = new Ajv2020({ strict: false }).compile(configJsonSchema());
  const example = parse(readFileSync(join(projectRoot, 'examples', 'flchain.yml'), 'utf8')) as Record<string, unknown>;
  assert.ok(validate(example), JSON.stringify(validate.errors));
  assert.equal(validate({ ...example, epochz: 3 }), false);
  assert.equal(validate({ ...example, testFraction: 2 }), false);
});
