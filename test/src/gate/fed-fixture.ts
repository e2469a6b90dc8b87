import type { ArmFederation, ArmResult, ResultsV1 } from '../../../src/results/types.js';
import { armOf, fixture } from './fixture.js';

/** A federated arm's recorded plan (results.json arms[].privacy.federation), two visible sites. */
function federation(mode: ArmFederation['mode'], epsilon: number | null): ArmFederation {
  const level = mode === 'none' ? null : mode === 'server-dp' ? 'site' : 'record';
  return {
    mode,
    source: 'column "region"',
    rounds: 3,
    localEpochs: 1,
    siteRate: 1,
    updateClip: 1,
    auditSite: 'north',
    sites: [
      {
        name: 'north',
        n: 1200,
        rows: 1200,
        sampleRate: 0.05,
        stepsPerRound: 20,
        noiseMultiplier: mode === 'local-dp' ? 1 : 0,
        epsilon: mode === 'local-dp' ? epsilon : null,
      },
      {
        name: 'south',
        n: 800,
        rows: 800,
        sampleRate: 0.08,
        stepsPerRound: 13,
        noiseMultiplier: mode === 'local-dp' ? 1.1 : 0,
        epsilon: mode === 'local-dp' ? epsilon : null,
      },
    ],
    serverNoiseMultiplier: mode === 'server-dp' ? 2 : 0,
    level,
    epsilon,
    recordEpsilon: mode === 'server-dp' ? epsilon : mode === 'local-dp' ? epsilon : null,
    notes: [],
  };
}

/**
 * A federated arm cloned from a centralised one of the gate fixture: its id, kind `federated`, its plan, and
 * lira-online / loss AUCs set by hand (CI ± 0.01).
 */
function fedArm(
  from: ArmResult,
  id: string,
  mode: ArmFederation['mode'],
  target: number | null,
  epsilon: number | null,
  aucs: { lira: number; loss: number },
): ArmResult {
  const a = structuredClone(from);
  a.arm = id;
  a.kind = 'federated';
  a.epsilon = target;
  a.privacy.targetEpsilon = target;
  a.privacy.epsilon = epsilon;
  a.privacy.federation = federation(mode, epsilon);
  for (const s of a.attacks) {
    const v = s.attack === 'lira-online' ? aucs.lira : aucs.loss;
    s.auc = v;
    s.aucCi = s.aucCi ? { ...s.aucCi, lower: Math.round((v - 0.01) * 100) / 100, upper: Math.round((v + 0.01) * 100) / 100 } : s.aucCi;
  }
  return a;
}

/**
 * The gate fixture (nondp, cliponly, dp@1, dp@4, dp@8) plus federated arms:
 * - fed-none: lira 0.61, loss 0.57; no fairness report, no one-run audit, no ε;
 * - fed-local@1 (ε 0.98): lira 0.51, loss 0.50;
 * - fed-local@4 (ε 3.97): lira 0.57 [0.56, 0.58], loss 0.55 [0.54, 0.56];
 * - fed-server@4 (site-level ε 3.99): lira 0.50, loss 0.49.
 */
export function fedFixture(): ResultsV1 {
  const r = fixture();
  const none = fedArm(armOf(r, 'nondp'), 'fed-none', 'none', null, null, { lira: 0.61, loss: 0.57 });
  none.fairness = null;
  none.fairnessSeedSpread = null;
  none.oneRun = null;
  none.fleetOneRun = null;
  r.arms.push(
    none,
    fedArm(armOf(r, 'dp@1'), 'fed-local@1', 'local-dp', 1, 0.98, { lira: 0.51, loss: 0.5 }),
    fedArm(armOf(r, 'dp@4'), 'fed-local@4', 'local-dp', 4, 3.97, { lira: 0.57, loss: 0.55 }),
    fedArm(armOf(r, 'dp@4'), 'fed-server@4', 'server-dp', 4, 3.99, { lira: 0.5, loss: 0.49 }),
  );
  return r;
}
