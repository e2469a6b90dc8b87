/**
 * Integration checks on the real datasets of ../shared/datasets (run by `npm run test:shared`, which
 * .ci/run calls when that folder exists). Not part of `npm test`: core tests must not need ../shared.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot, runDpaudit } from '../helpers/cli.js';

const datasets = join(projectRoot, '..', 'shared', 'datasets');
assert.ok(existsSync(datasets), `../shared/datasets is required here (${datasets})`);

test('NHANES: 745 missing labels dropped and quoted agecat levels read correctly', () => {
  const r = runDpaudit([
    'inspect',
    '--data',
    join(datasets, 'nhanes2009_hichol.csv'),
    '--label',
    'HI_CHOL',
    '--sensitive',
    'race,RIAGENDR',
    '--json',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as {
    rows: { inFile: number; droppedMissingLabel: number };
    columns: { name: string; levels?: { value: string }[] }[];
  };
  assert.deepEqual([j.rows.inFile, j.rows.droppedMissingLabel], [8591, 745]);
  assert.deepEqual(
    j.columns.find((c) => c.name === 'agecat')?.levels?.map((l) => l.value),
    ['(0,19]', '(19,39]', '(39,59]', '(59,Inf]'],
  );
});

test('every shared dataset loads with its documented label and sensitive attributes', () => {
  const cases = [
    ['flchain.csv', 'death', 'sex', 7874],
    ['meps1996_health_insurance.csv', 'insured', 'ethnicity', 8802],
    ['nhis_smokeban.csv', 'is_smoker', 'race_eth', 10000],
    ['nhanes2009_hichol.csv', 'HI_CHOL', 'race', 8591],
  ] as const;
  for (const [file, label, sensitive, rows] of cases) {
    const r = runDpaudit(['inspect', '--data', join(datasets, file), '--label', label, '--sensitive', sensitive, '--json']);
    assert.equal(r.code, 0, `${file}: ${r.stderr}`);
    assert.equal((JSON.parse(r.stdout) as { rows: { inFile: number } }).rows.inFile, rows, file);
  }
});

test('non-DP logistic regression on meps reaches the reference AUC (0.754) within 0.03', () => {
  const r = runDpaudit([
    'train',
    '--data',
    join(datasets, 'meps1996_health_insurance.csv'),
    '--label',
    'insured',
    '--sensitive',
    'ethnicity',
    '--drop',
    'insurance,age_group',
    '--arm',
    'nondp',
    '--model',
    'logreg',
    '--json',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const auc = (JSON.parse(r.stdout) as { test: { auc: number } }).test.auc;
  assert.ok(Math.abs(auc - 0.754) < 0.03, `AUC ${auc}`);
});
