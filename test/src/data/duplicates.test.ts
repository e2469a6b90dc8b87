import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDataset } from '../../../src/data/dataset.js';
import { compactUnits, duplicateRecords, duplicateRecordsOfColumns } from '../../../src/data/duplicates.js';
import type { DatasetOptions } from '../../../src/data/types.js';
import { groupedInclusionMasks, inclusionMasks } from '../../../src/train/masks.js';
import { distinctRecords, fleetMasks } from '../../../src/train/materialise.js';
import { tempDir, writeFixture } from '../../helpers/tmp.js';
import { datasetOptions } from '../../helpers/dataset.js';

const dir = tempDir('dpaudit-dup-');

const base = (data: string, extra: Partial<DatasetOptions> = {}): DatasetOptions => datasetOptions(data, { drop: ['note'], ...extra });

/**
 * 200 distinct records, record r repeated 1 + (r % 4) times (500 rows, 300 extra copies), in shuffled order;
 * plus two rows that differ only in the dropped column `note` (not duplicates: every column of the file counts).
 */
function fixture(): { file: string; recordOfLine: number[] } {
  const lines: string[] = [];
  const recordOfLine: number[] = [];
  for (let r = 0; r < 200; r++)
    for (let c = 0; c <= r % 4; c++) {
      lines.push(`${r},${(r * 7) % 13},${r % 2},n`);
      recordOfLine.push(r);
    }
  // deterministic interleaving
  const order = lines.map((_, i) => i).sort((a, b) => ((a * 7919) % 503) - ((b * 7919) % 503));
  const body = order.map((i) => lines[i]);
  body.push('999,1,1,first', '999,1,1,second');
  return {
    file: writeFixture(dir, 'dups.csv', ['x,z,y,note', ...body].join('\n') + '\n'),
    recordOfLine: [...order.map((i) => recordOfLine[i]), 200, 201],
  };
}

test('duplicateRecords: records numbered by first appearance, count of extra copies (hand-computed)', () => {
  const d = duplicateRecords([
    ['a', '1'],
    ['b', '2'],
    ['a ', '1'],
    ['a', '1'],
    ['b', '3'],
  ]);
  assert.deepEqual(Array.from(d.recordOfRow), [0, 1, 0, 0, 2]);
  assert.equal(d.records, 3);
  assert.equal(d.duplicateRows, 2);
  assert.deepEqual(Array.from(compactUnits(Int32Array.from([4, 2, 0, 3]), d.recordOfRow).unitOfPos), [0, 1, 1, 1]);
});

test('--duplicates group (default): the copies of a record never fall on two sides of a split', () => {
  const { file, recordOfLine } = fixture();
  const sides = (ds: ReturnType<typeof loadDataset>) => {
    const side = new Map<number, Set<string>>();
    for (const [name, rows] of Object.entries(ds.splits))
      for (const i of rows as Int32Array) {
        const r = recordOfLine[ds.rowIndex[i]];
        if (!side.has(r)) side.set(r, new Set());
        side.get(r)?.add(name);
      }
    return [...side.values()].filter((s) => s.size > 1).length;
  };
  const grouped = loadDataset(base(file));
  assert.equal(grouped.duplicateRows, 300);
  assert.equal(grouped.duplicateHandling, 'group');
  assert.equal(grouped.y.length, 502);
  assert.equal(sides(grouped), 0);
  assert.ok(
    grouped.warnings.some((w) => /300 rows repeat an earlier row in every column \(202 distinct records\).*--duplicates group/.test(w)),
  );
  // the two rows differing only in a dropped column are two records
  assert.notEqual(grouped.recordOfRow?.[500], grouped.recordOfRow?.[501]);
  // keep: per-row splits put copies on both sides (what the grouping prevents)
  const kept = loadDataset(base(file, { duplicates: 'keep' }));
  assert.ok(sides(kept) > 10, `${sides(kept)} records split`);
  assert.equal(kept.recordOfRow, undefined);
  assert.ok(kept.warnings.some((w) => /--duplicates keep/.test(w)));
  // drop: one row per record
  const dropped = loadDataset(base(file, { duplicates: 'drop' }));
  assert.equal(dropped.y.length, 202);
  assert.equal(new Set(Array.from(dropped.rowIndex, (r) => recordOfLine[r])).size, 202);
});

test('fleet masks and canaries: copies of a record are IN or OUT together; non-members are never copies of members', () => {
  const { file, recordOfLine } = fixture();
  const ds = loadDataset(base(file));
  const pool = ds.splits.train;
  const M = 9;
  for (const scheme of ['bernoulli', 'balanced'] as const) {
    const mask = fleetMasks(ds, pool, M, scheme, [1, 0]);
    for (let m = 0; m < M; m++) {
      const bit = new Map<number, number>();
      for (let i = 0; i < pool.length; i++) {
        const r = recordOfLine[ds.rowIndex[pool[i]]];
        const b = mask[m * pool.length + i];
        if (bit.has(r)) assert.equal(bit.get(r), b, `model ${m}: record ${r} is both IN and OUT`);
        else bit.set(r, b);
      }
    }
  }
  // without duplicates the grouped masks are exactly the per-row masks (same results as before)
  const id = Int32Array.from({ length: 50 }, (_, i) => i);
  assert.deepEqual(groupedInclusionMasks(5, id, 50, 'bernoulli', [3, 0]), inclusionMasks(5, 50, 'bernoulli', [3, 0]));
  // canary sources: distinct records
  const src = distinctRecords(Int32Array.from(pool), ds.recordOfRow, 40);
  assert.equal(src.length, 40);
  assert.equal(new Set(Array.from(src, (i) => recordOfLine[ds.rowIndex[i]])).size, 40);
});

test('duplicateRecordsOfColumns (hash table over codes) equals duplicateRecords over the texts on random tables', () => {
  let seed = 3;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  for (let trial = 0; trial < 40; trial++) {
    const C = 1 + Math.floor(rnd() * 4);
    const n = 1 + Math.floor(rnd() * 400);
    const levels = 1 + Math.floor(rnd() * 4);
    const rows = Array.from({ length: n }, () => Array.from({ length: C }, () => `v${Math.floor(rnd() * levels)}`));
    const columns = Array.from({ length: C }, (_, j) => {
      const dict = new Map<string, number>();
      return { codes: Int32Array.from(rows, (r) => dict.get(r[j]) ?? (dict.set(r[j], dict.size), dict.size - 1)) };
    });
    const a = duplicateRecordsOfColumns(columns, n);
    const b = duplicateRecords(rows);
    assert.deepEqual(Array.from(a.recordOfRow), Array.from(b.recordOfRow));
    assert.equal(a.records, b.records);
    assert.equal(a.duplicateRows, b.duplicateRows);
  }
});
