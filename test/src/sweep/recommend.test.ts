import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recommend } from '../../../src/sweep/recommend.js';
import type { ArmResult } from '../../../src/results/types.js';

function arm(name: string, epsilon: number | null, auc: number, eod: number): { a: ArmResult; d: Record<string, number | null> } {
  const kind = name === 'nondp' ? 'nondp' : name === 'cliponly' ? 'cliponly' : 'dp';
  return {
    a: { arm: name, kind, epsilon, utility: { auc: { value: auc } } } as unknown as ArmResult,
    d: { 'sex equalizedOddsDifference': eod, 'sex demographicParityDifference': 0.1 },
  };
}

const cases = [
  arm('nondp', null, 0.8, 0.1),
  arm('cliponly', null, 0.79, 0.1),
  arm('dp@0.5', 0.5, 0.7, 0.1),
  arm('dp@1', 1, 0.77, 0.2),
  arm('dp@4', 4, 0.78, 0.14),
  arm('dp@8', 8, 0.79, 0.1),
];
const byArm = new Map(cases.map((c) => [c.a.arm, c.d]));
const disparityOf = (a: ArmResult) => byArm.get(a.arm) as Record<string, number | null>;

test('recommended ε: smallest ε meeting the AUC fraction and the disparity tolerance', () => {
  const r = recommend(
    cases.map((c) => c.a),
    disparityOf,
    { aucFraction: 0.95, disparityIncrease: 0.05 },
  );
  // dp@0.5: 0.70 < 0.76; dp@1: EOD +0.10 > 0.05; dp@4: AUC 0.78 ≥ 0.76 and EOD +0.04 ≤ 0.05 → 4
  assert.equal(r.epsilon, 4);
  assert.match(r.reason, /ε = 0.5: AUC 0.700 < 95 %/);
  // Readable names (the report prints this reason), not the raw key sex equalizedOddsDifference.
  assert.match(r.reason, /ε = 1: equalized-odds difference across sex groups 0\.200 is more than 0\.05 above non-DP's 0\.100/);
  assert.doesNotMatch(r.reason, /equalizedOddsDifference/);
  const p = new Map(r.pareto.map((x) => [x.arm, x.disparity]));
  assert.equal(p.get('nondp'), 0);
  assert.ok(Math.abs((p.get('dp@1') as number) - 0.1) < 1e-12);
  assert.ok(Math.abs((p.get('dp@4') as number) - 0.04) < 1e-12);
});

test('no recommendation when no ε meets the tolerances', () => {
  const r = recommend(
    cases.map((c) => c.a),
    disparityOf,
    { aucFraction: 0.999, disparityIncrease: 0.05 },
  );
  assert.equal(r.epsilon, null);
  assert.match(r.reason, /no swept ε meets the tolerances/);
});

test('a rejection names the disparity in words with both arms’ bootstrap CIs, and an AUC rejection gives the paired ΔAUC CI', () => {
  const withCi = (c: (typeof cases)[number], lo: number, hi: number) => {
    const a = structuredClone(c.a) as unknown as Record<string, unknown>;
    a.fairness = {
      groupings: [
        {
          attributes: ['sex'],
          disparities: { betweenGroupsExcludingSmall: {} },
          disparitiesCi: { betweenGroupsExcludingSmall: { equalizedOddsDifference: { lower: lo, upper: hi, replicates: 200 } } },
        },
      ],
    };
    return a as unknown as ArmResult;
  };
  const arms = cases.map((c) => (c.a.arm === 'dp@1' ? withCi(c, 0.15, 0.25) : c.a.arm === 'nondp' ? withCi(c, 0.05, 0.15) : c.a));
  const half = arms.find((a) => a.arm === 'dp@0.5') as unknown as Record<string, unknown>;
  half.whoPays = { overall: { delta: { rocAuc: -0.1 }, ci: { rocAuc: { lower: -0.14, upper: -0.06 } } }, groupings: [] };
  const r = recommend(arms, disparityOf, { aucFraction: 0.95, disparityIncrease: 0.05 });
  assert.match(
    r.reason,
    /ε = 1: equalized-odds difference across sex groups 0\.200 \[95 % CI 0\.150, 0\.250\] is more than 0\.05 above non-DP's 0\.100 \[95 % CI 0\.050, 0\.150\]/,
  );
  assert.match(r.reason, /ε = 0\.5: AUC 0\.700 < 95 % of non-DP 0\.800 \(paired ΔAUC -0\.100 \[95 % CI -0\.140, -0\.060\]\)/);
});
