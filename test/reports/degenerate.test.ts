import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileSpec } from '../../reports/compile.js';
import { fmtCiOrDegenerate } from '../../reports/format.js';
import { degenerateReason } from '../../reports/read/degenerate.js';
import { buildSummary, headlineRows } from '../../reports/sections/summary.js';
import { paretoChart, paretoSpec } from '../../reports/specs/pareto.js';
import type { ResultsV1 } from '../../src/results/types.js';
import { fixture } from './fixture.js';

/** dp@1 of the fixture made to predict every test row positive (TPR = FPR = 1) with AUC below 0.5. */
function allPositive(): ResultsV1 {
  const r = fixture();
  const a = r.arms.find((x) => x.arm === 'dp@1')!;
  const o = (a.fairness as unknown as { overall: Record<string, number | null> }).overall;
  o.selectionRate = 1;
  o.tpr = 1;
  o.fpr = 1;
  a.utility.auc = { ...a.utility.auc, value: 0.47 };
  return r;
}

test('degenerate model: one class predicted or AUC ≤ 0.5 is named; a working model is not', () => {
  const r = fixture();
  for (const a of r.arms) assert.equal(degenerateReason(a), null, a.arm);
  const bad = allPositive().arms.find((x) => x.arm === 'dp@1')!;
  assert.equal(degenerateReason(bad), 'predicts every test patient positive; test AUC 0.470 ≤ 0.5 (no better than chance)');
});

test('degenerate model: flagged in the summary lead, the headline row and the utility-vs-disparity chart', () => {
  const r = allPositive();
  const s = buildSummary(r);
  assert.ok(
    s.lead.some((l) => /^Degenerate release model: dp@1 predicts every test patient positive.*not fairness/.test(l)),
    s.lead.join('\n'),
  );
  const row = headlineRows(r).rows.find((x) => x.arm === 'dp@1')!;
  assert.match(row.cells[0], /^dp@1 \(DEGENERATE: predicts every test patient positive/);
  assert.ok(row.cells.some((c) => c.includes('not fairness')));
  // The other arms are not flagged.
  for (const x of headlineRows(r).rows.filter((x) => x.arm !== 'dp@1')) assert.ok(!x.cells[0].includes('DEGENERATE'));
  const spec = paretoSpec(r) as unknown as { layer: { mark: { shape?: string } }[]; title: { subtitle: string[] } };
  assert.ok(spec.layer.some((l) => l.mark.shape === 'cross'));
  assert.ok(spec.title.subtitle.some((t) => t.includes('degenerate model (dp@1)')));
  assert.ok(paretoChart(r)!.table.rows.some((x) => x[0].startsWith('dp@1 (DEGENERATE')));
  const plain = paretoSpec(fixture()) as unknown as { layer: { mark: { shape?: string } }[] };
  assert.ok(!plain.layer.some((l) => l.mark.shape === 'cross'));
});

test('a zero-width interval is labelled degenerate, not shown as certainty', () => {
  assert.equal(fmtCiOrDegenerate({ lo: 1, hi: 1 }), '[degenerate: every resample 1.000]');
  assert.equal(fmtCiOrDegenerate({ lo: 0.2, hi: 0.3 }), '[0.200, 0.300]');
  assert.equal(fmtCiOrDegenerate(null), '');
});

test('the utility-vs-disparity chart with a degenerate arm compiles without warnings', () => {
  assert.deepEqual(compileSpec(paretoSpec(allPositive())).warnings, []);
});
