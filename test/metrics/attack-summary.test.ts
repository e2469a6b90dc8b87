import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AttackResult } from '../../attacks/types.js';
import { summarizeAttack } from '../../metrics/attack-summary.js';
import { aucDeLongCi } from '../../metrics/auc-ci.js';
import type { GroupAttribute } from '../../src/data/types.js';
import { Rng } from '../../src/random/rng.js';

const M = 2;
const n = 40;
const rng = new Rng(21);
const isMember = Uint8Array.from({ length: M * n }, () => (rng.bernoulli(0.5) ? 1 : 0));
const scores = Float64Array.from(isMember, (mm) => rng.normal() + 1.5 * mm);
const res: AttackResult = {
  attack: 'loss',
  scores,
  isMember,
  convention: 'test',
  conventions: { score: 'test' },
  diagnostics: { fallbackIn: 0, fallbackOut: 0, flooredSigma: 0 },
  tunedA: null,
};
// sex: rows 0..34 F, 35..39 M (5 rows → suppressed at k = 11); age: young/old alternate, "mid" empty.
const groups: GroupAttribute[] = [
  { name: 'sex', levels: ['F', 'M'], codes: Int32Array.from({ length: n }, (_, i) => (i < 35 ? 0 : 1)) },
  { name: 'age', levels: ['mid', 'old', 'young'], codes: Int32Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 2 : 1)) },
];

function bruteAuc(rows: number[]): number {
  let u = 0;
  let p = 0;
  for (const a of rows)
    for (const b of rows) {
      if (isMember[a] === 1 && isMember[b] === 0) {
        p++;
        u += scores[a] > scores[b] ? 1 : scores[a] === scores[b] ? 0.5 : 0;
      }
    }
  return u / p;
}

test('summary: pooled metrics, bounds, groups with suppression, small flags and empty cells', () => {
  const s = summarizeAttack(res, n, {
    delta: 1e-5,
    seed: [1, 'test'],
    groups,
    theory: { kind: 'eps-delta', epsilon: 1, delta: 1e-5 },
  });
  assert.equal(s.nTargets, 2);
  assert.ok(Math.abs((s.auc ?? NaN) - bruteAuc(Array.from({ length: M * n }, (_, k) => k))) < 1e-12);
  // The AUC interval is DeLong's at level 1 − α over every pooled pair (the summary passes its own sort).
  assert.deepEqual(s.aucCi, aucDeLongCi(scores, isMember, { level: 0.95 }));
  assert.ok(s.aucCi !== null && s.aucCi.lower < (s.auc ?? NaN) && (s.auc ?? NaN) < s.aucCi.upper);
  assert.deepEqual(
    s.epsilonBounds.map((b) => b.method),
    ['clopper-pearson-split', 'gdp'],
  );
  assert.ok(s.violation !== null && typeof s.violation.violated === 'boolean');
  assert.equal(s.groups.length, 3); // sex, age, sex × age
  const sex = s.groups[0];
  // Complementary suppression: 40 rows − F 35 would give M's 5 back, so F is hidden too.
  assert.deepEqual(sex.cells, [
    { values: { sex: 'F' }, suppressed: true },
    { values: { sex: 'M' }, suppressed: true },
  ]);
  assert.equal(sex.worstAuc, null);
  const age = s.groups[1];
  const mid = age.cells[0];
  assert.equal(mid.suppressed, false);
  if (!mid.suppressed) {
    assert.equal(mid.n, 0);
    assert.equal(mid.auc, null);
  }
  const old = age.cells[1];
  assert.equal(old.suppressed, false);
  if (!old.suppressed) {
    assert.equal(old.n, 20);
    const pooled = [];
    for (let t = 0; t < M; t++) for (let i = 1; i < n; i += 2) pooled.push(t * n + i);
    assert.ok(Math.abs((old.auc ?? NaN) - bruteAuc(pooled)) < 1e-12);
    assert.ok(old.tprAtFpr.every((x) => x.resolved === false || x.alpha === 0.1));
  }
  const young = age.cells[2];
  assert.ok(!young.suppressed && young.small); // 20 rows < 30
  assert.equal(age.worstAucExcludingSmall, null);
});

test('outputs hold no per-example data: no array longer than 200, no violation without a claim', () => {
  const big = 3000;
  const r2 = new Rng(5);
  const mem = Uint8Array.from({ length: big }, () => (r2.bernoulli(0.5) ? 1 : 0));
  const sc = Float64Array.from(mem, (mm) => r2.normal() + mm);
  const s = summarizeAttack({ ...res, scores: sc, isMember: mem }, big, {
    delta: 1e-5,
    seed: [2],
    epsilonSelection: 'bonferroni',
  });
  assert.equal(s.violation, null);
  assert.equal(s.epsilonBounds[0].method, 'clopper-pearson-bonferroni');
  const json = JSON.stringify(s);
  let longest = 0;
  JSON.parse(json, (_k, v) => {
    if (Array.isArray(v)) longest = Math.max(longest, v.length);
    return v;
  });
  assert.ok(longest <= 200, `longest array ${longest}`);
  for (const x of sc.subarray(0, 50)) assert.ok(!json.includes(String(x)));
});
