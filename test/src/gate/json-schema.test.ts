import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { gatePolicyJsonSchema } from '../../../src/gate/json-schema.js';
import { projectRoot } from '../../helpers/cli.js';

const published = JSON.parse(readFileSync(join(projectRoot, 'schemas/gate.schema.json'), 'utf8')) as Record<string, unknown>;

test('schemas/gate.schema.json is generated from the zod schema and current', () => {
  assert.deepEqual(published, JSON.parse(JSON.stringify(gatePolicyJsonSchema())));
});

test('the published schema accepts examples/gate.yml and rejects unknown keys and bad types', () => {
  const validate = new Ajv2020({ strict: false }).compile(published);
  const example = parse(readFileSync(join(projectRoot, 'examples/gate.yml'), 'utf8')) as Record<string, unknown>;
  assert.ok(validate(example), JSON.stringify(validate.errors));
  assert.equal(validate({ ...example, extra: 1 }), false);
  assert.equal(validate({ checks: [{ id: 'x', select: { metric: 'attack.auc', arm: 'dp4' }, comparator: '<=', threshold: 1 }] }), false);
  assert.equal(
    validate({ checks: [{ id: 'x', select: { metric: 'utility.auc', arm: 'dp@4' }, comparator: '<=', threshold: 'high' }] }),
    false,
  );
});
