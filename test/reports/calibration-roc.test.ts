import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileSpec } from '../../reports/compile.js';
import { calibrationRows, calibrationSpec, OVERALL_GROUP } from '../../reports/specs/calibration.js';
import { rocSpec } from '../../reports/specs/roc.js';
import { fixture } from './fixture.js';

type Facetted = {
  facet: { sort: string[] };
  resolve?: { axis?: { x?: string } };
  spec: { layer: { encoding?: { x?: { title?: unknown }; color?: { legend?: { values: string[] } } } }[] };
};

test('calibration chart: the overall panel has a title and comes first, the legend lists only drawn arms, one x axis per panel', () => {
  const r = fixture();
  const rows = calibrationRows(r);
  assert.ok(
    rows.every((x) => x.group !== ''),
    'no blank panel title',
  );
  const s = calibrationSpec(r) as unknown as Facetted;
  if (rows.some((x) => x.group === OVERALL_GROUP)) assert.equal(s.facet.sort[0], OVERALL_GROUP);
  const drawn = [...new Set(rows.map((x) => x.arm))];
  const legend = s.spec.layer.find((l) => l.encoding?.color)?.encoding?.color?.legend?.values ?? [];
  assert.deepEqual([...legend].sort(), drawn.sort());
  assert.ok(!legend.includes('cliponly'));
  assert.equal(s.resolve?.axis?.x, 'independent');
  assert.ok(Array.isArray(s.spec.layer.find((l) => l.encoding?.color)?.encoding?.x?.title), 'x title on two lines');
  assert.deepEqual(compileSpec(calibrationSpec(r)).warnings, []);
});

test('ROC chart: one x axis per panel (no stray axis under an empty cell)', () => {
  const s = rocSpec(fixture()) as unknown as Facetted;
  assert.equal(s.resolve?.axis?.x, 'independent');
  assert.deepEqual(compileSpec(rocSpec(fixture())).warnings, []);
});
