import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileSpec } from '../../reports/compile.js';
import { headlineRows } from '../../reports/sections/summary.js';
import { paretoChart, paretoRows, paretoSpec } from '../../reports/specs/pareto.js';
import type { ResultsV1 } from '../../src/results/types.js';
import { fixture, renderSvg } from './fixture.js';

type RawGrouping = {
  attributes: string[];
  disparities: Record<string, Record<string, number | null>>;
  disparitiesCi?: Record<string, Record<string, { lower: number; upper: number } | null>>;
};
const groupings = (arm: ResultsV1['arms'][number]) => (arm.fairness as unknown as { groupings: RawGrouping[] }).groupings;

/** Independent: an arm's largest between-group value of one measure and its CI, from the raw fairness report. */
function largest(arm: ResultsV1['arms'][number], measure: string) {
  let best: { value: number; lo: number | null; hi: number | null; grouping: string } | null = null;
  for (const g of groupings(arm)) {
    const scope = g.disparities.betweenGroupsExcludingSmall ? 'betweenGroupsExcludingSmall' : 'betweenGroups';
    const v = g.disparities[scope][measure];
    if (v === null || v === undefined || (best !== null && v <= best.value)) continue;
    const ci = g.disparitiesCi?.[scope]?.[measure] ?? null;
    best = { value: v, lo: ci?.lower ?? null, hi: ci?.upper ?? null, grouping: g.attributes.join(' × ') };
  }
  return best;
}

/** The fixture with arms whose own largest disparity is of different measures (as recommend.ts may record). */
function mixed(nondpMeasure: string): ResultsV1 {
  const r = fixture();
  r.recommendation.absoluteDisparity = r.arms.map((a, i) => ({
    arm: a.arm,
    epsilon: a.epsilon,
    measure: a.kind === 'nondp' ? nondpMeasure : i % 2 === 0 ? 'equalizedOddsDifference' : 'equalOpportunityDifference',
    grouping: 'sex',
    value: 0.1 * (i + 1),
    ci: null,
  }));
  return r;
}

type Layer = {
  transform?: { filter: string }[];
  mark: { type: string; shape?: string };
  encoding: { x?: { field: string; title?: string; scale?: { domain?: number[] } }; text?: { value: string } };
};
type Spec = { layer: Layer[]; title: { subtitle: string[] } };

for (const [measure, words] of [
  ['equalizedOddsDifference', 'equalized-odds difference'],
  ['equalOpportunityDifference', 'sensitivity gap'],
] as const) {
  test(`utility vs disparity: one measure (${words}, the non-DP arm's) for every arm, with its own CI, whatever measure each arm's largest is`, () => {
    const r = mixed(measure);
    const rows = paretoRows(r);
    assert.equal(rows.length, r.arms.length);
    const nondp = r.arms.find((a) => a.kind === 'nondp')!;
    const base = largest(nondp, measure)!;
    for (const row of rows) {
      assert.equal(row.measure, measure, row.arm);
      const want = largest(r.arms.find((a) => a.arm === row.arm)!, measure)!;
      assert.equal(row.disparity, want.value, row.arm);
      assert.equal(row.dispLo, want.lo, row.arm);
      assert.equal(row.dispHi, want.hi, row.arm);
      assert.equal(row.grouping, want.grouping, row.arm);
      if (row.arm === nondp.arm) assert.equal(row.increase, null);
      else assert.ok(Math.abs((row.increase as number) - (want.value - base.value)) < 1e-12, row.arm);
      // The rule's increase (what the recommendation bounds) is kept apart, from recommendation.pareto.
      assert.equal(row.ruleIncrease, r.recommendation.pareto.find((p) => p.arm === row.arm)?.disparity);
    }
    // The chart and the headline table show the same number for every arm.
    const h = headlineRows(r);
    const col = h.columns.findIndex((c) => c.startsWith('Largest disparity'));
    for (const row of rows) {
      const cell = h.rows.find((x) => x.arm === row.arm)!.cells[col];
      assert.ok(cell.startsWith(row.disparity.toFixed(3)), `${row.arm}: ${cell} vs ${row.disparity}`);
    }
    // Every layer plots the same field, and the axis title names the measure.
    const spec = paretoSpec(r) as unknown as Spec;
    const xs = spec.layer.map((l) => l.encoding.x).filter((x): x is NonNullable<typeof x> => x !== undefined);
    assert.ok(xs.every((x) => x.field === 'disparity' || x.field === 'dispLo'));
    assert.ok(
      xs.some((x) => x.title?.includes(words)),
      xs.map((x) => x.title).join(),
    );
    assert.ok(spec.title.subtitle.some((t) => t.includes(`the ${words} in every arm`)));
    const chart = paretoChart(r)!;
    assert.ok(chart.table.columns.some((c) => c === `Largest ${words} (absolute) [95 % CI]`));
    assert.deepEqual(compileSpec(paretoSpec(r)).warnings, []);
  });
}

/** Every disparity of `measure` set to `v` in every arm, grouping and scope, with a zero-width CI. */
function flat(measure: string, v: number): ResultsV1 {
  const r = fixture();
  for (const a of r.arms)
    for (const g of groupings(a)) {
      for (const d of Object.values(g.disparities)) d[measure] = v;
      for (const c of Object.values(g.disparitiesCi ?? {})) if (c) c[measure] = { lower: v, upper: v };
    }
  return r;
}

test('utility vs disparity: the same value in every arm stays on its measure (one vertical line, said), and draws without warnings', async () => {
  const r = flat('equalizedOddsDifference', 1);
  const rows = paretoRows(r);
  assert.ok(rows.every((x) => x.measure === 'equalizedOddsDifference' && x.disparity === 1));
  const spec = paretoSpec(r) as unknown as Spec;
  assert.ok(spec.title.subtitle.some((t) => t.includes('the equalized-odds difference is 1.000 in every arm')));
  const point = spec.layer.find((l) => l.mark.type === 'point' && l.encoding.x?.field === 'disparity');
  assert.deepEqual(point?.encoding.x?.scale?.domain, [0.9, 1]);
  const { compileWarnings: warnings, runtimeWarnings: seen } = await renderSvg(paretoSpec(r));
  assert.deepEqual(warnings, []);
  assert.deepEqual(seen, []);
});

test('utility vs disparity: a degenerate arm is drawn as a labelled cross, never as a filled point', async () => {
  const r = fixture();
  const a = r.arms.find((x) => x.arm === 'dp@1')!;
  (a.fairness as unknown as { overall: Record<string, number | null> }).overall.selectionRate = 1;
  const rows = paretoRows(r);
  assert.deepEqual(
    rows.filter((x) => x.degenerate !== null).map((x) => x.arm),
    ['dp@1'],
  );
  const spec = paretoSpec(r) as unknown as Spec;
  const isValid = (v: unknown) => v !== null && v !== undefined && !(typeof v === 'number' && Number.isNaN(v));
  const drawn = (l: Layer) =>
    rows.filter((row) => (l.transform ?? []).every((t) => new Function('datum', 'isValid', `return (${t.filter});`)(row, isValid)));
  const filled = spec.layer.filter((l) => l.mark.type === 'point' && !l.mark.shape && l.encoding.x?.field === 'disparity');
  const crosses = spec.layer.filter((l) => l.mark.shape === 'cross');
  const labels = spec.layer.filter((l) => l.mark.type === 'text' && l.encoding.text?.value === 'degenerate');
  assert.ok(filled.length > 0 && crosses.length === 1 && labels.length === 1);
  for (const l of filled.filter((x) => (x as { mark: { filled?: boolean } }).mark.filled))
    assert.ok(!drawn(l).some((x) => x.arm === 'dp@1'), 'no filled point for the degenerate arm');
  assert.deepEqual(
    drawn(crosses[0]).map((x) => x.arm),
    ['dp@1'],
  );
  assert.deepEqual(
    drawn(labels[0]).map((x) => x.arm),
    ['dp@1'],
  );
  const { svg } = await renderSvg(paretoSpec(r));
  assert.ok(svg.includes('>degenerate<'));
});
