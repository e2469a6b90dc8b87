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

test('fast path on random unquoted text (spaces, tabs, no-break spaces, empty cells, CRLF) equals csv-parse', () => {
  let seed = 7;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const pieces = ['1', '2.5', 'x', 'yy', '', ' ', '\t', '\u00a0', 'é', 'long-value-over-13-chars', '-0'];
  const cell = () => {
    let s = '';
    const k = 1 + Math.floor(rnd() * 3);
    for (let i = 0; i < k; i++) s += pieces[Math.floor(rnd() * pieces.length)];
    return s;
  };
  for (let trial = 0; trial < 30; trial++) {
    const cols = 1 + Math.floor(rnd() * 5);
    const eol = rnd() < 0.5 ? '\n' : '\r\n';
    const lines = [Array.from({ length: cols }, (_, j) => `c${j}`).join(',')];
    const rows = 5 + Math.floor(rnd() * 40);
    for (let r = 0; r < rows; r++) lines.push(Array.from({ length: cols }, cell).join(','));
    const t = lines.join(eol) + eol;
    assert.deepEqual(decoded(t), reference(t), JSON.stringify(t));
  }
});
