import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateGate } from '../../../src/gate/evaluate.js';
import type { ResultsV1 } from '../../../src/results/types.js';
import { projectRoot } from '../../helpers/cli.js';
import { policyOf } from './fixture.js';

// The report fixture follows metrics/attack-summary exactly: auc is a number with its CI in the sibling
// `aucCi` {lower, upper}, and per-group vulnerability is groups[].cells[]. The gate must read both.
const results = JSON.parse(readFileSync(join(projectRoot, 'test/fixtures/results-v1.json'), 'utf8')) as ResultsV1;
const dp1 = results.arms.find((a) => a.arm === 'dp@1') as unknown as {
  attacks: {
    attack: string;
    auc: number;
    aucCi: { lower: number; upper: number };
    groups: { cells: { values: Record<string, string>; auc?: number }[] }[];
  }[];
};
const first = dp1.attacks[0];

test('attack AUC upper CI bound comes from aucCi of the attack summary', () => {
  const select = { metric: 'attack.auc', arm: 'dp@1', attack: first.attack, statistic: 'ciHigh' };
  const below = evaluateGate(results, policyOf([{ id: 'ci', select, comparator: '<=', threshold: first.aucCi.upper + 1e-6 }]));
  assert.equal(below.checks.find((c) => c.id === 'ci')?.status, 'PASS');
  const above = evaluateGate(results, policyOf([{ id: 'ci', select, comparator: '<=', threshold: first.aucCi.upper - 1e-6 }]));
  assert.equal(above.checks.find((c) => c.id === 'ci')?.status, 'FAIL');
});

test('per-group attack AUC is read from the cells of each grouping', () => {
  const cell = first.groups[0].cells.find((c) => typeof c.auc === 'number') as { values: Record<string, string>; auc: number };
  const [k, v] = Object.entries(cell.values)[0];
  const select = { metric: 'attack.auc', arm: 'dp@1', attack: first.attack, group: { [k]: v } };
  const r = evaluateGate(results, policyOf([{ id: 'g', select, comparator: '<=', threshold: cell.auc }]));
  const c = r.checks.find((x) => x.id === 'g');
  assert.equal(c?.status, 'PASS', JSON.stringify(c));
  assert.equal(c?.actual?.value, cell.auc);
});
