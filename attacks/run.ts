import { DpauditError } from '../src/errors.js';
import { liraPerTarget, liraScoreConvention, resolveVariance, type TargetScores } from './lira.js';
import { referencesOf, SIGMA_FLOOR } from './reference-stats.js';
import { rmiaScores } from './rmia.js';
import { DEFAULT_A_GRID, tuneOfflineA } from './rmia-tune.js';
import { phiMatrix, probOfPhi } from './signals.js';
import { confidenceScores, lossScores, mentrScores } from './target-only.js';
import { ATTACK_NAMES, type AttackName, type AttackOptions, type AttackResult, type FleetSignals } from './types.js';
import { validateFleet } from './validate.js';

/**
 * Run one attack on a fleet: every model in turn is the target, the other K models its references;
 * scores and membership are pooled over targets (length M·n, target-major). Every convention in force is
 * recorded in the result.
 */
export function isAttackName(s: string): s is AttackName {
  return (ATTACK_NAMES as readonly string[]).includes(s);
}

export function runAttack(name: AttackName, signals: FleetSignals, options: AttackOptions = {}): AttackResult {
  if (!isAttackName(name)) throw new DpauditError(`unknown attack ${JSON.stringify(name)} (${ATTACK_NAMES.join(', ')})`);
  const isRmia = name === 'rmia-online' || name === 'rmia-offline';
  validateFleet(signals, isRmia);
  const M = signals.nModels;
  const n = signals.nRows;
  const K = M - 1;
  const usesReferences = name.startsWith('lira') || isRmia;
  if (usesReferences && K < 1) throw new DpauditError(`${name} needs at least one reference model (nModels ≥ 2), got nModels = ${M}`);
  const phi = phiMatrix(signals.logits, signals.labels, M);
  const scores = new Float64Array(M * n);
  const isMember = Uint8Array.from(signals.inMask);
  const diagnostics = { fallbackIn: 0, fallbackOut: 0, flooredSigma: 0 };
  const conventions: Record<string, string | number> = {
    signal: 'φ = s if y = 1 else −s; p_y = σ(φ); loss = softplus(−φ)',
    pooling: `each of the ${M} models is the target once, the other ${K} are its references; scores pooled over targets`,
  };
  let tunedA: number[] | null = null;
  const add = (t: number, r: TargetScores): void => {
    scores.set(r.scores, t * n);
    diagnostics.fallbackIn += r.fallbackIn;
    diagnostics.fallbackOut += r.fallbackOut;
    diagnostics.flooredSigma += r.flooredSigma;
  };

  switch (name) {
    case 'loss':
    case 'confidence':
    case 'mentr': {
      const f = name === 'loss' ? lossScores : name === 'confidence' ? confidenceScores : mentrScores;
      conventions.score =
        name === 'loss'
          ? '−loss (Yeom et al. 2018)'
          : name === 'confidence'
            ? 'p_y'
            : '−Mentr, Mentr = −(1 − p_y) log p_y − p_{1−y} log(1 − p_{1−y}) (Song & Mittal 2021, binary)';
      for (let t = 0; t < M; t++) scores.set(f(phi, n, t), t * n);
      break;
    }
    case 'lira-online':
    case 'lira-offline': {
      const variance = resolveVariance(options.variance ?? 'auto', K);
      const centre = options.centre ?? 'mean';
      const convention = options.offline ?? 'paper';
      conventions.variance =
        variance === 'fixed'
          ? `fixed (one σ_in and one σ_out per target, from its K reference models only: √(Σ (φ − μ_row)² / Σ (c_row − 1)), ddof = 1 per row)${options.variance === undefined || options.variance === 'auto' ? `; auto: K = ${K} < 64` : ''}`
          : `per-example (deviation from the row centre, ddof = 1)${options.variance === undefined || options.variance === 'auto' ? `; auto: K = ${K} ≥ 64` : ''}`;
      conventions.centre = centre;
      conventions.sigmaFloor = SIGMA_FLOOR;
      conventions.degenerate = 'a row with no IN (OUT) reference uses the global mean and std of all IN (OUT) reference values';
      const online = name === 'lira-online';
      if (!online) conventions.offline = convention;
      conventions.score = liraScoreConvention(online, convention, 'φ');
      liraPerTarget(phi, signals.inMask, n, M, { online, variance, centre, convention }, add);
      break;
    }
    case 'rmia-online':
    case 'rmia-offline': {
      const pop = signals.population!;
      const gamma = options.gamma ?? 1;
      if (!(gamma > 0)) throw new DpauditError(`RMIA γ must be positive, got ${gamma}`);
      const py = probOfPhi(phi);
      const pyPop = probOfPhi(phiMatrix(pop.logits, pop.labels, M));
      conventions.gamma = gamma;
      conventions.population = `held-out test split (${pop.nRows} rows); Pr(z) = mean p_y over all reference models`;
      conventions.score = 'fraction of population z with r_x / r_z > γ, r = Pr(·|θ)/Pr(·), Pr(·|θ) = p_y';
      if (name === 'rmia-online') {
        conventions.prX = 'online: mean p_y over all reference models';
        for (let t = 0; t < M; t++)
          add(t, rmiaScores(py, signals.inMask, n, pyPop, pop.nRows, t, referencesOf(M, t), { mode: { kind: 'online' }, gamma }));
      } else {
        conventions.prX = 'offline: ½[(1 + a)·mean p_y over OUT references + (1 − a)]; no OUT reference → global OUT mean';
        if (options.rmiaA !== undefined) {
          if (!(options.rmiaA >= 0 && options.rmiaA <= 1)) throw new DpauditError(`RMIA a must be in [0, 1], got ${options.rmiaA}`);
          conventions.a = `fixed at ${options.rmiaA}`;
        } else {
          const grid = options.aGrid ?? DEFAULT_A_GRID;
          conventions.a = `tuned per target on its references: each reference attacked by the others, a from {${grid.join(', ')}} maximising the pooled AUC (ties: smallest a)`;
          tunedA = [];
        }
        for (let t = 0; t < M; t++) {
          const refs = referencesOf(M, t);
          let a = options.rmiaA;
          if (a === undefined) {
            a = tuneOfflineA(py, signals.inMask, n, pyPop, pop.nRows, refs, gamma, options.aGrid ?? DEFAULT_A_GRID).a;
            tunedA!.push(a);
          }
          add(t, rmiaScores(py, signals.inMask, n, pyPop, pop.nRows, t, refs, { mode: { kind: 'offline', a }, gamma }));
        }
      }
      break;
    }
  }
  const convention = Object.entries(conventions)
    .map(([k, v]) => `${k}: ${v}`)
    .join('; ');
  return { attack: name, scores, isMember, convention, conventions, diagnostics, tunedA };
}
