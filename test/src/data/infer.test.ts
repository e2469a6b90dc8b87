import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsvText } from '../../../src/data/csv.js';
import { inferColumn } from '../../../src/data/infer.js';
import { isMissing } from '../../../src/data/missing.js';
import { parseNumber } from '../../../src/data/number.js';
import { compareLevels } from '../../../src/data/levels.js';
import { DpauditError } from '../../../src/errors.js';

const col = (cells: string[], opts = { forceCategorical: false, lenient: false }) => {
  const raw = parseCsvText(`x,k\n${cells.map((c) => `${JSON.stringify(c)},k`).join('\n')}\n`, 'f.csv');
  return inferColumn(raw, 0, opts);
};

test('missing tokens and number parsing', () => {
  for (const t of ['', 'NA', 'na', 'N/A', 'n/a', 'NaN', 'nan', '  NA ']) assert.equal(isMissing(t), true, t);
  for (const t of ['0', 'None', 'null', '-', 'Na N']) assert.equal(isMissing(t), false, t);
  assert.equal(parseNumber(' 1.5 '), 1.5);
  assert.equal(parseNumber('-2e3'), -2000);
  assert.equal(parseNumber('.5'), 0.5);
  for (const t of ['1,05', '<0.5', '0x10', 'Inf', '1e', '1.2.3', '']) assert.ok(Number.isNaN(parseNumber(t)), t);
});

test('numeric column: every non-missing value parses; missing are NaN', () => {
  const c = col(['1', '2.5', 'NA', '', '-3']);
  assert.equal(c.kind, 'numeric');
  if (c.kind !== 'numeric') return;
  assert.deepEqual([...c.values].slice(0, 2), [1, 2.5]);
  assert.ok(Number.isNaN(c.values[2]) && Number.isNaN(c.values[3]));
  assert.equal(c.values[4], -3);
  assert.equal(c.missing, 2);
  assert.equal(c.strayTokens, 0);
});

test('categorical column: under 95 % numbers; levels sorted numeric-aware; missing code -1', () => {
  const c = col(['(19,39]', '(0,19]', 'NA', '(39,59]', '(0,19]', '(59,Inf]']);
  assert.equal(c.kind, 'categorical');
  if (c.kind !== 'categorical') return;
  assert.deepEqual(c.levels, ['(0,19]', '(19,39]', '(39,59]', '(59,Inf]']);
  assert.deepEqual([...c.codes], [1, 0, -1, 2, 0, 3]);
  assert.equal(c.missing, 1);
  const mixed = col(['a', '1', '2', 'b']);
  assert.equal(mixed.kind, 'categorical');
  assert.ok(compareLevels('2', '10') < 0 && compareLevels('10', 'a') < 0 && compareLevels('B', 'a') < 0);
});

test('forced categorical keeps numbers as levels', () => {
  const c = col(['1', '4', '2', '1'], { forceCategorical: true, lenient: false });
  assert.equal(c.kind, 'categorical');
  if (c.kind === 'categorical') assert.deepEqual(c.levels, ['1', '2', '4']);
});

test('stray tokens (≥ 95 % numbers): error naming line and column, or counted missing with lenient', () => {
  const cells = Array.from({ length: 40 }, (_, i) => String(i / 10));
  cells[7] = '<0.5';
  cells[20] = '1,05';
  assert.throws(
    () => col(cells),
    (e: unknown) =>
      e instanceof DpauditError && e.message.startsWith('f.csv:9, column "x": numeric column has a stray token "<0.5" (2 of 40'),
  );
  const c = col(cells, { forceCategorical: false, lenient: true });
  assert.equal(c.kind, 'numeric');
  if (c.kind !== 'numeric') return;
  assert.equal(c.strayTokens, 2);
  assert.equal(c.missing, 2);
  assert.deepEqual(c.strayExamples, ['<0.5', '1,05']);
  assert.ok(Number.isNaN(c.values[7]) && Number.isNaN(c.values[20]));
  assert.equal(c.values[8], 0.8);
});
