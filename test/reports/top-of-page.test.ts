import { test } from 'node:test';
import assert from 'node:assert/strict';
import { absoluteGapSentence, buildSummary, headlineRows } from '../../reports/sections/summary.js';
import type { ResultsV1 } from '../../src/results/types.js';
import { buildVerdict, plainVerdict, type VerdictItem } from '../../reports/sections/verdict.js';
import { fixture } from './fixture.js';

const item = (status: VerdictItem['status']): VerdictItem => ({ id: 'x', name: 'x', status, label: '', statusClass: '', summary: '' });

test('verdict: one plain sentence per overall status; the recommendation is in the strip but never changes the status', () => {
  assert.match(plainVerdict([item('pass'), item('fail')]), /^1 check\(s\) FAILED/);
  assert.match(
    plainVerdict([item('pass'), item('untestable'), item('warn')]),
    /2 check\(s\) are WARN or UNTESTABLE.*not evidence of safety/,
  );
  assert.match(plainVerdict([item('pass')]), /not a proof of privacy/);
  const r = fixture();
  const v = buildVerdict(r);
  assert.equal(v.recommendation.label, `ε = ${r.recommendation.epsilon}`);
  r.recommendation.epsilon = null;
  const none = buildVerdict(r);
  assert.equal(none.recommendation.label, 'NONE');
  assert.equal(none.overall, v.overall);
});

test('summary lead: says which ε it describes and why, before anything else', () => {
  const r = fixture();
  assert.match(buildSummary(r).lead[0], /^Recommended: ε = 8, the smallest tested ε within the tolerances/);
  r.recommendation.epsilon = null;
  assert.match(
    buildSummary(r).lead[0],
    /^None of the tested ε meets the tolerances.*largest tested, ε = 8: the weakest privacy in the audit, not a recommendation/,
  );
});

test('absolute sensitivity gap: the extreme groups with counts, and "DP does not cause it" when non-DP has the same gap', () => {
  const r = fixture();
  const arm = r.arms.find((a) => a.arm === 'dp@8');
  assert.ok(arm);
  const f = arm.fairness as {
    groupings: {
      attributes: string[];
      groups: { values: Record<string, string>; metrics: Record<string, number>; flags: { smallGroup: boolean } }[];
    }[];
  };
  const sex = f.groupings.find((g) => g.attributes.join() === 'sex');
  assert.ok(sex);
  // Independent: the groups with the highest and lowest TPR among measured, non-small groups.
  const measured = sex.groups.filter((g) => g.metrics && !g.flags.smallGroup);
  const hi = measured.reduce((a, b) => (b.metrics.tpr > a.metrics.tpr ? b : a));
  const lo = measured.reduce((a, b) => (b.metrics.tpr < a.metrics.tpr ? b : a));
  r.recommendation.absoluteDisparity = [
    { arm: 'nondp', epsilon: null, measure: 'equalOpportunityDifference', grouping: 'sex', value: 0.3, ci: null },
    { arm: 'dp@8', epsilon: 8, measure: 'equalOpportunityDifference', grouping: 'sex', value: 0.3, ci: null },
  ];
  const s = absoluteGapSentence(r, arm) ?? '';
  assert.ok(s.includes(`${Math.round(hi.metrics.tpr * 100)} % of the patients with the outcome in sex = ${hi.values.sex}`), s);
  assert.ok(s.includes(`but ${Math.round(lo.metrics.tpr * 100)} % in sex = ${lo.values.sex}`), s);
  assert.ok(s.includes(`(${hi.metrics.tp} of ${hi.metrics.nPos})`), s);
  assert.match(s, /The non-private model has the same gap \(0\.300.*so DP does not cause it/);
  // A gap that DP widened is not excused.
  r.recommendation.absoluteDisparity[0].value = 0.1;
  assert.doesNotMatch(absoluteGapSentence(r, arm) ?? '', /does not cause/);
  // Equalized odds is not a sensitivity gap: no sentence.
  r.recommendation.absoluteDisparity[1].measure = 'equalizedOddsDifference';
  assert.equal(absoluteGapSentence(r, arm), null);
});

test('absolute sensitivity gap: when the headline non-DP gap is in another grouping, the sentence says why the two numbers differ', () => {
  const r = fixture();
  const arm = r.arms.find((a) => a.arm === 'dp@8');
  const nondp = r.arms.find((a) => a.kind === 'nondp');
  assert.ok(arm && nondp);
  r.recommendation.absoluteDisparity = [
    { arm: 'nondp', epsilon: null, measure: 'equalOpportunityDifference', grouping: 'sex', value: 0.07, ci: null },
    { arm: 'dp@8', epsilon: 8, measure: 'equalOpportunityDifference', grouping: 'sex', value: 0.0784, ci: null },
  ];
  // The headline table's non-DP value: the largest sensitivity gap over all groupings of the raw fairness report
  // (0.140 in sex × ethnicity on the fixture), not the sex gap the sentence compares (0.070).
  const top = largest(nondp, 'equalOpportunityDifference');
  assert.ok(top !== null && top > 0.1);
  const s = absoluteGapSentence(r, arm) ?? '';
  assert.ok(
    s.endsWith(
      `(The headline table's non-DP row shows ${top.toFixed(3)}: the largest gap over all groupings, in sex × ethnicity</script>; the comparison here stays within sex.)`,
    ),
    s,
  );
  assert.match(s, /The non-private model[^.]*0\.070/);
  // The headline row shows the same number.
  const row = headlineRows(r).rows.find((x) => x.arm === 'nondp');
  assert.ok(
    row?.cells.some((c) => c.startsWith(top.toFixed(3))),
    JSON.stringify(row),
  );
  // The sentence's grouping is the headline's: no note.
  r.recommendation.absoluteDisparity[1].grouping = 'sex×ethnicity</script>'.replace('×', ' × ');
  assert.doesNotMatch(absoluteGapSentence(r, arm) ?? '', /headline table/);
});

/** Independent: an arm's largest between-group value of one measure, from the raw fairness report. */
function largest(arm: ResultsV1['arms'][number], measure: string) {
  const f = arm.fairness as unknown as {
    groupings: { attributes: string[]; disparities: Record<string, Record<string, number | null>> }[];
  };
  let best: number | null = null;
  for (const g of f.groupings) {
    const v = (g.disparities.betweenGroupsExcludingSmall ?? g.disparities.betweenGroups)[measure];
    if (v !== null && v !== undefined && (best === null || v > best)) best = v;
  }
  return best;
}

test('headline: one disparity measure in every row, and the increase is the difference on that measure', () => {
  const r = fixture();
  // Arms whose largest disparity is of different measures (as recommend.ts may record them).
  r.recommendation.absoluteDisparity = r.arms.map((a, i) => ({
    arm: a.arm,
    epsilon: a.epsilon,
    measure: i % 2 === 0 ? 'equalizedOddsDifference' : 'equalOpportunityDifference',
    grouping: 'sex',
    value: 0.1 * (i + 1),
    ci: null,
  }));
  const h = headlineRows(r);
  const col = h.columns.findIndex((c) => c.startsWith('Largest disparity'));
  assert.match(h.columns[col], /equalized odds in every row/);
  assert.match(h.columns[col + 1], /same measure/);
  const nondp = r.arms.find((a) => a.kind === 'nondp')!;
  const base = largest(nondp, 'equalizedOddsDifference')!;
  for (const [i, a] of r.arms.entries()) {
    const v = largest(a, 'equalizedOddsDifference');
    assert.ok(v !== null);
    assert.ok(h.rows[i].cells[col].startsWith(v.toFixed(3)), `${a.arm}: ${h.rows[i].cells[col]} vs ${v}`);
    if (a.kind !== 'nondp') {
      const inc = Number.parseFloat(h.rows[i].cells[col + 1]);
      assert.ok(Math.abs(inc - (v - base)) < 6e-4, `${a.arm}: increase ${inc} vs ${v - base}`);
    }
  }
});

test('absolute sensitivity gap: compared with the non-DP sensitivity gap, never with another measure; "within noise" only from the intervals', () => {
  const r = fixture();
  const arm = r.arms.find((a) => a.arm === 'dp@8')!;
  const nondp = r.arms.find((a) => a.kind === 'nondp')!;
  const f = nondp.fairness as unknown as {
    groupings: { attributes: string[]; disparities: Record<string, Record<string, number | null>> }[];
  };
  const sex = f.groupings.find((g) => g.attributes.join() === 'sex')!;
  const baseGap = (sex.disparities.betweenGroupsExcludingSmall ?? sex.disparities.betweenGroups).equalOpportunityDifference!;
  r.recommendation.absoluteDisparity = [
    // The non-DP arm's largest disparity is of another measure: it must not be compared with a sensitivity gap.
    { arm: 'nondp', epsilon: null, measure: 'equalizedOddsDifference', grouping: 'sex', value: 0.987654, ci: null },
    {
      arm: 'dp@8',
      epsilon: 8,
      measure: 'equalOpportunityDifference',
      grouping: 'sex',
      value: baseGap + 0.2,
      ci: { lo: baseGap + 0.15, hi: baseGap + 0.25 },
    },
  ];
  const s = absoluteGapSentence(r, arm) ?? '';
  assert.ok(!s.includes('0.988'), s);
  assert.ok(s.includes(`gap is smaller (${baseGap.toFixed(3)}`), s);
  assert.doesNotMatch(s, /almost the same|does not cause/);
});

test('recommendation callout: "none" once, the reason as a sentence, not repeated', () => {
  const r = fixture();
  r.recommendation.epsilon = null;
  r.recommendation.reason = 'no swept ε meets the tolerances: ε = 1: AUC 0.700 < 95 % of non-DP 0.800';
  const s = buildSummary(r);
  const callout = `Recommended: ${s.recommendedEpsilon}. ${s.recommendationReason}`;
  assert.equal(callout, 'Recommended: none. No swept ε meets the tolerances: ε = 1: AUC 0.700 < 95 % of non-DP 0.800.');
  assert.equal(callout.match(/meets the tolerances/g)?.length, 1);
});

test('a violated check on a federated arm is reported apart (recorded, not gated), not as the implementation leaking', () => {
  const r = fixture();
  const dp = r.arms.find((a) => a.kind === 'dp' && a.attacks.length > 0 && a.attacks[0].violation !== null);
  assert.ok(dp, 'the fixture has a DP arm with a violation check');
  const fed = structuredClone(dp);
  Object.assign(fed, { arm: 'fed-local@8', kind: 'federated' });
  const v = fed.attacks[0].violation;
  assert.ok(v);
  Object.assign(fed.attacks[0], { violation: { ...v, violated: true } });
  r.arms.push(fed);
  const s = buildSummary(r).sentences.join(' ');
  assert.match(s, /An attack on a federated arm exceeds the theoretical bound of its ε \(a recorded check, not in the gate/);
  assert.doesNotMatch(s, /At least one attack exceeds the theoretical DP bound/);
  // The same on a centralised arm is the implementation leaking.
  Object.assign(dp.attacks[0], { violation: { ...v, violated: true } });
  assert.match(buildSummary(r).sentences.join(' '), /At least one attack exceeds the theoretical DP bound/);
});
