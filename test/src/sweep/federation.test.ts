import { test } from 'node:test';
import assert from 'node:assert/strict';
import { federationSection, hiddenSites, siteGroup, siteSizes, sitesOf } from '../../../src/sweep/federation.js';
import { fairnessOptions } from '../../../src/sweep/arm-fairness.js';
import { computeFairness } from '../../../metrics/fairness/index.js';
import type { GroupEntry } from '../../../metrics/fairness/types.js';
import { federationSchema } from '../../../src/results/schema.js';
import { validateResults } from '../../../src/results/read.js';
import { deserialize, serialize } from '../../../src/sweep/cache.js';
import type { ModelsJobOutput } from '../../../src/sweep/job.js';
import type { FederationResults } from '../../../src/results/types.js';
import { fixture } from '../../reports/fixture.js';
import { AUDIT_SITE, federationInput, M, OPTS, POOL_PER_SITE, SITE_NAMES, TEST_PER_SITE } from './federation-fixture.js';

const input = federationInput();
const section = federationSection(input) as FederationResults;

/** Mann–Whitney AUC with ties ½, the naive O(n²) way. */
function naiveAuc(score: number[], y: number[]): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < y.length; i++)
    for (let j = 0; j < y.length; j++)
      if (y[i] === 1 && y[j] === 0) {
        s += score[i] > score[j] ? 1 : score[i] === score[j] ? 0.5 : 0;
        c++;
      }
  return s / c;
}

/** Per-site AUC, accuracy, TPR, FPR of an arm's release model at threshold ½ (logit ≥ 0), computed directly. */
function naiveSiteMetrics(arm: string, site: number) {
  const out = input.outputs.get(`s0/${arm}/models`) as ModelsJobOutput;
  const rows = [...input.ds.splits.test.keys()].filter((k) => input.sites.siteOfRow[input.ds.splits.test[k]] === site);
  const y = rows.map((k) => input.ds.y[input.ds.splits.test[k]]);
  const logit = rows.map((k) => out.release.testLogits[k]);
  const pred = logit.map((l) => (1 / (1 + Math.exp(-l)) >= 0.5 ? 1 : 0));
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  pred.forEach((p, i) => {
    if (p && y[i]) tp++;
    else if (p) fp++;
    else if (y[i]) fn++;
    else tn++;
  });
  return { n: rows.length, auc: naiveAuc(logit, y), accuracy: (tp + tn) / rows.length, tpr: tp / (tp + fn), fpr: fp / (fp + tn) };
}

/** The section as parsed JSON, for writing malformed copies. */
type MutableSection = { sites: Record<string, unknown>[]; arms: Record<string, unknown>[]; config: Record<string, unknown> };

const close = (a: number | null | undefined, b: number, tol = 1e-9) => assert.ok(a != null && Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('hidden sites: below the threshold, plus the smallest visible one while a hidden count could be recovered from the totals', () => {
  assert.deepEqual(
    hiddenSites(
      [
        [60, 45],
        [50, 40],
        [40, 30],
        [6, 5],
      ],
      11,
    ),
    [false, false, true, true],
  );
  assert.deepEqual(hiddenSites([[5], [100], [200]], 11), [true, true, false]);
  // Two hidden sites holding fewer than k rows together: a third is hidden.
  assert.deepEqual(hiddenSites([[3], [4], [50], [60]], 11), [true, true, true, false]);
  assert.deepEqual(hiddenSites([[5], [100]], 0), [false, false]);
  assert.deepEqual(hiddenSites([[0], [100], [200]], 11), [false, false, false]);
});

test('site sizes: pool and test counts and positive rate per site, small sites suppressed', () => {
  const sizes = siteSizes(input.sites, input.ds, 11, 30);
  assert.deepEqual(
    sizes.map((s) => s.suppressed),
    [false, false, true, true],
  );
  for (const s of [0, 1]) {
    const e = sizes[s];
    assert.ok(!e.suppressed);
    assert.equal(e.train, POOL_PER_SITE[s]);
    assert.equal(e.test, TEST_PER_SITE[s]);
    const rows = [...input.ds.splits.train, ...input.ds.splits.test].filter((i) => input.sites.siteOfRow[i] === s);
    close(e.positiveRate, rows.reduce((a, i) => a + input.ds.y[i], 0) / rows.length);
  }
  assert.deepEqual(section.sites, sizes);
  assert.ok(!JSON.stringify(section.sites[3]).includes('"train"'));
});

test('per-site utility of the global model equals an independent computation; worst site is the lowest AUC', () => {
  for (const a of section.arms) {
    const shown = a.sites.filter((s) => !s.suppressed);
    assert.equal(shown.length, 2);
    for (const s of a.sites) {
      if (s.suppressed) continue;
      const want = naiveSiteMetrics(a.arm, SITE_NAMES.indexOf(s.site));
      assert.equal(s.n, want.n);
      close(s.auc.value, want.auc);
      close(s.accuracy.value, want.accuracy);
      close(s.tpr.value, want.tpr);
      close(s.fpr.value, want.fpr);
      assert.ok(
        s.auc.ci && s.auc.ci.lo !== null && s.auc.ci.hi !== null && s.auc.ci.lo <= want.auc + 1e-12 && want.auc <= s.auc.ci.hi + 1e-12,
      );
    }
    const aucs = [0, 1].map((s) => naiveSiteMetrics(a.arm, s).auc);
    close(a.worstSite.auc, Math.min(...aucs));
    assert.equal(a.worstSite.site, SITE_NAMES[aucs.indexOf(Math.min(...aucs))]);
    // Suppressed sites carry neither counts nor metrics.
    for (const s of a.sites.filter((x) => x.suppressed)) assert.deepEqual(Object.keys(s).sort(), ['site', 'suppressed']);
  }
});

test('who pays per site: fed-none vs nondp (federation) and fed-local vs fed-none (DP), loss = baseline − arm for AUC', () => {
  const none = section.arms.find((a) => a.arm === 'fed-none')!;
  const local = section.arms.find((a) => a.arm === 'fed-local@1')!;
  assert.deepEqual(
    none.whoPays.map((w) => [w.kind, w.baseline]),
    [['federation', 'nondp']],
  );
  assert.deepEqual(
    local.whoPays.map((w) => [w.kind, w.baseline]),
    [['dp', 'fed-none']],
  );
  for (const [arm, w] of [
    ['fed-none', none.whoPays[0]],
    ['fed-local@1', local.whoPays[0]],
  ] as const) {
    for (const s of w.sites) {
      if (s.suppressed) continue;
      const site = SITE_NAMES.indexOf(s.site);
      const b = naiveSiteMetrics(w.baseline, site);
      const x = naiveSiteMetrics(arm, site);
      close(s.loss.auc.value, b.auc - x.auc);
      close(s.loss.fpr.value, x.fpr - b.fpr);
      const ci = s.loss.auc.ci!;
      assert.ok(ci.lo! <= ci.hi!);
    }
  }
});

test('leakage: the same attacks on the audited site rows of the final model and of the update; members = mask on those rows', () => {
  const nPool = input.ds.splits.train.length;
  for (const a of section.arms) {
    const l = a.leakage!;
    assert.equal(l.auditSite, SITE_NAMES[AUDIT_SITE]);
    assert.equal(l.candidates, POOL_PER_SITE[AUDIT_SITE]);
    const mask = (input.outputs.get(`s0/${a.arm}/models`) as ModelsJobOutput).fleet!.inMask;
    let nIn = 0;
    for (let m = 0; m < M; m++) for (let i = 0; i < nPool; i++) if (input.sites.siteOfRow[i] === AUDIT_SITE) nIn += mask[m * nPool + i];
    for (const x of [...l.finalModel, ...l.siteUpdate]) {
      assert.equal(x.nIn, nIn, x.attack);
      assert.equal(x.nIn + x.nOut, M * POOL_PER_SITE[AUDIT_SITE]);
    }
    assert.deepEqual(
      l.finalModel.map((x) => x.attack),
      ['loss', 'lira-online'],
    );
    assert.deepEqual(
      l.siteUpdate.map((x) => x.attack),
      ['loss', 'lira-online', 'update-loss', 'update-lira', 'update-lira-offline'],
    );
    assert.deepEqual(l.headline, { finalModel: 'lira-online', siteUpdate: 'update-lira' });
  }
  // The fixture's update moves IN rows strongly towards their labels: the calibrated update attack sees it.
  const none = section.arms.find((a) => a.arm === 'fed-none')!.leakage!;
  const upd = none.siteUpdate.find((x) => x.attack === 'update-lira')!;
  const fin = none.finalModel.find((x) => x.attack === 'lira-online')!;
  assert.ok(upd.auc! > 0.95, `update AUC ${upd.auc}`);
  assert.ok(upd.auc! > fin.auc!, `update ${upd.auc} vs final ${fin.auc}`);
  assert.ok(upd.epsilonLb! > 0);
});

test('privacy sentences and the centralised comparison at the same ε', () => {
  const none = section.arms.find((a) => a.arm === 'fed-none')!;
  const local = section.arms.find((a) => a.arm === 'fed-local@1')!;
  assert.match(none.privacySentence, /no formal guarantee/);
  assert.match(local.privacySentence, /protects one record of a site/);
  assert.equal(none.centralised?.arm, 'nondp');
  assert.equal(local.centralised?.arm, 'dp@1');
  assert.equal(local.centralised?.epsilonLb, 0.4);
  assert.equal(section.config.auditSite, SITE_NAMES[AUDIT_SITE]);
  assert.equal(section.source, 'column "region"');
});

test('the section is deterministic and has no per-example values', () => {
  const again = federationSection(federationInput());
  assert.equal(JSON.stringify(again), JSON.stringify(section));
  const text = JSON.stringify(section);
  // Largest array in the section is a handful of sites or attacks, never rows.
  const arrays: number[] = [];
  JSON.parse(text, (_k, v) => {
    if (Array.isArray(v)) arrays.push(v.length);
    return v;
  });
  assert.ok(Math.max(...arrays) < 10, `largest array ${Math.max(...arrays)}`);
});

test('results schema accepts the federation section and rejects a malformed one', () => {
  assert.doesNotThrow(() => federationSchema.parse(section));
  const r = fixture();
  r.federation = section;
  assert.doesNotThrow(() => validateResults(JSON.parse(JSON.stringify(r)), 'results.json'));
  const bad = (mutate: (s: MutableSection) => void) => {
    const copy = JSON.parse(JSON.stringify(r));
    mutate(copy.federation);
    assert.throws(() => validateResults(copy, 'results.json'), /federation/);
  };
  bad((f) => {
    f.sites[3].train = 6; // a suppressed site with its count
  });
  bad((f) => {
    f.arms[0].perExampleScores = [0.1];
  });
  bad((f) => {
    delete f.arms[0].leakage;
  });
  bad((f) => {
    f.arms[0].mode = 'secure-aggregation';
  });
  bad((f) => {
    f.config.rounds = -1;
  });
});

test('the cache keeps the site-update logits of a models job', () => {
  const out = input.outputs.get('s0/fed-none/models') as ModelsJobOutput;
  const back = deserialize(serialize(out)) as ModelsJobOutput;
  const u = back.siteUpdate!;
  assert.equal(u.site, AUDIT_SITE);
  assert.ok(u.poolAfter instanceof Float32Array);
  assert.deepEqual([...u.poolBefore], [...out.siteUpdate!.poolBefore]);
  assert.deepEqual([...u.poolAfter], [...out.siteUpdate!.poolAfter]);
  assert.deepEqual([...u.testAfter], [...out.siteUpdate!.testAfter]);
});

test('fleetSiteUpdate cuts the fleet models (1..M) and the pool and test rows out of the trainer view', async () => {
  const { fleetSiteUpdate } = await import('../../../src/sweep/job.js');
  // 3 job models (release + 2 fleet) over 5 score rows: pool = rows 1..3, test = rows 3..5.
  const nScore = 5;
  const before = Float32Array.from({ length: 3 * nScore }, (_, k) => k);
  const after = Float32Array.from({ length: 3 * nScore }, (_, k) => 100 + k);
  const u = fleetSiteUpdate({ site: 2, round: 4, before, after }, nScore, 2, [1, 3], [3, 5]);
  assert.deepEqual([...u.poolBefore], [6, 7, 11, 12]);
  assert.deepEqual([...u.poolAfter], [106, 107, 111, 112]);
  assert.deepEqual([...u.testBefore], [8, 9, 13, 14]);
  assert.deepEqual([...u.testAfter], [108, 109, 113, 114]);
  assert.equal(u.site, 2);
  assert.equal(u.round, 4);
});

test('federation CSV tables: one row per arm with its headline numbers, suppressed sites without numbers', async () => {
  const { federationRows, federationSiteRows, FEDERATION_COLUMNS, FEDERATION_SITE_COLUMNS } = await import(
    '../../../src/sweep/federation-tables.js'
  );
  const r = fixture();
  r.federation = section;
  const rows = federationRows(r);
  assert.equal(rows.length, section.arms.length);
  for (const row of rows) assert.equal(row.length, FEDERATION_COLUMNS.length);
  const none = rows.find((x) => x[0] === 'fed-none')!;
  const upd = section.arms.find((a) => a.arm === 'fed-none')!.leakage!.siteUpdate.find((x) => x.attack === 'update-lira')!;
  assert.equal(none[FEDERATION_COLUMNS.indexOf('update_attack')], 'update-lira');
  assert.equal(Number(none[FEDERATION_COLUMNS.indexOf('update_auc')]), Number(upd.auc!.toFixed(4)));
  const sites = federationSiteRows(r);
  assert.equal(sites.length, section.arms.length * SITE_NAMES.length);
  for (const s of sites.filter((x) => x[2] === 'true')) assert.deepEqual(s.slice(3), ['', '', '', '', '', '', '']);
  assert.equal(sites[0].length, FEDERATION_SITE_COLUMNS.length);
});

test('per-site intervals resample whole patients when ids repeat, as the centralised fairness intervals do', () => {
  const base = federationInput();
  // Patients of two test rows each, within a site (test rows are ordered by site); the pool rows their own.
  const N = base.ds.y.length;
  const unitOfRow = Int32Array.from({ length: N }, (_, i) => i + N);
  const test = base.ds.splits.test;
  const siteOfTest = sitesOf(base.sites, test);
  for (let k = 1; k < test.length; k++)
    if (siteOfTest[k] === siteOfTest[k - 1] && unitOfRow[test[k - 1]] >= N) unitOfRow[test[k]] = unitOfRow[test[k - 1]] = k;
  const ds = { ...base.ds, units: { kind: 'patient', unitOfRow, count: N }, ids: { distinct: N, repeated: true } } as typeof base.ds;
  const patients = Int32Array.from(test, (i) => unitOfRow[i]);
  const fed = federationSection({ ...base, ds }) as FederationResults;
  const groups = siteGroup(base.sites.names, siteOfTest);
  const yTest = Uint8Array.from(test, (i) => ds.y[i]);
  const rowOpts = { minGroupSize: OPTS.minGroupSize, bootstrap: OPTS.bootstrap, seed: OPTS.rootSeed, suppressBelow: OPTS.suppressBelow };
  const differs: boolean[] = [];
  for (const a of fed.arms) {
    const out = base.outputs.get(`s0/${a.arm}/models`) as ModelsJobOutput;
    const prob = Float64Array.from(out.release.testLogits, (l) => 1 / (1 + Math.exp(-l)));
    const pred = Uint8Array.from(prob, (p) => (p >= 0.5 ? 1 : 0));
    const byPatient = computeFairness({ yTrue: yTest, yPred: pred, yScore: prob, groups }, { ...rowOpts, patients });
    const byRow = computeFairness({ yTrue: yTest, yPred: pred, yScore: prob, groups }, rowOpts);
    for (const [c, cell] of byPatient.groupings[0].groups.entries()) {
      if ('suppressed' in cell) continue;
      const s = a.sites[c];
      assert.ok(!s.suppressed);
      const ci = (cell as GroupEntry).ci?.rocAuc;
      const rowCi = (byRow.groupings[0].groups[c] as GroupEntry).ci?.rocAuc;
      assert.ok(ci && rowCi);
      assert.deepEqual(s.auc.ci, { lo: ci.lower, hi: ci.upper });
      if (rowCi.lower !== rowCi.upper) differs.push(ci.lower !== rowCi.lower || ci.upper !== rowCi.upper);
    }
  }
  // Where the interval is not degenerate (AUC 1 on `north`), the row bootstrap gives other intervals.
  assert.ok(differs.length > 0 && differs.every((d) => d));
  // The shared options: patients only when the unit is the patient or ids repeat.
  assert.deepEqual(fairnessOptions(OPTS, ds, { privacyUnit: 'record' }).patients, patients);
  assert.equal(fairnessOptions(OPTS, base.ds, { privacyUnit: 'record' }).patients, undefined);
});
