import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDataset } from '../../../src/data/dataset.js';
import type { DatasetOptions } from '../../../src/data/types.js';
import { assignSites, dirichlet, parseSiteSource, siteCounts, summariseSites } from '../../../src/data/sites.js';
import { DpauditError } from '../../../src/errors.js';
import { Rng } from '../../../src/random/rng.js';
import { tempDir, writeFixture } from '../../helpers/tmp.js';
import { datasetOptions } from '../../helpers/dataset.js';

const dir = tempDir();

const base = (data: string, extra: Partial<DatasetOptions> = {}): DatasetOptions => datasetOptions(data, { minGroupSize: 30, ...extra });

/** 600 rows of 200 patients (3 visits each), a region column, y = 1 for a third of the patients (patient-level). */
const file = writeFixture(
  dir,
  'patients.csv',
  [
    'pid,region,x,y',
    ...Array.from({ length: 600 }, (_, i) => {
      const p = Math.floor(i / 3);
      return `${p},${['north', 'south', 'east'][p % 3]},${(i * 7) % 11},${p % 3 === 1 ? 1 : 0}`;
    }),
  ].join('\n') + '\n',
);

test('dirichlet partition: reproducible by seed, different for another seed, and patients stay together', () => {
  const ds = loadDataset(base(file, { id: 'pid' }));
  assert.equal(ds.units.kind, 'patient');
  const src = parseSiteSource('5', 'dirichlet:0.3');
  assert.deepEqual(src, { kind: 'split', k: 5, split: { kind: 'dirichlet', alpha: 0.3 } });
  const a = assignSites(ds, src, 7);
  const b = assignSites(ds, src, 7);
  const c = assignSites(ds, src, 8);
  assert.deepEqual(a.siteOfRow, b.siteOfRow);
  assert.notDeepEqual(a.siteOfRow, c.siteOfRow);
  assert.deepEqual(a.names, ['site-1', 'site-2', 'site-3', 'site-4', 'site-5']);
  // Every row of a patient is at the patient's site.
  const siteOfUnit = new Map<number, number>();
  for (let i = 0; i < ds.y.length; i++) {
    const u = ds.units.unitOfRow[i];
    const s = a.siteOfRow[i];
    assert.equal(siteOfUnit.get(u) ?? s, s, `patient ${u} split over sites`);
    siteOfUnit.set(u, s);
  }
  // Non-IID by label: with α = 0.3 the sites' positive rates differ far more than under iid.
  const rates = (sites: Int32Array) =>
    [0, 1, 2, 3, 4].map((s) => {
      let n = 0;
      let p = 0;
      for (let i = 0; i < ds.y.length; i++) {
        if (sites[i] !== s) continue;
        n++;
        p += ds.y[i];
      }
      return n ? p / n : Number.NaN;
    });
  const spread = (r: number[]) => Math.max(...r.filter(Number.isFinite)) - Math.min(...r.filter(Number.isFinite));
  const iid = assignSites(ds, parseSiteSource(5), 7);
  assert.ok(spread(rates(a.siteOfRow)) > 0.3, `dirichlet spread ${spread(rates(a.siteOfRow))}`);
  assert.ok(spread(rates(iid.siteOfRow)) < 0.1, `iid spread ${spread(rates(iid.siteOfRow))}`);
  // iid: site sizes (in patients) differ by at most one.
  const perSite = siteCounts(
    iid,
    Int32Array.from({ length: ds.y.length }, (_, i) => i),
    ds.units.unitOfRow,
  );
  assert.equal(
    perSite.reduce((x, y) => x + y, 0),
    200,
  );
  assert.ok(Math.max(...perSite) - Math.min(...perSite) <= 1, String(perSite));
});

test('dirichlet draws: mean 1/k and variance (1/k)(1 − 1/k)/(kα + 1) of every coordinate (closed form)', () => {
  const rng = new Rng(['dir-test']);
  for (const alpha of [0.2, 2]) {
    const k = 4;
    const n = 20000;
    let s = 0;
    let s2 = 0;
    for (let t = 0; t < n; t++) {
      const p = dirichlet(rng, alpha, k);
      assert.ok(Math.abs(p.reduce((x, y) => x + y, 0) - 1) < 1e-12);
      s += p[1];
      s2 += p[1] * p[1];
    }
    const mean = s / n;
    const v = s2 / n - mean * mean;
    const vExp = ((1 / k) * (1 - 1 / k)) / (k * alpha + 1);
    assert.ok(Math.abs(mean - 1 / k) < 4 * Math.sqrt(vExp / n), `α ${alpha}: mean ${mean}`);
    assert.ok(Math.abs(v / vExp - 1) < 0.06, `α ${alpha}: variance ${v} vs ${vExp}`);
  }
});

test('column sites: one site per value in level order; a patient with rows in several regions goes to the majority one', () => {
  const f = writeFixture(
    dir,
    'moves.csv',
    ['pid,region,y', '1,b,0', '1,a,1', '1,b,0', '2,a,1', '3,c,0', '3,c,1', '4,b,0'].join('\n') + '\n',
  );
  const ds = loadDataset(base(f, { id: 'pid', testFraction: 0.25, validationFraction: 0 }));
  const a = assignSites(ds, parseSiteSource('region'), 1);
  assert.deepEqual(a.names, ['a', 'b', 'c']);
  assert.deepEqual([...a.siteOfRow], [1, 1, 1, 0, 2, 2, 1]);
  assert.match((a.warnings ?? [])[0], /1 patient\(s\) have rows at several sites.*1 row\(s\) moved/);
});

test('site summaries: counts and rates, a small site suppressed, a rate hidden when a class count is small', () => {
  const ds = loadDataset(base(file));
  const a = assignSites(ds, parseSiteSource('region'), 1);
  const all = summariseSites(a, ds, 0);
  assert.deepEqual(
    all.map((s) => ('rows' in s ? [s.site, s.rows, s.positiveRate] : [s.site])),
    [
      ['east', 198, 0],
      ['north', 201, 0],
      ['south', 201, 1],
    ],
  );
  const t = all.reduce((x, s) => x + ('trainRows' in s ? (s.trainRows ?? 0) : 0), 0);
  assert.equal(t, ds.splits.train.length);
  const hidden = summariseSites(a, ds, 202);
  assert.ok(hidden.every((s) => 'suppressed' in s));
  // A site shown whose training rows fall below the threshold: its training count is hidden.
  const mid = summariseSites(a, ds, 150);
  assert.ok(mid.every((s) => 'rows' in s));
  const north = mid[1];
  const northTrain = ds.splits.train.filter((r) => a.siteOfRow[r] === 1).length;
  assert.ok(northTrain > 0 && northTrain < 150);
  assert.ok('rows' in north && north.rows === 201 && north.trainRows === null && north.positiveRate === 0);
});

test('site summaries: complementary suppression, so a small site is not the kept rows minus the shown ones', () => {
  const ds = loadDataset(base(file));
  const a = assignSites(ds, parseSiteSource('region'), 1);
  // east (198 rows) is below k = 199; north and south (201 each) are not. With both shown, east would be
  // 600 − 201 − 201: the smaller shown site (the first on a tie) is hidden with it.
  const mid = summariseSites(a, ds, 199);
  assert.deepEqual(
    mid.map((s) => ('rows' in s ? [s.site, s.rows] : [s.site, 'suppressed'])),
    [
      ['east', 'suppressed'],
      ['north', 'suppressed'],
      ['south', 201],
    ],
  );
  // A training count that alone is hidden would be the pool's size minus the others: a second one goes with it.
  const t = [0, 1, 2].map((s) => ds.splits.train.filter((r) => a.siteOfRow[r] === s).length);
  const k = Math.min(...t) + 1;
  assert.ok(t.filter((x) => x < k).length === 1 && Math.max(...t) >= k, `training counts ${t} fit the case`);
  const train = summariseSites(a, ds, k);
  assert.ok(train.every((s) => 'rows' in s));
  const hiddenTrain = train.map((s) => ('trainRows' in s && s.trainRows === null ? 1 : 0));
  assert.equal(
    hiddenTrain.reduce((x: number, y: number) => x + y, 0),
    2,
  );
});

test('site summaries: with repeated ids a site is suppressed by its patients, not its rows', () => {
  const ds = loadDataset(base(file, { id: 'pid' }));
  const a = assignSites(ds, parseSiteSource('region'), 1);
  // Every site has ≥ 198 rows but only 66–67 patients (3 rows each): below k = 100 in the privacy unit.
  assert.ok(summariseSites(a, ds, 100).every((s) => 'suppressed' in s));
  const shown = summariseSites(a, ds, 60);
  assert.deepEqual(
    shown.map((s) => ('rows' in s ? s.rows : null)),
    [0, 1, 2].map((s) => ds.y.filter((_, i) => a.siteOfRow[i] === s).length),
  );
});

test('parseSiteSource: bad values are DpauditErrors naming the option', () => {
  const opt = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      assert.ok(e instanceof DpauditError);
      return e.location?.option;
    }
    assert.fail('no error');
  };
  assert.equal(
    opt(() => parseSiteSource('1')),
    'sites',
  );
  assert.equal(
    opt(() => parseSiteSource('65')),
    'sites',
  );
  assert.equal(
    opt(() => parseSiteSource('4', 'dirichlet:0')),
    'site-split',
  );
  assert.equal(
    opt(() => parseSiteSource('4', 'dirichlet:abc')),
    'site-split',
  );
  assert.equal(
    opt(() => parseSiteSource('region', 'iid')),
    'site-split',
  );
  const ds = loadDataset(base(file));
  assert.equal(
    opt(() => assignSites(ds, parseSiteSource('regio'), 1)),
    'sites',
  );
  assert.equal(
    opt(() => assignSites(ds, parseSiteSource('y'), 1)),
    'sites',
  );
});
