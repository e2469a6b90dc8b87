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

test('the published schema takes the federated selectors the loader takes, and rejects the others', () => {
  const validate = new Ajv2020({ strict: false }).compile(published);
  const policy = (arm: string, extra: Record<string, unknown> = { threshold: 1 }) => ({
    checks: [{ id: 'x', select: { metric: 'utility.auc', arm }, comparator: '>=', ...extra }],
  });
  for (const arm of ['fed-none', 'fed-local@4', 'fed-server@0.5', 'every-fed', 'every-fed-dp', 'every-fed-local', 'every-fed-server'])
    assert.ok(validate(policy(arm)), arm);
  for (const arm of ['fed-foo@4', 'fed-local', 'fed-none@4', 'every-fed-foo']) assert.equal(validate(policy(arm)), false, arm);
  assert.ok(validate(policy('fed-local@4', { relativeTo: 'fed-none', factor: 0.95 })));
  assert.equal(validate(policy('fed-local@4', { relativeTo: 'fed-local@1', factor: 0.95 })), false);
});
