import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { computeFairness } from '../../../metrics/fairness/report.js';
import { computeFairnessDeltas } from '../../../metrics/fairness/deltas.js';
import { fairnessJsonSchema } from '../../../metrics/fairness/schema.js';
import { projectRoot } from '../../helpers/cli.js';
import { smallCase } from './fixture.js';

const file = join(projectRoot, 'schemas', 'fairness.schema.json');

test('schemas/fairness.schema.json is the one generated from the zod schema', () => {
  assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), fairnessJsonSchema());
});

test('reports validate against the published schema; a suppressed cell with metrics does not', () => {
  const validate = new Ajv2020({ strict: false }).compile(JSON.parse(readFileSync(file, 'utf8')));
  const c = smallCase();
  for (const opts of [
    { bootstrap: 50, suppressBelow: 3 },
    { bootstrap: 0, suppressBelow: 0 },
  ]) {
    const r = computeFairness(c, opts);
    const deltas = computeFairnessDeltas(c.yTrue, { yPred: c.yTrue }, { yPred: c.yPred }, c.groups, opts);
    const doc = JSON.parse(JSON.stringify({ ...r, deltas }));
    assert.ok(validate(doc), JSON.stringify(validate.errors?.slice(0, 3)));
  }
  const r = JSON.parse(JSON.stringify(computeFairness(c, { bootstrap: 0, suppressBelow: 3 })));
  const cell = r.groupings[2].groups.find((g: { suppressed?: boolean }) => g.suppressed);
  cell.metrics = { count: 2 };
  assert.equal(validate(r), false);
  const r2 = JSON.parse(JSON.stringify(computeFairness(c, { bootstrap: 0 })));
  r2.overall.tpr = 'NaN';
  assert.equal(validate(r2), false);
});
