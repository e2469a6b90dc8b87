import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TopLevelSpec } from 'vega-lite';
import type { ResultsV1 } from '../../src/results/types.js';
import { compileSpec } from '../../reports/compile.js';
import { armScale } from '../../reports/colors.js';
import { attackEpsilonSpec, attackMetricRows } from '../../reports/specs/attack-epsilon.js';
import { calibrationSpec } from '../../reports/specs/calibration.js';
import { disparityRows, disparitySpec } from '../../reports/specs/disparity.js';
import { epsilonLbRows, epsilonLbSpec } from '../../reports/specs/epsilon-lb.js';
import { paretoRows, paretoSpec } from '../../reports/specs/pareto.js';
import { privacyUtilitySpec } from '../../reports/specs/privacy-utility.js';
import { rocRows, rocSpec } from '../../reports/specs/roc.js';
import { vulnerabilitySpec } from '../../reports/specs/vulnerability.js';
import { WHO_PAYS_METRICS, whoPaysRows, whoPaysSpec } from '../../reports/specs/who-pays.js';
import { fixture, renderSvg } from './fixture.js';

const BUILDERS: [string, (r: ResultsV1) => TopLevelSpec][] = [
  ['pareto', paretoSpec],
  ['privacy-utility', privacyUtilitySpec],
  ['disparity', disparitySpec],
  ['who-pays', whoPaysSpec],
  ['calibration', calibrationSpec],
  ['attack-epsilon', attackEpsilonSpec],
  ['roc', rocSpec],
  ['epsilon-lb', epsilonLbSpec],
  ['vulnerability', vulnerabilitySpec],
];

/** Data values of a Vega-Lite spec (top-level and layer-level inline data). */
function inlineValues(spec: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (s: unknown) => {
    if (typeof s !== 'object' || s === null) return;
    const o = s as Record<string, unknown>;
    const d = o.data as { values?: unknown } | undefined;
    if (d && Array.isArray(d.values)) out.push(...(d.values as Record<string, unknown>[]));
    for (const k of ['layer', 'spec', 'hconcat', 'vconcat', 'concat']) {
      const v = o[k];
      if (Array.isArray(v)) v.forEach(walk);
      else walk(v);
    }
  };
  walk(spec);
  return out;
}

for (const [name, build] of BUILDERS) {
  test(`spec ${name}: compiles with vega-lite without warnings and renders to SVG in Node`, async () => {
    const r = fixture();
    const vl = build(r);
    const { svg, compileWarnings, runtimeWarnings } = await renderSvg(vl);
    assert.deepEqual(compileWarnings, []);
    assert.deepEqual(runtimeWarnings, [], `${name}: Vega runtime warnings`);
    assert.match(svg, /^<svg/);
    assert.ok(svg.length > 5000, `${name}: SVG suspiciously small (${svg.length})`);
    // Marks were drawn from data: at least one path or symbol.
    assert.match(svg, /<path|<line/);
    const title = typeof vl.title === 'string' ? vl.title : (vl.title as { text: string }).text;
    assert.ok(svg.includes(title.slice(0, 20)), `${name}: title drawn`);
  });

  test(`spec ${name}: every number in its data is finite (no NaN/Infinity)`, () => {
    for (const row of inlineValues(build(fixture()))) {
      for (const [k, v] of Object.entries(row)) if (typeof v === 'number') assert.ok(Number.isFinite(v), `${name}.${k} = ${v}`);
    }
  });

  test(`spec ${name}: builds and compiles for results without attacks, fairness or calibration`, () => {
    const r = fixture();
    for (const a of r.arms) {
      a.attacks = [];
      a.fairness = null;
      a.whoPays = null;
      a.oneRun = null;
      a.calibration = [];
      a.overlay = null;
    }
    r.recommendation.pareto = [];
    assert.doesNotThrow(() => compileSpec(build(r)));
  });
}

test('unresolved TPR@FPR values are never plotted as numbers', () => {
  const r = fixture();
  const rows = attackMetricRows(r);
  const unresolved = rows.filter((x) => !x.resolved);
  assert.ok(unresolved.length > 0, 'the fixture has unresolved TPR@0.1 % values');
  for (const u of unresolved) {
    assert.equal(u.value, null);
    assert.match(u.metric, /0\.1 %/);
  }
  const plotted = inlineValues(attackEpsilonSpec(r));
  assert.ok(
    plotted.every((p) => typeof p.value === 'number'),
    'only numbers are plotted',
  );
  assert.ok(!plotted.some((p) => String(p.metric).includes('0.1 %')), 'no TPR@0.1 % point plotted');
  // Even if an upstream object carries a number next to resolved: false, it is dropped.
  const attacks = r.arms[0].attacks as { tprAtFpr: { fpr: number; tpr: number | null; resolved: boolean }[] }[];
  attacks[0].tprAtFpr[0].tpr = 0.5;
  assert.ok(!inlineValues(attackEpsilonSpec(r)).some((p) => p.arm === 'nondp' && String(p.metric).includes('0.1 %')));
});

test('arm colours are consistent: same arm → same colour in every spec that colours by arm', () => {
  const r = fixture();
  const scale = armScale(r.arms);
  assert.deepEqual([...scale.domain].sort(), r.arms.map((a) => a.arm).sort());
  assert.equal(new Set(scale.range).size, scale.range.length, 'distinct colours');
  for (const spec of [privacyUtilitySpec(r), paretoSpec(r), calibrationSpec(r), vulnerabilitySpec(r)]) {
    const json = JSON.stringify(spec);
    assert.ok(json.includes(JSON.stringify(scale.domain)) && json.includes(JSON.stringify(scale.range)));
  }
});

test('pareto rows mark exactly the recommended ε', () => {
  const rows = paretoRows(fixture());
  assert.deepEqual(
    rows.filter((x) => x.recommended).map((x) => x.arm),
    ['dp@8'],
  );
});

test('ε lower bounds: GDP bounds are shown but never counted as violations; exceeding the claim is', () => {
  const r = fixture();
  const rows = epsilonLbRows(r);
  assert.ok(rows.some((x) => x.assumesGdp && !x.violated));
  assert.ok(rows.some((x) => x.source === 'one-run (canaries)'));
  assert.ok(rows.every((x) => !x.violated));
  const dp1 = r.arms.find((a) => a.arm === 'dp@1');
  (dp1?.oneRun as { epsilonLb: number }).epsilonLb = 1.7;
  const bad = epsilonLbRows(r).filter((x) => x.violated);
  assert.deepEqual(
    bad.map((x) => [x.arm, x.source]),
    [['dp@1', 'one-run (canaries)']],
  );
  assert.ok(JSON.stringify(epsilonLbSpec(r)).includes('#d62728'), 'violations drawn in red');
});

test('who pays: harms from whoPays (with CIs, lo ≤ harm ≤ hi), suppressed groups left out, rings only where the CI is above 0', () => {
  const rows = whoPaysRows(fixture());
  assert.ok(rows.length > 0);
  assert.ok(rows.every((x) => x.lo !== null && x.hi !== null && x.lo <= x.harm + 1e-12 && x.harm <= x.hi + 1e-12));
  assert.ok(!rows.some((x) => x.group.includes('onerror') && x.attribute === 'sex'));
  assert.deepEqual([...new Set(rows.map((x) => x.metric))].sort(), WHO_PAYS_METRICS.map((m) => m.name).sort());
  for (const x of rows) assert.equal(x.significant, (x.lo as number) > 0);
  assert.ok(rows.some((x) => x.significant) && rows.some((x) => !x.significant));
});

test('who pays falls back to fairness-report differences when whoPays is missing', () => {
  const r = fixture();
  for (const a of r.arms) a.whoPays = null;
  const rows = whoPaysRows(r);
  assert.ok(rows.length > 0);
  assert.ok(rows.every((x) => x.lo === null && !x.significant));
});

test('disparities carry the bootstrap CIs from disparitiesCi; cliponly is not drawn', () => {
  const rows = disparityRows(fixture());
  assert.ok(rows.length > 0);
  assert.ok(rows.every((x) => x.lo !== null && x.hi !== null && x.lo <= x.value && x.value <= x.hi));
  assert.ok(!rows.some((x) => x.kind === 'cliponly'));
});

test('ROC rows: ≤ 200 points per attack and arm, theory bound only for DP arms', () => {
  const rows = rocRows(fixture());
  const counts = new Map<string, number>();
  for (const x of rows) counts.set(`${x.arm}/${x.series}`, (counts.get(`${x.arm}/${x.series}`) ?? 0) + 1);
  for (const n of counts.values()) assert.ok(n <= 200);
  const bounds = new Set(rows.filter((x) => x.series === 'DP bound (theory)').map((x) => x.arm));
  assert.deepEqual([...bounds].sort(), ['dp@1', 'dp@8']);
});
