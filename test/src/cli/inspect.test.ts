import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { projectRoot, runDpaudit, type CliResult } from '../../helpers/cli.js';
import { tempDir, writeFixture } from '../../helpers/tmp.js';

const dir = tempDir();
const validate = new Ajv2020({ strict: true }).compile(
  JSON.parse(readFileSync(join(projectRoot, 'schemas/inspect.schema.json'), 'utf8')) as object,
);

/** 40 data rows: x numeric, sex F/M, y binary (1 in 4). `edit` may change a row's fields. */
function csv(name: string, edit: (i: number, f: string[]) => string[] = (_, f) => f, header = 'x,sex,y'): string {
  const lines = [header];
  for (let i = 0; i < 40; i++) lines.push(edit(i, [String(i / 4), i % 2 ? 'F' : 'M', i % 4 === 0 ? '1' : '0']).join(','));
  return writeFixture(dir, name, lines.join('\n') + '\n');
}

/** An input error: exit 2, exactly one stderr line starting `dpaudit: ` and matching `re`, no stack trace, nothing on stdout. */
function assertInputError(r: CliResult, re: RegExp): void {
  assert.equal(r.code, 2, r.stderr);
  const lines = r.stderr.split('\n').filter((l) => l.length > 0);
  assert.equal(lines.length, 1, `one stderr line expected, got:\n${r.stderr}`);
  assert.match(lines[0], /^dpaudit: /);
  assert.match(lines[0], re);
  assert.doesNotMatch(r.stderr, /\n\s+at |Error:/);
  assert.equal(r.stdout, '');
}

const inspect = (...args: string[]) => runDpaudit(['inspect', ...args]);

test('embedded default: no --data prints the flchain summary and says so', () => {
  const r = inspect();
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /no --data given: using the embedded example dataset/);
  assert.match(r.stdout, /7874 in the file; 7874 kept/);
  assert.match(r.stdout, /sex: F 4350; M 3524/);
  assert.match(r.stdout, /label +death: positive "1" 2169/);
  assert.match(r.stdout, /futime +numeric +unused/);
  assert.match(r.stdout, /creatinine +numeric +feature +1350/);
  assert.match(r.stdout, /features +age, sex, sample\.yr, kappa, lambda, flc\.grp, creatinine, mgus\n/);
});

test('embedded default --json validates against schemas/inspect.schema.json', () => {
  const r = inspect('--json', '--quiet');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  const j = JSON.parse(r.stdout) as {
    rows: { inFile: number };
    dataset: { embeddedDefault: boolean };
    groups: { cells: { n?: number }[] }[];
  };
  assert.ok(validate(j), JSON.stringify(validate.errors));
  assert.equal(j.rows.inFile, 7874);
  assert.equal(j.dataset.embeddedDefault, true);
  assert.deepEqual(
    j.groups[0].cells.map((c) => c.n),
    [4350, 3524],
  );
});

test('the same dataset through --config examples/flchain.yml gives the same JSON report (but not the default flag)', () => {
  const a = JSON.parse(inspect('--json', '--quiet').stdout) as Record<string, unknown>;
  const b = JSON.parse(inspect('--json', '--config', join(projectRoot, 'examples/flchain.yml')).stdout) as Record<string, unknown>;
  assert.deepEqual({ ...b, dataset: null }, { ...a, dataset: null });
});

test('bad input: missing, empty, headerless and ragged files', () => {
  assertInputError(inspect('--data', join(dir, 'nope.csv'), '--label', 'y'), /nope\.csv: file not found/);
  assertInputError(inspect('--data', writeFixture(dir, 'empty.csv', ''), '--label', 'y'), /empty\.csv: file is empty/);
  assertInputError(inspect('--data', writeFixture(dir, 'nohead.csv', '1,2,3\n4,5,6\n'), '--label', 'y'), /nohead\.csv:1: no header row/);
  assertInputError(
    inspect(
      '--data',
      csv('ragged.csv', (i, f) => (i === 5 ? f.slice(0, 2) : f)),
      '--label',
      'y',
    ),
    /ragged\.csv:7: ragged row: 2 fields, the header has 3/,
  );
});

test('bad input: label missing, not binary, single class; sensitive missing; --label absent with --data', () => {
  const ok = csv('ok.csv');
  assertInputError(inspect('--data', ok, '--label', 'death'), /ok\.csv, option --label: no column "death"/);
  assertInputError(inspect('--data', ok), /option --label: required with --data/);
  assertInputError(
    inspect(
      '--data',
      csv('three.csv', (i, f) => [f[0], f[1], String(i % 3)]),
      '--label',
      'y',
    ),
    /three\.csv:\d+, column "y", option --label: label is not binary/,
  );
  assertInputError(
    inspect(
      '--data',
      csv('single.csv', (_, f) => [f[0], f[1], '1']),
      '--label',
      'y',
    ),
    /label has a single class "1"/,
  );
  assertInputError(inspect('--data', ok, '--label', 'y', '--sensitive', 'sex,race'), /option --sensitive: no column "race"/);
  assertInputError(inspect('--data', ok, '--label', 'y', '--features', 'x,bmi'), /option --features: no column "bmi"/);
  assertInputError(inspect('--data', ok, '--label', 'y', '--test-fraction', '1.5'), /option --test-fraction: must be between 0 and 1/);
});

test('missing labels: dropped with a count, or an error with --strict', () => {
  const f = csv('misslab.csv', (i, fl) => (i % 8 === 3 ? [fl[0], fl[1], ''] : fl));
  const r = inspect('--data', f, '--label', 'y', '--json');
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as { rows: { kept: number; droppedMissingLabel: number }; warnings: string[] };
  assert.deepEqual([j.rows.kept, j.rows.droppedMissingLabel], [35, 5]);
  assert.ok(j.warnings.some((w) => w.startsWith('5 rows with a missing label')));
  assert.match(inspect('--data', f, '--label', 'y').stdout, /35 kept, 5 dropped \(missing label\)/);
  assertInputError(inspect('--data', f, '--label', 'y', '--strict'), /misslab\.csv:5, column "y": missing label/);
});

test('stray tokens <0.5 and decimal comma: error naming line and column; --lenient counts them', () => {
  const lt = csv('lt.csv', (i, f) => (i === 10 ? ['<0.5', f[1], f[2]] : f));
  assertInputError(inspect('--data', lt, '--label', 'y'), /lt\.csv:12, column "x": numeric column has a stray token "<0\.5"/);
  const comma = csv('comma.csv', (i, f) => (i === 20 ? ['"1,05"', f[1], f[2]] : f));
  assertInputError(inspect('--data', comma, '--label', 'y'), /comma\.csv:22, column "x": numeric column has a stray token "1,05"/);
  const r = inspect('--data', lt, '--label', 'y', '--lenient', '--json');
  assert.equal(r.code, 0, r.stderr);
  const x = (JSON.parse(r.stdout) as { columns: { name: string; type: string; missing: number; strayTokens: number }[] }).columns[0];
  assert.deepEqual([x.type, x.missing, x.strayTokens], ['numeric', 1, 1]);
});

test('accepted input: BOM + CRLF + quoted fields with commas and quotes + trailing blank line; spaces and non-ASCII names; duplicates counted', () => {
  const lines = ['\uFEFF"taille (cm)",note,"état"'];
  for (let i = 0; i < 40; i++) lines.push(`${150 + (i % 5)},"a, ""b""${i % 3}",${i % 4 === 0 ? 'oui' : 'non'}`);
  const f = writeFixture(dir, 'crlf.csv', lines.join('\r\n') + '\r\n\r\n');
  const r = inspect('--data', f, '--label', 'état', '--positive-label', 'oui', '--sensitive', 'note', '--json', '--suppress-below', '0');
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as {
    rows: { inFile: number; duplicates: number };
    columns: { name: string; type: string; levels?: { value: string }[] }[];
    label: { positive: string; nPositive: number };
  };
  assert.ok(validate(j), JSON.stringify(validate.errors));
  assert.equal(j.rows.inFile, 40);
  // (i mod 5, i mod 3, i mod 4 == 0) repeats with period 60 > 40 → count distinct keys directly.
  const keys = new Set(Array.from({ length: 40 }, (_, i) => `${i % 5}|${i % 3}|${i % 4 === 0}`));
  assert.equal(j.rows.duplicates, 40 - keys.size);
  assert.ok(j.rows.duplicates > 0);
  assert.deepEqual(
    j.columns.map((c) => [c.name, c.type]),
    [
      ['taille (cm)', 'numeric'],
      ['note', 'categorical'],
      ['état', 'categorical'],
    ],
  );
  assert.deepEqual(
    j.columns[1].levels?.map((l) => l.value),
    ['a, "b"0', 'a, "b"1', 'a, "b"2'],
  );
  assert.deepEqual([j.label.positive, j.label.nPositive], ['oui', 10]);
});

test('--id with repeated ids: loud warning, ids reported', () => {
  const f = csv('ids.csv', (i, fl) => [`p${i % 25}`, ...fl], 'pid,x,sex,y');
  const r = inspect('--data', f, '--label', 'y', '--id', 'pid', '--json');
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as { ids: unknown; warnings: string[]; features: string[]; splits: { groupedBy: string } };
  assert.deepEqual(j.ids, { column: 'pid', distinct: 25, repeated: true });
  assert.equal(j.splits.groupedBy, 'pid');
  assert.deepEqual(j.features, ['x', 'sex']);
  assert.ok(j.warnings.some((w) => /IDS REPEAT.*not one patient/.test(w)));
});

test('--config: unknown key names the key and the line; flags override file values', () => {
  const data = csv('cfg.csv');
  const bad = writeFixture(dir, 'bad.yml', `data: cfg.csv\nlabel: y\nsensitiv: sex\n`);
  assertInputError(inspect('--config', bad), /bad\.yml:3: unknown key "sensitiv"/);
  const good = writeFixture(dir, 'good.yml', `data: cfg.csv\nlabel: y\nsensitive: [sex]\ntestFraction: 0.5\n`);
  const r = inspect('--config', good, '--test-fraction', '0.25', '--json');
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as { dataset: { file: string }; splits: { testFraction: number; test: { n: number } }; groups: unknown[] };
  assert.equal(j.dataset.file, data);
  assert.equal(j.splits.testFraction, 0.25);
  assert.equal(j.splits.test.n, Math.round(0.25 * 10) + Math.round(0.25 * 30), 'per stratum: 10 positives, 30 negatives');
  assert.equal(j.groups.length, 1);
});

test('nothing is written by a failing command', () => {
  const before = readdirSync(dir).sort();
  assertInputError(inspect('--data', join(dir, 'cfg.csv'), '--label', 'nolabel'), /no column "nolabel"/);
  assert.deepEqual(readdirSync(dir).sort(), before);
});
