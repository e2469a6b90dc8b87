import type { AttackSummary } from '../../metrics/attack-summary.js';
import type { ArmResult } from '../results/types.js';

/** Flat numbers of an arm's attack summaries, for tables/attacks.csv and summary.md. */
export interface AttackRow {
  attack: string;
  auc: number | null;
  aucLo: number | null;
  aucHi: number | null;
  advantage: number | null;
  tpr001: number | null;
  tpr01: number | null;
  tpr1: number | null;
  epsLbCp: number | null;
  epsLbGdp: number | null;
  violated: boolean | null;
}

export function attackRows(a: ArmResult): AttackRow[] {
  return (a.attacks as AttackSummary[]).map((s) => {
    const tpr = (alpha: number) => {
      const t = s.tprAtFpr.find((x) => x.alpha === alpha);
      return t && t.resolved ? t.tpr : null;
    };
    const bound = (prefix: string) => s.epsilonBounds.find((b) => b.method.startsWith(prefix))?.epsilonLb ?? null;
    return {
      attack: s.attack,
      auc: s.auc,
      aucLo: s.aucCi?.lower ?? null,
      aucHi: s.aucCi?.upper ?? null,
      advantage: s.advantage,
      tpr001: tpr(0.001),
      tpr01: tpr(0.01),
      tpr1: tpr(0.1),
      epsLbCp: bound('clopper-pearson'),
      epsLbGdp: bound('gdp'),
      violated: s.violation ? s.violation.violated : null,
    };
  });
}
