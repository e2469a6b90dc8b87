import { test } from 'node:test';
import assert from 'node:assert/strict';
import { siteSizes } from '../../../src/sweep/federation.js';
import { summariseSites } from '../../../src/data/sites.js';
import { patientUnits, recordUnits } from '../../../src/data/units.js';
import type { PreparedDataset } from '../../../src/data/types.js';
import type { SiteAssignment } from '../../../src/train/federated/types.js';

/**
 * A hand-built federation with repeated patient ids (k = 5). Per site: [patients, rows each, positive] in the
 * training pool, then in the test split.
 *   A: pool 4 patients × 8 rows (32 rows, but 4 patients: small), test 6 patients × 2 rows;
 *   B: pool 20 × 1, test 10 × 1;
 *   C: pool 15 × 1, test 8 × 1;
 *   D: pool 40 × 1 and 2 patients × 6 positive rows (12 positive rows, 2 positive patients), test 20 × 1.
 * Rows of a patient are all positive or all negative; every other patient alternates 1, 0, 1, …
 * By hand: A is hidden (4 pool patients < 5); A alone hidden, its pool count would be the pool total minus
 * the sites shown, so the smallest shown pool (C, 15 patients) is hidden too; in the test split A and C hold
 * 6 + 8 ≥ 5 patients over two sites, so nothing more. B and D have ≥ 5 patients of each class: rates shown.
 */
function handBuilt(ids: boolean) {
  const siteOfRow: number[] = [];
  const unit: number[] = [];
  const y: number[] = [];
  const train: number[] = [];
  const test: number[] = [];
  let patient = 0;
  let alt = 0;
  const add = (site: number, patients: number, rowsEach: number, into: number[], label?: number) => {
    for (let p = 0; p < patients; p++) {
      const lab = label ?? alt++ % 2;
      for (let r = 0; r < rowsEach; r++) {
        into.push(siteOfRow.length);
        siteOfRow.push(site);
        unit.push(patient);
        y.push(lab);
      }
      patient++;
    }
  };
  add(0, 4, 8, train);
  add(1, 20, 1, train);
  add(2, 15, 1, train);
  add(3, 40, 1, train);
  add(3, 2, 6, train, 1);
  add(0, 6, 2, test);
  add(1, 10, 1, test);
  add(2, 8, 1, test);
  add(3, 20, 1, test);
  const n = y.length;
  const ds = {
    y: Uint8Array.from(y),
    splits: { train: Int32Array.from(train), test: Int32Array.from(test), validation: new Int32Array(0) },
    units: ids ? patientUnits(Int32Array.from(unit)) : recordUnits(n),
    ids: ids ? { distinct: patient, repeated: true } : undefined,
  } as unknown as PreparedDataset;
  const sites: SiteAssignment = {
    source: { kind: 'column', column: 'hospital' },
    names: ['A', 'B', 'C', 'D'],
    siteOfRow: Int32Array.from(siteOfRow),
  };
  return { ds, sites, siteOfRow, y, train, test };
}

test('site sizes with repeated ids: suppression counts patients, with complementary suppression over the sites', () => {
  const { ds, sites, siteOfRow, y, train, test: testRows } = handBuilt(true);
  const sizes = siteSizes(sites, ds, 5, 10);
  // Hand-computed above: A (4 pool patients in 32 rows) and, complementary, C.
  assert.deepEqual(
    sizes.map((s) => s.suppressed),
    [true, false, true, false],
  );
  // Hidden sites carry no counts at all.
  for (const s of sizes.filter((x) => x.suppressed)) assert.deepEqual(Object.keys(s).sort(), ['site', 'suppressed']);
  // Shown sites: row counts and the positive rate over rows, counted directly.
  for (const s of [1, 3]) {
    const e = sizes[s];
    assert.ok(!e.suppressed);
    assert.equal(e.train, train.filter((i) => siteOfRow[i] === s).length);
    assert.equal(e.test, testRows.filter((i) => siteOfRow[i] === s).length);
    const rows = [...train, ...testRows].filter((i) => siteOfRow[i] === s);
    assert.equal(e.positiveRate, rows.reduce((a, i) => a + y[i], 0) / rows.length);
  }
  // The same rule as `inspect --sites` (all rows, and the pool beside): A's 10 patients are shown there, its
  // pool of 4 patients is not.
  const a = summariseSites(sites, ds, 5)[0];
  assert.ok(!('suppressed' in a));
  assert.equal(a.rows, 44);
  assert.equal(a.trainRows, null);
});

test('site sizes without ids: rows are the unit, so the 32-row site is shown', () => {
  const { ds, sites } = handBuilt(false);
  assert.deepEqual(
    siteSizes(sites, ds, 5, 10).map((s) => s.suppressed),
    [false, false, false, false],
  );
});

test('site positive rate with repeated ids: hidden when a class has fewer than k patients, however many rows', () => {
  // One site: 30 negative patients and 2 positive patients of 6 rows each (12 positive rows, 2 patients).
  const siteOfRow: number[] = [];
  const unit: number[] = [];
  const y: number[] = [];
  for (let p = 0; p < 30; p++) {
    siteOfRow.push(0);
    unit.push(p);
    y.push(0);
  }
  for (let p = 30; p < 32; p++)
    for (let r = 0; r < 6; r++) {
      siteOfRow.push(0);
      unit.push(p);
      y.push(1);
    }
  const all = Int32Array.from(y, (_, i) => i);
  const sites: SiteAssignment = { source: { kind: 'column', column: 'hospital' }, names: ['A'], siteOfRow: Int32Array.from(siteOfRow) };
  const mk = (ids: boolean) =>
    ({
      y: Uint8Array.from(y),
      splits: { train: all, test: new Int32Array(0), validation: new Int32Array(0) },
      units: ids ? patientUnits(Int32Array.from(unit)) : recordUnits(y.length),
    }) as unknown as PreparedDataset;
  const [withIds] = siteSizes(sites, mk(true), 5, 10);
  assert.ok(!withIds.suppressed);
  assert.equal(withIds.positiveRate, null);
  // Counted in rows (no ids), the 12 positive rows are not a small cell: 12 / 42.
  const [rows] = siteSizes(sites, mk(false), 5, 10);
  assert.ok(!rows.suppressed);
  assert.equal(rows.positiveRate, 12 / 42);
});
