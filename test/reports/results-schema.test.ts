import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { projectRoot } from '../helpers/cli.js';
import { resultsJsonSchema, resultsSchema } from '../../src/results/schema.js';
import { fixture } from './fixture.js';

const published = JSON.parse(readFileSync(join(projectRoot, 'schemas', 'results.schema.json'), 'utf8')) as Record<string, unknown>;

function validator() {
  const ajv = new Ajv2020.default({ allErrors: true, strict: false });
  return ajv.compile(published);
}

test('schemas/results.schema.json is the JSON Schema generated from the zod schema', () => {
  // Regenerate: write JSON.stringify(resultsJsonSchema(), null, 2) + '\n' to schemas/results.schema.json.
  assert.deepEqual(published, JSON.parse(JSON.stringify(resultsJsonSchema())));
});

test('the fixture validates against schemas/results.schema.json (ajv) and the zod schema', () => {
  const validate = validator();
  const ok = validate(fixture());
  assert.ok(ok, JSON.stringify(validate.errors, null, 2));
  assert.equal(resultsSchema.safeParse(fixture()).success, true);
});

test('the schema rejects another schema version, a missing section and a bad hash', () => {
  const validate = validator();
  const v2 = { ...fixture(), schemaVersion: 2 };
  assert.equal(validate(v2), false);
  const noArms: Record<string, unknown> = { ...fixture() };
  delete noArms.arms;
  assert.equal(validate(noArms), false);
  const badHash = fixture();
  badHash.audit.dataSha256 = 'not-a-hash';
  assert.equal(validate(badHash), false);
});

test('nested fairness / attack / gate objects are typed: an unknown key or a wrong type is rejected', () => {
  const validate = validator();
  const cases: ((r: ReturnType<typeof fixture>) => void)[] = [
    (r) => {
      (r.arms[0].fairness as unknown as Record<string, unknown>).somethingNew = [1, 2, 3];
    },
    (r) => {
      (r.arms[2].attacks[0] as unknown as Record<string, unknown>).extra = { deep: true };
    },
    (r) => {
      (r.arms[2].attacks[0] as unknown as Record<string, unknown>).auc = '0.5';
    },
    (r) => {
      r.gate = { anything: 'goes' } as unknown as typeof r.gate;
    },
  ];
  for (const mutate of cases) {
    const r = fixture();
    mutate(r);
    assert.equal(validate(r), false, mutate.toString());
    assert.equal(resultsSchema.safeParse(r).success, false, mutate.toString());
  }
});
