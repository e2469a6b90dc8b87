import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeFairness } from '../../../metrics/fairness/report.js';
import { computeFairnessDeltas } from '../../../metrics/fairness/deltas.js';
import type { GroupEntry } from '../../../metrics/fairness/types.js';
import { attribute } from './fixture.js';

/**
 * Site A: 30 patients of 2 rows (60 rows). Site B: 3 patients of 14 rows each (42 rows) — many rows, few
 * patients. Sex alternates by patient; one site-A patient changes sex label between rows (counted in both).
 */
function fixture() {
  const site: string[] = [];
  const sex: string[] = [];
  const ids: number[] = [];
  const y: number[] = [];
  let row = 0;
  const add = (pid: number, s: string, x: string) => {
    ids.push(pid);
    site.push(s);
    sex.push(x);
    y.push(row++ % 3 === 0 ? 1 : 0);
  };
  for (let p = 0; p < 30; p++) for (let r = 0; r < 2; r++) add(p, 'A', p === 0 ? (r ? 'M' : 'F') : p % 2 ? 'M' : 'F');
  for (let p = 30; p < 33; p++) for (let r = 0; r < 14; r++) add(p, 'B', p % 2 ? 'M' : 'F');
  const yTrue = Uint8Array.from(y);
  const input = {
    yTrue,
    yPred: Uint8Array.from(y, (v, i) => (i % 5 === 0 ? 1 - v : v)),
    yScore: Float64Array.from(y, (v, i) => (v ? 0.7 : 0.3) + (i % 7) * 0.01),
    groups: [attribute('site', site, ['A', 'B']), attribute('sex', sex, ['F', 'M'])],
  };
  return { input, ids, site, sex };
}

/** Naive distinct patients of the rows whose attributes match. */
function patientsWhere(fx: ReturnType<typeof fixture>, pred: (i: number) => boolean): number {
  return new Set(fx.ids.filter((_, i) => pred(i))).size;
}

test('fairness cells carry rows and distinct patients; with patient ids a cell of 3 patients and 42 rows is suppressed', () => {
  const fx = fixture();
  const base = { bootstrap: 0, suppressBelow: 11, minGroupSize: 0 };
  const rows = computeFairness(fx.input, base);
  const pats = computeFairness(fx.input, { ...base, patients: fx.ids });
  // by rows site B (42 rows) is shown; by patients (3) it is hidden
  const siteRows = rows.groupings[0].groups;
  assert.ok(!('suppressed' in siteRows[1]) && siteRows[1].metrics.count === 42);
  assert.equal(siteRows[1].patients, undefined, 'no patient counts without patient ids');
  const sitePats = pats.groupings[0].groups;
  assert.ok('suppressed' in sitePats[1], 'site B: 3 patients < 11');
  // complementary suppression then hides site A too (overall − A would give B back)
  assert.ok('suppressed' in sitePats[0]);
  // sex cells: rows and distinct patients, checked against a naive count (patient 0 counts in F and in M)
  for (const g of pats.groupings[1].groups) {
    assert.ok(!('suppressed' in g));
    const e = g as GroupEntry;
    const want = patientsWhere(fx, (i) => fx.sex[i] === e.values.sex);
    assert.equal(e.patients, want, `patients of sex ${e.values.sex}`);
    assert.equal(e.metrics.count, fx.sex.filter((s) => s === e.values.sex).length);
  }
  const pf = (pats.groupings[1].groups[0] as GroupEntry).patients ?? 0;
  const pm = (pats.groupings[1].groups[1] as GroupEntry).patients ?? 0;
  assert.equal(pf + pm, 34, '33 patients, one counted in both sex cells');
  // intersection: B×F has 1 patient / 28 rows (hidden); A×F 15 patients / 30 rows (shown with both counts)
  const inter = pats.groupings[2].groups;
  const bf = inter.find((g) => g.values.site === 'B' && g.values.sex === 'F');
  assert.ok(bf && 'suppressed' in bf);
  assert.ok(pats.notes.some((n) => /distinct patients/.test(n)));
  // who pays: the same rule
  const d = computeFairnessDeltas(fx.input.yTrue, fx.input, { ...fx.input, yPred: fx.input.yTrue }, fx.input.groups, {
    ...base,
    patients: fx.ids,
  });
  assert.ok('suppressed' in d.groupings[0].groups[1]);
  const dF = d.groupings[1].groups[0];
  assert.ok(!('suppressed' in dF) && dF.patients === pf);
});

test('patient counts do not hide a cell with enough patients', () => {
  const fx = fixture();
  const r = computeFairness(fx.input, { bootstrap: 0, suppressBelow: 3, minGroupSize: 0, patients: fx.ids });
  const b = r.groupings[0].groups[1];
  assert.ok(!('suppressed' in b));
  assert.equal(b.patients, 3);
  assert.equal(b.metrics.count, 42);
});
