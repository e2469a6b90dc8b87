import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeFairness } from '../../../metrics/fairness/report.js';
import { computeFairnessDeltas } from '../../../metrics/fairness/deltas.js';
import { Rng } from '../../../src/random/rng.js';
import { attribute } from './fixture.js';

const SEXES = ['F', 'M'];
const AGES = ['a', 'b', 'c'];

/**
 * 40 patients of 1–5 visits, visits interleaved across patients; sex is fixed per patient, the age group
 * moves up once for some patients (so their rows span two cells); the label is per patient.
 */
function visitsFixture(seed: string) {
  const rng = new Rng([seed]);
  const P = 40;
  const left = Array.from({ length: P }, () => 1 + rng.index(5));
  const sex = Array.from({ length: P }, () => rng.index(2));
  const age = Array.from({ length: P }, () => rng.index(3));
  const moves = Array.from({ length: P }, () => rng.bernoulli(0.3));
  const label = Array.from({ length: P }, () => (rng.bernoulli(0.4) ? 1 : 0));
  const ids: number[] = [];
  const sexL: string[] = [];
  const ageL: string[] = [];
  const y: number[] = [];
  const score: number[] = [];
  const seen = new Array(P).fill(0);
  while (left.some((k) => k > 0)) {
    const u = rng.index(P);
    if (left[u] === 0) continue;
    left[u]--;
    const a = Math.min(2, age[u] + (moves[u] && seen[u]++ > 0 ? 1 : 0));
    ids.push(1000 + 7 * u); // arbitrary ids
    sexL.push(SEXES[sex[u]]);
    ageL.push(AGES[a]);
    y.push(label[u]);
    score.push(Math.min(1, Math.max(0, 0.35 * label[u] + 0.65 * rng.next())));
  }
  const input = {
    yTrue: Uint8Array.from(y),
    yPred: Uint8Array.from(score, (s) => (s >= 0.5 ? 1 : 0)),
    yScore: Float64Array.from(score),
    groups: [attribute('sex', sexL, SEXES), attribute('age', ageL, AGES)],
  };
  return { input, ids, sexL, ageL };
}

function quantile7(sorted: number[], p: number): number {
  if (sorted.length === 1) return sorted[0];
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

function interval(values: number[]): { lower: number; upper: number; replicates: number } | null {
  const v = values.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  return v.length ? { lower: quantile7(v, 0.025), upper: quantile7(v, 0.975), replicates: v.length } : null;
}

/** Independent statistics on a list of row indices (a row appears as often as it was drawn). */
function tpr(rows: number[], y: Uint8Array, p: Uint8Array): number {
  let tp = 0;
  let pos = 0;
  for (const i of rows) if (y[i]) pos++, p[i] && tp++;
  return pos ? tp / pos : Number.NaN;
}
function accuracy(rows: number[], y: Uint8Array, p: Uint8Array): number {
  return rows.length ? rows.filter((i) => y[i] === p[i]).length / rows.length : Number.NaN;
}
function auc(rows: number[], y: Uint8Array, s: Float64Array): number {
  let wins = 0;
  let pairs = 0;
  for (const i of rows)
    if (y[i])
      for (const j of rows)
        if (!y[j]) {
          pairs++;
          wins += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0;
        }
  return pairs ? wins / pairs : Number.NaN;
}

/**
 * The naive patient bootstrap, one patient at a time: patients in order of first appearance; stratum = the
 * sex×age cell (sex-major) shared by all of a patient's rows, else the mixed stratum 6; per stratum of m
 * patients, m draws of rng.index(m) from the fairness bootstrap stream, each bringing all the patient's rows.
 */
function naivePatientBootstrap(fx: ReturnType<typeof visitsFixture>, seed: number, B: number) {
  const order: number[] = [];
  const rowsOf = new Map<number, number[]>();
  const cellOf = new Map<number, number>();
  fx.ids.forEach((id, i) => {
    const cell = SEXES.indexOf(fx.sexL[i]) * 3 + AGES.indexOf(fx.ageL[i]);
    if (!rowsOf.has(id)) {
      order.push(id);
      rowsOf.set(id, []);
      cellOf.set(id, cell);
    } else if (cellOf.get(id) !== cell) cellOf.set(id, 6);
    rowsOf.get(id)?.push(i);
  });
  const strata = Array.from({ length: 7 }, (_, k) => order.filter((id) => cellOf.get(id) === k));
  const rng = Rng.from(seed, 'fairness-bootstrap');
  const { yTrue, yPred, yScore } = fx.input;
  const out = { acc: [] as number[], tpr: [] as number[], auc: [] as number[], tprF: [] as number[], accMb: [] as number[] };
  for (let r = 0; r < B; r++) {
    const rows: number[] = [];
    for (const members of strata)
      for (let d = 0; d < members.length; d++) rows.push(...(rowsOf.get(members[rng.index(members.length)]) as number[]));
    out.acc.push(accuracy(rows, yTrue, yPred));
    out.tpr.push(tpr(rows, yTrue, yPred));
    out.auc.push(auc(rows, yTrue, yScore));
    const female = rows.filter((i) => fx.sexL[i] === 'F');
    out.tprF.push(tpr(female, yTrue, yPred));
    const mb = rows.filter((i) => fx.sexL[i] === 'M' && fx.ageL[i] === 'b');
    out.accMb.push(accuracy(mb, yTrue, yPred));
  }
  return out;
}

function close(
  got: { lower: number; upper: number; replicates: number } | null | undefined,
  want: ReturnType<typeof interval>,
  what: string,
) {
  assert.ok(got && want, `${what}: both defined`);
  assert.equal(got.replicates, want.replicates, `${what} replicates`);
  assert.ok(
    Math.abs(got.lower - want.lower) < 1e-12 && Math.abs(got.upper - want.upper) < 1e-12,
    `${what}: ${JSON.stringify(got)} vs ${JSON.stringify(want)}`,
  );
}

test('patient bootstrap: overall and per-group intervals equal a naive patient-resampling loop on the same stream', () => {
  const fx = visitsFixture('patient-bootstrap');
  const B = 300;
  const r = computeFairness(fx.input, { bootstrap: B, seed: 9, suppressBelow: 0, minGroupSize: 0, patients: fx.ids });
  const naive = naivePatientBootstrap(fx, 9, B);
  close(r.overallCi?.accuracy, interval(naive.acc), 'overall accuracy');
  close(r.overallCi?.tpr, interval(naive.tpr), 'overall tpr');
  close(r.overallCi?.rocAuc, interval(naive.auc), 'overall AUC');
  const sexF = r.groupings[0].groups[0];
  assert.ok(!('suppressed' in sexF));
  close(sexF.ci?.tpr, interval(naive.tprF), 'tpr of sex F');
  const mb = r.groupings[2].groups.find((g) => g.values.sex === 'M' && g.values.age === 'b');
  assert.ok(mb && !('suppressed' in mb));
  close(mb.ci?.accuracy, interval(naive.accMb), 'accuracy of M × b');
  assert.equal(r.bootstrap?.unit, 'patient');
  assert.equal(r.bootstrap?.patients, 40);
  assert.match(r.bootstrap?.method ?? '', /whole patients/);
  // it is not the row bootstrap: rows of a patient move together
  const rows = computeFairness(fx.input, { bootstrap: B, seed: 9, suppressBelow: 0, minGroupSize: 0 });
  assert.notDeepEqual(rows.overallCi, r.overallCi);
  assert.equal(rows.bootstrap?.unit, undefined);
});

test('patient bootstrap with one row per patient equals the row bootstrap (same strata, draws and intervals)', () => {
  const fx = visitsFixture('one-row');
  const n = fx.input.yTrue.length;
  const ids = Array.from({ length: n }, (_, i) => 5 * n - 3 * i); // distinct, arbitrary
  const opts = { bootstrap: 200, seed: 4, suppressBelow: 0, minGroupSize: 0 };
  const rows = computeFairness(fx.input, opts);
  const pats = computeFairness(fx.input, { ...opts, patients: ids });
  assert.deepEqual(pats.overallCi, rows.overallCi);
  // the same cells, intervals and aggregates; the patient run adds each cell's patient count (= its rows)
  const strip = (g: object) => {
    const { patients, ...rest } = g as { patients?: number; metrics?: { count: number } };
    if (patients !== undefined) assert.equal(patients, rest.metrics?.count);
    return rest;
  };
  assert.deepEqual(
    pats.groupings.map((g) => [g.groups.map(strip), g.disparitiesCi, g.worst]),
    rows.groupings.map((g) => [g.groups, g.disparitiesCi, g.worst]),
  );
  const base = { yPred: fx.input.yPred.map((p) => 1 - p), yScore: fx.input.yScore.map((s) => 1 - s) };
  const dp = { yPred: fx.input.yPred, yScore: fx.input.yScore };
  const dRows = computeFairnessDeltas(fx.input.yTrue, base, dp, fx.input.groups, opts);
  const dPats = computeFairnessDeltas(fx.input.yTrue, base, dp, fx.input.groups, { ...opts, patients: ids });
  assert.deepEqual(dPats.overall, dRows.overall);
  assert.deepEqual(
    dPats.groupings.map((g) => ({ ...g, groups: g.groups.map((c) => strip({ ...c, metrics: { count: 'count' in c ? c.count : 0 } })) })),
    dRows.groupings.map((g) => ({ ...g, groups: g.groups.map((c) => ({ ...c, metrics: { count: 'count' in c ? c.count : 0 } })) })),
  );
  assert.equal(dPats.bootstrap?.unit, 'patient');
  assert.equal(dPats.bootstrap?.patients, n);
  assert.match(dPats.bootstrap?.method ?? '', /^paired percentile patient/);
});

test('paired patient bootstrap of the deltas: both prediction sets on the same patient resamples (naive loop)', () => {
  const fx = visitsFixture('paired');
  const B = 200;
  const base = { yPred: Uint8Array.from(fx.input.yScore, (s) => (s >= 0.6 ? 1 : 0)), yScore: fx.input.yScore };
  const dp = { yPred: fx.input.yPred, yScore: fx.input.yScore };
  const d = computeFairnessDeltas(fx.input.yTrue, base, dp, fx.input.groups, { bootstrap: B, seed: 3, patients: fx.ids });
  // the naive loop on the same stream; both prediction sets on each resample
  const deltas: number[] = [];
  {
    const order: number[] = [];
    const rowsOf = new Map<number, number[]>();
    const cellOf = new Map<number, number>();
    fx.ids.forEach((id, i) => {
      const cell = SEXES.indexOf(fx.sexL[i]) * 3 + AGES.indexOf(fx.ageL[i]);
      if (!rowsOf.has(id)) {
        order.push(id);
        rowsOf.set(id, []);
        cellOf.set(id, cell);
      } else if (cellOf.get(id) !== cell) cellOf.set(id, 6);
      rowsOf.get(id)?.push(i);
    });
    const strata = Array.from({ length: 7 }, (_, k) => order.filter((id) => cellOf.get(id) === k));
    const rng = Rng.from(3, 'fairness-bootstrap');
    for (let r = 0; r < B; r++) {
      const rows: number[] = [];
      for (const members of strata)
        for (let k = 0; k < members.length; k++) rows.push(...(rowsOf.get(members[rng.index(members.length)]) as number[]));
      deltas.push(tpr(rows, fx.input.yTrue, dp.yPred) - tpr(rows, fx.input.yTrue, base.yPred));
    }
  }
  close(d.overall.ci?.tpr, interval(deltas), 'Δ tpr');
});
