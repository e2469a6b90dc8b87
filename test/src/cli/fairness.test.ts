import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { runDpaudit, projectRoot } from '../../helpers/cli.js';
import { tempDir, writeFixture } from '../../helpers/tmp.js';
import type { DeltaReport, FairnessReport } from '../../../metrics/fairness/types.js';

type CliOutput = FairnessReport & { input: { threshold: number | null }; deltas?: DeltaReport };

const dir = tempDir('dpaudit-fairness-');
const header = 'y_true,y_score,sex,age';
const rows = [
  '1,0.9,F,young',
  '0,0.2,F,young',
  '1,0.4,F,old',
  '0,0.6,F,old',
  '0,0.1,M,young',
  '1,0.7,M,young',
  '1,0.8,M,old',
  '0,0.3,M,old',
  '1,0.55,F,young',
  '0,0.45,M,old',
];
const good = writeFixture(dir, 'pred.csv', [header, ...rows].join('\n') + '\n');
const validate = new Ajv2020({ strict: false }).compile<CliOutput>(
  JSON.parse(readFileSync(join(projectRoot, 'schemas', 'fairness.schema.json'), 'utf8')),
);

test('fairness --json: exit 0, output valid against the schema, y_pred derived from y_score ≥ threshold', () => {
  const r = runDpaudit([
    'fairness',
    '--predictions',
    good,
    '--sensitive',
    'sex,age',
    '--bootstrap',
    '50',
    '--suppress-below',
    '0',
    '--json',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const out: unknown = JSON.parse(r.stdout);
  assert.ok(validate(out), JSON.stringify(validate.errors?.slice(0, 3)));
  assert.equal(out.overall.count, 10);
  assert.equal(out.overall.nPredPos, 5); // .9 .6 .7 .8 .55
  assert.equal(out.input.threshold, 0.5);
  assert.deepEqual(
    out.groupings.map((g) => g.attributes),
    [['sex'], ['age'], ['sex', 'age']],
  );
  assert.equal(out.bootstrap?.resamples, 50);
  // same seed, same output
  const again = runDpaudit([
    'fairness',
    '--predictions',
    good,
    '--sensitive',
    'sex,age',
    '--bootstrap',
    '50',
    '--suppress-below',
    '0',
    '--json',
  ]);
  assert.equal(again.stdout, r.stdout);
});

test('fairness text output and --baseline deltas', () => {
  const base = writeFixture(
    dir,
    'base.csv',
    ['y_true,y_score', ...rows.map((l) => `${l.split(',')[0]},${l.startsWith('1') ? 0.8 : 0.2}`)].join('\n') + '\n',
  );
  const r = runDpaudit([
    'fairness',
    '--predictions',
    good,
    '--sensitive',
    'sex',
    '--bootstrap',
    '20',
    '--baseline',
    base,
    '--reference',
    'sex=M',
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /sex \(reference sex=M, named\)/);
  assert.match(r.stdout, /demographicParityDifference/);
  assert.match(r.stdout, /who pays for privacy/);
  const j = runDpaudit(['fairness', '--predictions', good, '--sensitive', 'sex', '--bootstrap', '0', '--baseline', base, '--json']);
  assert.equal(j.code, 0, j.stderr);
  const out: unknown = JSON.parse(j.stdout);
  assert.ok(validate(out), JSON.stringify(validate.errors?.slice(0, 3)));
  assert.ok(Math.abs((out.deltas?.overall.delta.accuracy ?? NaN) - (0.8 - 1)) < 1e-12); // dp 8/10 correct, baseline all correct
});

function expectInputError(name: string, text: string, args: string[], pattern: RegExp): void {
  const f = writeFixture(dir, name, text);
  const r = runDpaudit(['fairness', '--predictions', f, '--sensitive', 'sex', '--bootstrap', '0', ...args]);
  assert.equal(r.code, 2, `${name}: ${r.stderr}`);
  assert.match(r.stderr, pattern);
  assert.equal(r.stderr.trim().split('\n').length, 1, 'one line');
  assert.equal(r.stdout, '');
}

test('bad input exits 2 with one line naming file, line and column', () => {
  expectInputError('nolabel.csv', 'label,y_score,sex\n1,0.5,F\n0,0.2,M\n', [], /nolabel\.csv:1, column "y_true"/);
  expectInputError(
    'nonbinary.csv',
    'y_true,y_score,sex\n1,0.5,F\n2,0.2,M\n',
    [],
    /nonbinary\.csv:3, column "y_true": expected 0 or 1, got "2"/,
  );
  expectInputError('predbad.csv', 'y_true,y_pred,sex\n1,1,F\n0,yes,M\n', [], /predbad\.csv:3, column "y_pred"/);
  expectInputError('range.csv', 'y_true,y_score,sex\n1,0.5,F\n0,1.2,M\n', [], /range\.csv:3, column "y_score": .*outside \[0, 1\]/);
  expectInputError('nan.csv', 'y_true,y_score,sex\n1,0.5,F\n0,high,M\n', [], /nan\.csv:3, column "y_score": .*non-numeric "high"/);
  expectInputError(
    'single.csv',
    'y_true,y_score,sex\n1,0.5,F\n0,0.2,F\n',
    [],
    /single\.csv, column "sex": sensitive column has a single value/,
  );
  expectInputError('nosens.csv', 'y_true,y_score,race\n1,0.5,A\n0,0.2,B\n', [], /nosens\.csv:1, column "sex"/);
  expectInputError('noscore.csv', 'y_true,sex\n1,F\n0,M\n', [], /needs a y_pred column/);
  expectInputError('explicit.csv', 'y_true,y_score,sex\n1,0.5,F\n0,0.2,M\n', ['--y-pred', 'pred'], /column "pred"/);
  expectInputError('ref.csv', 'y_true,y_score,sex\n1,0.5,F\n0,0.2,M\n', ['--reference', 'sex=X'], /option --reference/);
  expectInputError('thr.csv', 'y_true,y_score,sex\n1,0.5,F\n0,0.2,M\n', ['--threshold', '2'], /option --threshold/);
  const short = writeFixture(dir, 'short-base.csv', 'y_true,y_score\n1,0.5\n');
  expectInputError('rows.csv', 'y_true,y_score,sex\n1,0.5,F\n0,0.2,M\n', ['--baseline', short], /short-base\.csv: has 1 data rows/);
  const other = writeFixture(dir, 'other-base.csv', 'y_true,y_score\n1,0.5\n1,0.2\n');
  expectInputError(
    'labels.csv',
    'y_true,y_score,sex\n1,0.5,F\n0,0.2,M\n',
    ['--baseline', other],
    /other-base\.csv:3, column "y_true": label differs/,
  );
});

test('missing --predictions or --sensitive is a usage error', () => {
  const r = runDpaudit(['fairness', '--sensitive', 'sex']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /option --predictions/);
  const s = runDpaudit(['fairness', '--predictions', good]);
  assert.equal(s.code, 2);
  assert.match(s.stderr, /option --sensitive/);
});

test('fairness --id: repeated ids make the intervals resample whole patients, as computeFairness with their codes', async () => {
  const { computeFairness } = await import('../../../metrics/fairness/index.js');
  // 40 rows of 12 patients (1–6 rows each, interleaved): the same predictions with an id column.
  const pid = Array.from({ length: 40 }, (_, i) => `p${(i * 7) % 12}`);
  const body = Array.from({ length: 40 }, (_, i) => {
    const y = (i * 5) % 3 === 0 ? 1 : 0;
    const score = ((i * 37) % 100) / 100;
    return `${pid[i]},${y},${score},${i % 2 ? 'F' : 'M'}`;
  });
  const file = writeFixture(dir, 'pred-id.csv', ['pid,y_true,y_score,sex', ...body].join('\n') + '\n');
  const args = ['fairness', '--predictions', file, '--sensitive', 'sex', '--bootstrap', '200', '--suppress-below', '1', '--json'];
  const withId = runDpaudit([...args, '--id', 'pid']);
  assert.equal(withId.code, 0, withId.stderr);
  const out = JSON.parse(withId.stdout) as FairnessReport;
  // Independent: the library with the patients' codes in order of first appearance.
  const seen = new Map<string, number>();
  const codes = Int32Array.from(pid, (p) => {
    if (!seen.has(p)) seen.set(p, seen.size);
    return seen.get(p) as number;
  });
  const yTrue = Uint8Array.from(body, (l) => Number(l.split(',')[1]));
  const yScore = Float64Array.from(body, (l) => Number(l.split(',')[2]));
  const yPred = Uint8Array.from(yScore, (s) => (s >= 0.5 ? 1 : 0));
  const sexLevels = ['F', 'M'];
  const groups = [{ name: 'sex', levels: sexLevels, codes: Int32Array.from(body, (l) => sexLevels.indexOf(l.split(',')[3])) }];
  const lib = computeFairness({ yTrue, yPred, yScore, groups }, { bootstrap: 200, seed: 1, suppressBelow: 1, patients: codes });
  assert.deepEqual(out.overallCi, JSON.parse(JSON.stringify(lib.overallCi)));
  assert.equal(out.bootstrap?.unit, 'patient');
  assert.equal(out.bootstrap?.patients, 12);
  // Without --id the rows are resampled: other intervals.
  const rowsOnly = JSON.parse(runDpaudit(args).stdout) as FairnessReport;
  assert.equal(rowsOnly.bootstrap?.unit, undefined);
  assert.notDeepEqual(rowsOnly.overallCi, out.overallCi);
});

test('fairness --id: a missing id column or an empty id is exit 2 with one line naming the file and column', () => {
  const missing = runDpaudit(['fairness', '--predictions', good, '--sensitive', 'sex', '--id', 'pid']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /pred\.csv.*no id column "pid" \(columns: y_true, y_score, sex, age\)/);
  assert.equal(missing.stderr.trim().split('\n').length, 1);
  const f = writeFixture(dir, 'pred-empty-id.csv', 'pid,y_true,y_score,sex\na,1,0.9,F\n,0,0.2,M\n');
  const empty = runDpaudit(['fairness', '--predictions', f, '--sensitive', 'sex', '--id', 'pid']);
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /pred-empty-id\.csv:3.*empty id/);
  const clash = runDpaudit(['fairness', '--predictions', good, '--sensitive', 'sex', '--id', 'sex']);
  assert.equal(clash.code, 2);
  assert.match(clash.stderr, /option --id: "sex" is also the label, a prediction or a sensitive column/);
});
