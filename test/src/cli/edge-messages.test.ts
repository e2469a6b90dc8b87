import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDataset, nearDuplicateLevels } from '../../../src/data/dataset.js';
import type { DatasetOptions } from '../../../src/data/types.js';
import { DpauditError } from '../../../src/errors.js';
import { optionDifference } from '../../../src/sweep/merge.js';
import { runDpaudit } from '../../helpers/cli.js';
import { tempDir, writeFixture } from '../../helpers/tmp.js';
import { datasetOptions } from '../../helpers/dataset.js';

const dir = tempDir('dpaudit-edges-');
const base = (data: string, extra: Partial<DatasetOptions> = {}): DatasetOptions => datasetOptions(data, { sensitive: ['sex'], ...extra });

test('levels that differ only by case or spaces are warned about', () => {
  assert.deepEqual(nearDuplicateLevels(['F', 'M', 'f', 'no  cancer', 'No cancer']), [
    ['F', 'f'],
    ['no  cancer', 'No cancer'],
  ]);
  const rows = ['x,sex,y', ...Array.from({ length: 60 }, (_, i) => `${i},${i === 7 ? ' f' : i % 2 ? 'F' : 'M'},${i % 2}`)];
  const ds = loadDataset(base(writeFixture(dir, 'lv.csv', rows.join('\n') + '\n')));
  assert.ok(
    ds.warnings.some((w) => /column "sex": levels "F" and "f" differ only by case or spaces/.test(w)),
    ds.warnings.join('\n'),
  );
});

test('a third label value ("1.0") is an error naming its line; stray tokens of all columns in one error, first line first', () => {
  const rows = ['x,sex,y', ...Array.from({ length: 40 }, (_, i) => `${i},F,${i === 23 ? '1.0' : i % 2}`)];
  assert.throws(
    () => loadDataset(base(writeFixture(dir, 'l10.csv', rows.join('\n') + '\n'))),
    (e: unknown) =>
      e instanceof DpauditError && /l10\.csv:25, column "y", option --label: label is not binary: 3 distinct values/.test(e.message),
  );
  const bad = ['a,b,y', ...Array.from({ length: 100 }, (_, i) => `${i === 50 ? '<1' : i},${i === 10 || i === 90 ? 'x' + i : i},${i % 2}`)];
  assert.throws(
    () => loadDataset(base(writeFixture(dir, 'stray.csv', bad.join('\n') + '\n'), { sensitive: [] })),
    (e: unknown) =>
      e instanceof DpauditError &&
      /stray\.csv:12, column "b": numeric column has a stray token "x10".*also line 52 column "a" "<1", line 92 column "b" "x90"/.test(
        e.message,
      ),
  );
});

test('--suppress-below abc names what was typed', () => {
  for (const cmd of [['inspect'], ['sweep', '--preset', 'test', '--out', join(dir, 'never')]]) {
    const r = runDpaudit([...cmd, '--suppress-below', 'abc']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /option --suppress-below: 'abc' is not a number/);
    assert.doesNotMatch(r.stderr, /NaN/);
  }
});

test('a failed merge names the shard and the first differing option, and leaves nothing behind', () => {
  assert.equal(optionDifference({ a: 1, train: { lr: 0.1, clip: 1 } }, { a: 1, train: { lr: 0.2, clip: 1 } }), 'train.lr: 0.1 vs 0.2');
  const manifest = (lr: number) => ({
    dpauditVersion: '0',
    optionsHash: `h${lr}`,
    options: { train: { lr }, out: 'x' },
    dataSha256: 'd',
    jobs: [],
    shard: { index: 1, count: 2 },
  });
  const s1 = join(dir, 's1');
  const s2 = join(dir, 's2');
  mkdirSync(s1);
  mkdirSync(s2);
  writeFileSync(join(s1, 'manifest-shard-1-of-2.json'), JSON.stringify(manifest(0.1)));
  writeFileSync(join(s2, 'manifest-shard-2-of-2.json'), JSON.stringify({ ...manifest(0.2), shard: { index: 2, count: 2 } }));
  const out = join(dir, 'merged');
  const r = runDpaudit(['merge', s1, s2, '--out', out]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(
    r.stderr,
    /s2\/manifest-shard-2-of-2\.json: this shard was run with different options than .*s1\/manifest-shard-1-of-2\.json \(train\.lr: 0\.1 vs 0\.2\)/,
  );
  assert.ok(!existsSync(out));
});
