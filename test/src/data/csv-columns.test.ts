import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsvText } from '../../../src/data/csv.js';
import { parseCsvColumns } from '../../../src/data/csv-columns.js';
import { DpauditError } from '../../../src/errors.js';

/** Rows decoded back from the columns (trimmed texts), to compare with csv-parse's records. */
function decoded(text: string) {
  const c = parseCsvColumns(text, 'f.csv');
  const rows = Array.from({ length: c.nRows }, (_, r) => c.columns.map((col) => col.dict[col.codes[r]]));
  return { header: c.header, rows, lines: Array.from(c.lines) };
}

function reference(text: string) {
  const r = parseCsvText(text, 'f.csv');
  return { header: r.header, rows: r.rows.map((x) => x.map((v) => v.trim())), lines: r.lines };
}

test('dictionary-encoded columns equal csv-parse records (fast unquoted path and quoted path)', () => {
  const texts = [
    'a,b,c\n1,x,2\n3, y ,4\n1,x,2\n',
    '\uFEFFa,b\r\n1,2\r\n\r\n3,4\r\n',
    'a,b\n1,2\n   \n5,6\n\n\n',
    'a,b\n"1,5",x\n"q ""z""",y\n',
    'a\n1\n\n2\n',
    'a,b\n1,2',
  ];
  for (const t of texts) assert.deepEqual(decoded(t), reference(t), JSON.stringify(t));
});

test('errors of the fast path match csv-parse: ragged row and header problems name the line', () => {
  for (const t of ['a,b\n1,2\n3\n', 'a,a\n1,2\n', '1,2\n3,4\n', 'a,b\n']) {
    let ref = '';
    try {
      reference(t);
    } catch (e) {
      ref = (e as Error).message;
    }
    assert.throws(
      () => parseCsvColumns(t, 'f.csv'),
      (e: unknown) => e instanceof DpauditError && e.message === ref,
      JSON.stringify(t),
    );
  }
});
