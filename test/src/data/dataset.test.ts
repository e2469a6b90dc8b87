import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadDataset } from '../../../src/data/dataset.js';
import type { DatasetOptions } from '../../../src/data/types.js';
import { DpauditError } from '../../../src/errors.js';
import { tempDir, writeFixture } from '../../helpers/tmp.js';
import { datasetOptions } from '../../helpers/dataset.js';

const dir = tempDir();

const base = (data: string, extra: Partial<DatasetOptions> = {}): DatasetOptions => datasetOptions(data, { minGroupSize: 30, ...extra });

function rows(n: number, f: (i: number) => string, header: string): string {
  return [header, ...Array.from({ length: n }, (_, i) => f(i))].join('\n') + '\n';
}

test('missing labels are dropped and counted; --strict makes them an error naming line and column', () => {
  const f = writeFixture(
    dir,
    'ml.csv',
    rows(50, (i) => `${i},${i % 10 === 5 ? 'NA' : i % 2}`, 'x,y'),
  );
  const ds = loadDataset(base(f));
  assert.equal(ds.droppedMissingLabel, 5);
  assert.equal(ds.y.length, 45);
  assert.equal(ds.rowIndex[5], 6);
  assert.ok(ds.warnings.some((w) => w.startsWith('5 rows with a missing label')));
  assert.throws(
    () => loadDataset(base(f, { strict: true })),
    (e: unknown) => e instanceof DpauditError && /ml\.csv:7, column "y": missing label/.test(e.message),
  );
});

test('positive label: default 1/true/yes, --positive-label, or an error asking for it', () => {
  const yes = writeFixture(
    dir,
    'yes.csv',
    rows(20, (i) => `${i},${i % 2 ? 'Yes' : 'no'}`, 'x,y'),
  );
  const d1 = loadDataset(base(yes));
  assert.equal(d1.positiveLabel, 'Yes');
  assert.deepEqual([...d1.y.subarray(0, 4)], [0, 1, 0, 1]);
  const ab = writeFixture(
    dir,
    'ab.csv',
    rows(20, (i) => `${i},${i % 2 ? 'dead' : 'alive'}`, 'x,y'),
  );
  assert.throws(() => loadDataset(base(ab)), /name it with --positive-label/);
  const d2 = loadDataset(base(ab, { positiveLabel: 'alive' }));
  assert.equal(d2.negativeLabel, 'dead');
  assert.equal(d2.y[0], 1);
  assert.throws(
    () => loadDataset(base(ab, { positiveLabel: 'x' })),
    /option --positive-label: value "x" is not one of the label values "alive" and "dead"/,
  );
  const num = writeFixture(
    dir,
    'num.csv',
    rows(20, (i) => `${i},${i % 2 ? '1.0' : '0.0'}`, 'x,y'),
  );
  assert.equal(loadDataset(base(num)).positiveLabel, '1.0');
  assert.equal(loadDataset(base(num, { positiveLabel: '1' })).positiveLabel, '1.0');
});

test('label must exist, be binary and have two classes; sensitive columns must exist', () => {
  const f = writeFixture(
    dir,
    'three.csv',
    rows(20, (i) => `${i},${i % 3}`, 'x,y'),
  );
  assert.throws(() => loadDataset(base(f)), /column "y", option --label: label is not binary: 3 distinct values \("0", "1", "2"\)/);
  const one = writeFixture(
    dir,
    'one.csv',
    rows(20, (i) => `${i},1`, 'x,y'),
  );
  assert.throws(() => loadDataset(base(one)), /label has a single class "1"/);
  assert.throws(() => loadDataset(base(one, { label: 'outcome' })), /one\.csv, option --label: no column "outcome" in the file header/);
  assert.throws(() => loadDataset(base(f, { sensitive: ['sex'] })), /option --sensitive: no column "sex"/);
  assert.throws(() => loadDataset(base(f, { drop: ['zz'] })), /option --drop: no column "zz"/);
  assert.throws(() => loadDataset(base(f, { features: ['y'] })), /option --features: column "y" is the label/);
});

test('features: all minus label, id and drop; a sensitive column in --drop stays a group label only', () => {
  const f = writeFixture(
    dir,
    'roles.csv',
    rows(40, (i) => `p${i % 20},${i},${i % 2 ? 'F' : 'M'},${i % 4},${i % 2}`, 'pid,age,sex,grp,y'),
  );
  const ds = loadDataset(base(f, { sensitive: ['sex', 'grp'], drop: ['grp'], id: 'pid', minGroupSize: 0 }));
  assert.deepEqual(ds.featureColumns, ['age', 'sex']);
  assert.deepEqual(
    ds.groups.map((g) => [g.name, g.levels]),
    [
      ['sex', ['F', 'M']],
      ['grp', ['0', '1', '2', '3']],
    ],
  );
  assert.equal(ds.table.columns[3].kind, 'categorical', 'sensitive columns are always categorical');
  const only = loadDataset(base(f, { features: ['age'] }));
  assert.deepEqual(only.featureColumns, ['age']);
  assert.equal(loadDataset(base(f, { categorical: ['age'] })).table.columns[1].kind, 'categorical');
});

test('duplicates counted, repeated ids warned, small subgroups warned without their count; sha256 of the bytes', () => {
  const text = rows(60, (i) => `id${i % 30},${i < 10 ? 1 : i},${i < 5 ? 'x' : 'big'},${i % 2}`, 'id,v,g,y');
  const f = writeFixture(dir, 'dups.csv', text);
  const ds = loadDataset(base(f, { sensitive: ['g'], id: 'id' }));
  // Rows i and i + 30 share an id but differ in v: no exact duplicates until two copies of row 0 are appended.
  const dupText = text + 'id0,1,x,0\nid0,1,x,0\n';
  const f2 = writeFixture(dir, 'dups2.csv', dupText);
  const ds2 = loadDataset(base(f2, { sensitive: ['g'], id: 'id' }));
  assert.equal(ds.duplicateRows, 0);
  assert.equal(ds2.duplicateRows, 2, 'row 0 and its two copies');
  assert.deepEqual(ds.ids, { distinct: 30, repeated: true });
  assert.ok(ds.warnings.some((w) => w.startsWith('IDS REPEAT') && /ε protects one record \(row\), not one patient/.test(w)));
  const small = ds.warnings.find((w) => w.includes('fewer than 30 rows'));
  assert.ok(small && small.includes('g=x') && !/\b5\b/.test(small), small);
  assert.equal(ds.sha256, createHash('sha256').update(readFileSync(f)).digest('hex'));
  // Every id on one side of every split.
  const side = new Map<string, string>();
  const idCol = ds.table.columns[0];
  assert.equal(idCol.kind, 'categorical');
  if (idCol.kind !== 'categorical') return;
  for (const [name, part] of Object.entries(ds.splits)) {
    for (const i of part as Int32Array) {
      const id = idCol.levels[idCol.codes[ds.rowIndex[i]]];
      assert.ok(!side.has(id) || side.get(id) === name, `${id} in ${side.get(id)} and ${name}`);
      side.set(id, name);
    }
  }
});

test('column names with spaces and non-ASCII characters are accepted', () => {
  const f = writeFixture(
    dir,
    'names.csv',
    rows(30, (i) => `${i},${i % 3 ? 'oui' : 'non'},${i % 2}`, '"âge (ans)",sexe à la naissance,état vital'),
  );
  const ds = loadDataset(base(f, { label: 'état vital', sensitive: ['sexe à la naissance'], minGroupSize: 0 }));
  assert.deepEqual(ds.featureColumns, ['âge (ans)', 'sexe à la naissance']);
});

test('stray tokens in a dropped column are counted, not an error', () => {
  const f = writeFixture(
    dir,
    'straydrop.csv',
    rows(40, (i) => `${i},${i === 3 ? '<0.5' : i / 10},${i % 2}`, 'x,lab,y'),
  );
  assert.throws(() => loadDataset(base(f)), /straydrop\.csv:5, column "lab": numeric column has a stray token "<0\.5"/);
  const ds = loadDataset(base(f, { drop: ['lab'] }));
  const lab = ds.table.columns[1];
  assert.ok(lab.kind === 'numeric' && lab.strayTokens === 1);
  const len = loadDataset(base(f, { lenient: true }));
  assert.ok(len.warnings.some((w) => w.includes('1 stray tokens') && w.includes('"<0.5"')));
});
