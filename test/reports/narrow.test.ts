import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TopLevelSpec } from 'vega-lite';
import { narrowSpec, PANEL, wrapText } from '../../reports/narrow.js';
import { buildCharts } from '../../reports/charts.js';
import { compileSpec } from '../../reports/compile.js';
import { fixture } from './fixture.js';
import { vulnerabilitySpec } from '../../reports/specs/vulnerability.js';

test('wrapText: greedy lines of at most the width, words kept whole, nothing lost', () => {
  const text = 'grey band: FPR below 10 / n_out, too few non-members to resolve';
  const lines = wrapText(text, 20);
  assert.deepEqual(lines, ['grey band: FPR below', '10 / n_out, too few', 'non-members to', 'resolve']);
  assert.equal(lines.join(' '), text);
  assert.deepEqual(wrapText('supercalifragilistic word', 5), ['supercalifragilistic', 'word']);
});

test('narrowSpec: wrapped facets one per line, panels at most PANEL px, legend below, titles wrapped; wide spec untouched', () => {
  const spec = {
    title: { text: 'A title that is much longer than thirty-eight characters', subtitle: 'short' },
    data: { values: [{ m: 'a', v: 1 }] },
    facet: { field: 'm', type: 'nominal' },
    columns: 4,
    spec: { width: 400, mark: 'point', encoding: { x: { field: 'm', type: 'nominal' }, y: { field: 'v', type: 'quantitative' } } },
  } as unknown as TopLevelSpec;
  const before = JSON.stringify(spec);
  const n = narrowSpec(spec) as unknown as {
    columns: number;
    spec: { width: number; encoding: { x: { axis: { labelAngle: number } } } };
    config: { legend: { orient: string } };
    title: { text: string[] };
  };
  assert.equal(JSON.stringify(spec), before, 'input not modified');
  assert.equal(n.columns, 1);
  assert.equal(n.spec.width, PANEL);
  assert.equal(n.config.legend.orient, 'bottom');
  assert.ok(Array.isArray(n.title.text) && n.title.text.length === 2);
  assert.equal(n.spec.encoding.x.axis.labelAngle, -40);
  // A single narrow panel needs no phone layout.
  assert.equal(narrowSpec({ width: 200, mark: 'point', data: { values: [] } } as unknown as TopLevelSpec), null);
});

test('narrowSpec: a row × column grid becomes one panel per pair, in the grid order, with the pair label on the rows', () => {
  const spec = {
    data: {
      values: [
        { r: 'x', c: 'p', v: 1 },
        { r: 'y', c: 'q', v: 2 },
      ],
    },
    facet: { row: { field: 'r', type: 'nominal', sort: ['y', 'x'] }, column: { field: 'c', type: 'nominal', sort: ['p', 'q'] } },
    spec: { width: 300, mark: 'point', encoding: { y: { field: 'v', type: 'quantitative' } } },
  } as unknown as TopLevelSpec;
  const n = narrowSpec(spec) as unknown as {
    facet: { field: string; sort: string[] };
    data: { values: Record<string, string>[] };
    columns: number;
  };
  assert.equal(n.facet.field, '__panel');
  assert.deepEqual(n.facet.sort, ['y · p', 'y · q', 'x · p', 'x · q']);
  assert.deepEqual(
    n.data.values.map((r) => r.__panel),
    ['x · p', 'y · q'],
  );
  assert.equal(n.columns, 1);
});

test('every chart of the report has a phone layout that compiles without warnings', () => {
  for (const c of Object.values(buildCharts(fixture()))) {
    if (!c) continue;
    const n = narrowSpec(c.spec);
    assert.ok(n, `${c.id} has a phone layout`);
    assert.deepEqual(compileSpec(n).warnings, [], `${c.id} compiles cleanly`);
  }
});

test('narrowSpec: a step-width chart (the federated leakage chart) gets a phone layout of at most PANEL px', () => {
  const spec = {
    data: { values: [{ a: 'x', v: 1 }] },
    width: { step: 36 },
    layer: [{ mark: 'point', encoding: { x: { field: 'a', type: 'nominal' }, y: { field: 'v', type: 'quantitative' } } }],
  } as unknown as TopLevelSpec;
  const n = narrowSpec(spec) as unknown as { width: number; layer: { encoding: { x: { axis: { labelAngle: number } } } }[] } | null;
  assert.ok(n, 'a phone layout');
  assert.equal(n.width, PANEL);
  assert.equal(n.layer[0].encoding.x.axis.labelAngle, -40);
  assert.deepEqual(compileSpec(n as unknown as TopLevelSpec).warnings, []);
});

/** The fixture's first `arms` arms, each attack with one more group of two parts ("sex = F, site = north"). */
function withTwoPartGroup(arms: number) {
  const r = fixture();
  r.arms = r.arms.slice(0, arms);
  for (const a of r.arms)
    for (const raw of a.attacks ?? [])
      raw.groups.push({
        attributes: ['sex', 'site'],
        cells: [
          { values: { sex: 'F', site: 'north' }, suppressed: false, n: 300, nIn: 500, nOut: 500, small: false, auc: 0.52, tprAtFpr: [] },
        ],
      } as unknown as (typeof raw.groups)[number]);
  return r;
}

test('phone layout: a y band drawn per arm grows to hold its longest group label on one line per part (13 px a line)', () => {
  const stepOf = (spec: unknown) => (spec as { spec: { height: { step: number } } }).spec.height.step;
  // Three arms, labels of two parts: 2 × 13 px over 3 arms needs a step of ⌈26 / 3⌉ = 9 px per arm (wide: 7).
  const wide = vulnerabilitySpec(withTwoPartGroup(3));
  assert.equal(stepOf(wide), 7);
  assert.equal(stepOf(narrowSpec(wide)), Math.ceil((13 * 2) / 3));
  // Four arms: ⌈26 / 4⌉ = 7, no growth.
  assert.equal(stepOf(narrowSpec(vulnerabilitySpec(withTwoPartGroup(4)))), 7);
  // Only one-part labels: no growth either.
  assert.equal(stepOf(narrowSpec(vulnerabilitySpec(fixture()))), 7);
});
