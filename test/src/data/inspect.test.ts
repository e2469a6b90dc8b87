import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { loadDataset } from '../../../src/data/dataset.js';
import { inspectDataset } from '../../../src/data/inspect.js';
import { formatInspectText } from '../../../src/data/inspect-text.js';
import type { DatasetOptions } from '../../../src/data/types.js';
import { projectRoot } from '../../helpers/cli.js';
import { tempDir, writeFixture } from '../../helpers/tmp.js';
import { datasetOptions } from '../../helpers/dataset.js';

const dir = tempDir();
const schema = JSON.parse(readFileSync(`${projectRoot}/schemas/inspect.schema.json`, 'utf8')) as object;

// 100 rows: sex F (60) / M (40); site A (95) / B (5); creat numeric with 10 missing; y 30 % positive.
function fixture(): string {
  const lines = ['sex,site,creat,y'];
  for (let i = 0; i < 100; i++)
    lines.push(`${i < 60 ? 'F' : 'M'},${i % 20 === 7 ? 'B' : 'A'},${i % 10 === 0 ? '' : (i % 13) + 0.5},${i % 10 < 3 ? 1 : 0}`);
  return writeFixture(dir, 'insp.csv', lines.join('\n') + '\n');
}

const opts = (data: string): DatasetOptions => datasetOptions(data, { sensitive: ['sex', 'site'], minGroupSize: 30 });

test('inspect report: counts, types, suppression of 0 < n < k, and the JSON schema', () => {
  const ds = loadDataset(opts(fixture()));
  const r = inspectDataset(ds, { suppressBelow: 11, embeddedDefault: false });
  assert.deepEqual(r.rows, { inFile: 100, kept: 100, droppedMissingLabel: 0, duplicates: r.rows.duplicates });
  assert.deepEqual(r.label, { column: 'y', positive: '1', negative: '0', nPositive: 30, nNegative: 70, positiveRate: 0.3 });
  assert.deepEqual(
    r.columns.map((c) => [c.name, c.type, c.roles.join(','), c.missing]),
    [
      ['sex', 'categorical', 'sensitive,feature', 0],
      ['site', 'categorical', 'sensitive,feature', 0],
      ['creat', 'numeric', 'feature', 10],
      ['y', 'categorical', 'label', 0],
    ],
  );
  // Complementary suppression: 100 rows − A 95 would give B's 5 back, so A is hidden too.
  assert.deepEqual(r.columns[1].levels, [
    { value: 'A', suppressed: true },
    { value: 'B', suppressed: true },
  ]);
  assert.deepEqual(r.groups[1].cells, [
    { values: { site: 'A' }, suppressed: true },
    { values: { site: 'B' }, suppressed: true },
  ]);
  assert.deepEqual(r.groups[0].cells, [
    { values: { sex: 'F' }, n: 60, belowMinGroupSize: false },
    { values: { sex: 'M' }, n: 40, belowMinGroupSize: false },
  ]);
  // site B rows: i = 7, 27, 47 (F) and 67, 87 (M). F 60 − (F, A) 57 would give (F, B) = 3 back: (F, A) and
  // (M, A) are hidden too; no published total minus published cells equals a hidden cell.
  assert.deepEqual(r.groups[2].cells, [
    { values: { sex: 'F', site: 'A' }, suppressed: true },
    { values: { sex: 'F', site: 'B' }, suppressed: true },
    { values: { sex: 'M', site: 'A' }, suppressed: true },
    { values: { sex: 'M', site: 'B' }, suppressed: true },
  ]);
  assert.equal(r.splits.train.n + r.splits.validation.n + r.splits.test.n, 100);
  assert.equal(r.splits.test.n, 30);
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const validate = ajv.compile(schema);
  assert.ok(validate(JSON.parse(JSON.stringify(r))), ajv.errorsText(validate.errors));
  // Suppression off: every count shown.
  const r0 = inspectDataset(ds, { suppressBelow: 0, embeddedDefault: false });
  assert.deepEqual(r0.groups[2].cells[1], { values: { sex: 'F', site: 'B' }, n: 3, belowMinGroupSize: true });
  assert.ok(validate(JSON.parse(JSON.stringify(r0))));
  // The schema rejects a suppressed cell that leaks its count.
  const bad = JSON.parse(JSON.stringify(r)) as { groups: { cells: object[] }[] };
  bad.groups[2].cells[1] = { values: { sex: 'F', site: 'B' }, suppressed: true, n: 3 };
  assert.equal(validate(bad), false);
  const text = formatInspectText(r);
  assert.match(text, /sex × site: F, A \(suppressed\); F, B \(suppressed\); M, A \(suppressed\); M, B \(suppressed\)/);
  assert.match(text, /site +categorical +sensitive,feature +0 +A \(suppressed\), B \(suppressed\)/);
  assert.doesNotMatch(text, /A 95|F, A 57/);
  assert.doesNotMatch(text, /F, B 3/);
});

test('inspect with repeated patient ids: cells show rows and distinct patients, and suppress cells of few patients', () => {
  // Site A: 40 patients × 2 rows; site B: 3 patients × 15 rows (45 rows, 3 patients); site C: 30 patients × 1 row.
  // B is hidden (3 patients); the published total minus A and C would give B back, so the smaller of the
  // shown cells by patients (C) is hidden too (complementary suppression in patients).
  const lines = ['pid,site,x,y'];
  for (let p = 0; p < 40; p++) for (let k = 0; k < 2; k++) lines.push(`P${p},A,${p + k},${(p + k) % 2}`);
  for (let p = 40; p < 43; p++) for (let k = 0; k < 15; k++) lines.push(`P${p},B,${p + k},${(p + k) % 2}`);
  for (let p = 43; p < 73; p++) lines.push(`P${p},C,${p},${p % 2}`);
  const f = writeFixture(dir, 'insp-patients.csv', lines.join('\n') + '\n');
  const ds = loadDataset({ ...opts(f), sensitive: ['site'], id: 'pid' });
  const r = inspectDataset(ds, { suppressBelow: 11, embeddedDefault: false });
  assert.deepEqual(r.groups[0].cells, [
    { values: { site: 'A' }, n: 80, patients: 40, belowMinGroupSize: false },
    { values: { site: 'B' }, suppressed: true },
    { values: { site: 'C' }, suppressed: true },
  ]);
  const text = formatInspectText(r);
  assert.match(text, /site: A 80\/40; B \(suppressed\); C \(suppressed\)/);
  assert.match(text, /cells with fewer than 11 patients suppressed/);
  // without the id column the same cells count rows only, and 45 rows are shown
  const rows = inspectDataset(loadDataset({ ...opts(f), sensitive: ['site'], drop: ['pid'] }), {
    suppressBelow: 11,
    embeddedDefault: false,
  });
  assert.deepEqual(rows.groups[0].cells[1], { values: { site: 'B' }, n: 45, belowMinGroupSize: false });
  const ajv = new Ajv2020({ strict: false });
  assert.ok(ajv.validate(schema, JSON.parse(JSON.stringify(r))), ajv.errorsText());
});
