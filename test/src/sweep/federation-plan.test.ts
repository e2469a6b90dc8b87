import { test } from 'node:test';
import assert from 'node:assert/strict';
import { armFederationRecord } from '../../../src/sweep/federation-plan.js';
import type { PrivacyPlan } from '../../../src/train/plan.js';
import type { FederationPlan, SitePlan } from '../../../src/train/federated/types.js';

function site(i: number, rows: number): SitePlan {
  return { site: i, name: `s${i}`, n: rows, rows, sampleRate: 0.1, stepsPerRound: 3, noiseMultiplier: 1.2, epsilon: 1 };
}

function planWith(rows: number[]): PrivacyPlan {
  const federation: FederationPlan = {
    mode: 'local-dp',
    source: { kind: 'split', k: rows.length, split: { kind: 'iid' } },
    config: { rounds: 2, localEpochs: 1, siteRate: 1, updateClip: 1, auditSite: 0 },
    sites: rows.map((r, i) => site(i, r)),
    serverNoiseMultiplier: 0,
    level: 'record',
    epsilon: 1,
    recordEpsilon: null,
    notes: [],
  };
  return { federation } as unknown as PrivacyPlan;
}

const shown = (plan: PrivacyPlan, k: number) =>
  armFederationRecord(plan, k)?.sites.map((s) => ('suppressed' in s ? null : (s as { rows: number }).rows));

test('federation site list: a hidden site cannot be recovered as the pool size minus the shown sites', () => {
  // 155 = 100 + 50 + 5: hiding only the 5-row site would let 155 − 100 − 50 give it back, so the smaller shown site goes too.
  assert.deepEqual(shown(planWith([100, 50, 5]), 11), [100, null, null]);
  // Two small sites hidden together hold 6 + 7 = 13 ≥ 11 rows: nothing more to hide.
  assert.deepEqual(shown(planWith([100, 6, 7]), 11), [100, null, null]);
  assert.deepEqual(shown(planWith([100, 60, 70]), 11), [100, 60, 70]);
  // Suppression off (k = 0) shows everything.
  assert.deepEqual(shown(planWith([100, 50, 5]), 0), [100, 50, 5]);
});
