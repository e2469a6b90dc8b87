import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readCsvFile } from '../../../src/data/csv.js';
import { DpauditError } from '../../../src/errors.js';
import { tempDir, writeFixture } from '../../helpers/tmp.js';

const dir = tempDir();

test('BOM, CRLF, quoted fields with commas, quotes and newlines, trailing blank line', () => {
  const text = '\uFEFFid,"na me",note\r\n1,"a, b","say ""hi"""\r\n2,"x\r\ny",plain\r\n\r\n';
  const f = writeFixture(dir, 'quoted.csv', text);
  const raw = readCsvFile(f);
  assert.deepEqual(raw.header, ['id', 'na me', 'note']);
  assert.deepEqual(raw.rows, [
    ['1', 'a, b', 'say "hi"'],
    ['2', 'x\r\ny', 'plain'],
  ]);
  assert.equal(raw.lines[0], 2);
  assert.equal(raw.sha256, createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex'));
});

test('non-ASCII column names and values are kept', () => {
  const f = writeFixture(dir, 'utf8.csv', 'âge,sexe,größe\n50,F,1.7\n');
  const raw = readCsvFile(f);
  assert.deepEqual(raw.header, ['âge', 'sexe', 'größe']);
});

test('bad files are one-line DpauditErrors naming the file (and line)', () => {
  const cases: [string, string | Buffer, RegExp][] = [
    ['empty.csv', '', /empty\.csv: file is empty/],
    ['blank.csv', '\n\n  \n', /file is empty/],
    ['noheader.csv', '1,2,3\n4,5,6\n', /noheader\.csv:1: no header row/],
    ['ragged.csv', 'a,b\n1,2\n3\n4,5\n', /ragged\.csv:3: ragged row: 1 fields, the header has 2/],
    ['ragged2.csv', 'a,b\n1,2,3\n', /ragged2\.csv:2: ragged row: 3 fields/],
    ['onlyheader.csv', 'a,b\n', /no data rows/],
    ['latin1.csv', Buffer.from([0x61, 0x0a, 0x31, 0x0a, 0x63, 0x61, 0x66, 0xe9, 0x0a]), /latin1\.csv:3: file is not valid UTF-8/],
    ['dup.csv', 'a,a\n1,2\n', /duplicate column name "a"/],
  ];
  for (const [name, text, re] of cases) {
    const f = writeFixture(dir, name, text as string);
    assert.throws(
      () => readCsvFile(f),
      (e: unknown) => e instanceof DpauditError && re.test(e.message) && !e.message.includes('\n'),
      name,
    );
  }
  assert.throws(() => readCsvFile(`${dir}/absent.csv`), /absent\.csv: file not found/);
});
