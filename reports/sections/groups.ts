/**
 * Per-group table (Aequitas-style, docs/methods.md#who-pays): for the non-DP arm, the recommended
 * arm and the largest ε, each group's n, base rate, sensitivity (TPR), false-positive rate, PPV and
 * calibration error (ECE) with their bootstrap CIs. Each grouping names its reference group; a value
 * outside the tolerance band around the reference is marked (TPR, FPR, PPV: ratio to the reference outside
 * [0.8, 1.25]; ECE: more than the ECE tolerance above the reference). Suppressed cells carry no numbers.
 */
import type { ArmResult, ResultsV1 } from '../../src/results/types.js';
import { fmt, fmtCiOrDegenerate, MISSING } from '../format.js';
import { readFairness, type GroupView } from '../read/fairness.js';
import { groupLabel } from '../read/guards.js';
import { focusArm } from './summary.js';

export const RATIO_BAND: [number, number] = [0.8, 1.25];

export interface GroupCell {
  text: string;
  cls: string;
  title: string;
}

export interface GroupTableRow {
  group: string;
  arm: string;
  /** First row of a group (the group label cell spans the arms). */
  first: boolean;
  span: number;
  reference: boolean;
  cells: GroupCell[];
}

export interface GroupTable {
  title: string;
  reference: string;
  rows: GroupTableRow[];
}

export interface GroupsView {
  arms: string[];
  tables: GroupTable[];
  band: string;
  columns: string[];
}

const METRICS = [
  { key: 'tpr', name: 'Sensitivity (TPR)', band: 'ratio' },
  { key: 'fpr', name: 'False-positive rate', band: 'ratio' },
  { key: 'precision', name: 'PPV (precision)', band: 'ratio' },
  { key: 'ece', name: 'Calibration error (ECE)', band: 'ece' },
] as const;

/** The arms the table compares: non-DP, the recommended (or summarised) arm, the largest ε; no duplicates. */
export function tableArms(results: ResultsV1): ArmResult[] {
  const out: ArmResult[] = [];
  const add = (a: ArmResult | null | undefined) => {
    if (a && !out.includes(a)) out.push(a);
  };
  add(results.arms.find((a) => a.kind === 'nondp'));
  add(focusArm(results));
  const dp = results.arms.filter((a) => a.kind === 'dp' && a.epsilon !== null);
  add(dp.reduce<ArmResult | null>((b, a) => (b === null || (a.epsilon ?? 0) > (b.epsilon ?? 0) ? a : b), null));
  return out;
}

const withCi = (v: number | null | undefined, ci: { lo: number | null; hi: number | null } | undefined): string =>
  v === null || v === undefined ? MISSING : `${fmt(v)}${ci ? ` ${fmtCiOrDegenerate(ci)}` : ''}`;

export function buildGroups(results: ResultsV1): GroupsView | null {
  const arms = tableArms(results);
  if (arms.length === 0) return null;
  // Results written before per-group tolerances existed: the sweep's default (0.05).
  const eceTol = results.recommendation.tolerances.groupEceIncrease ?? 0.05;
  const views = arms.map((a) => readFairness(a.fairness));
  const first = views[0];
  if (!first) return null;
  // The patient as the unit: cells show rows and distinct patients, and suppression counts patients.
  const patientUnit = arms.some((a) => a.fairness?.groupings.some((g) => g.groups.some((c) => 'patients' in c)) ?? false);
  const tables: GroupTable[] = [];
  first.groupings.forEach((g, gi) => {
    const rawRef = arms[0].fairness?.groupings[gi]?.reference;
    const refLabel = rawRef ? groupLabel(rawRef) : '';
    const rows: GroupTableRow[] = [];
    const labels = g.groups.map((x) => x.label);
    const sorted = [...labels].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    const shown = (label: string) => {
      const c = g.groups.find((x) => x.label === label);
      return c && g.attributes.length === 1 ? (c.values[g.attributes[0]] ?? label) : label;
    };
    for (const label of sorted) {
      arms.forEach((arm, ai) => {
        const grouping = views[ai]?.groupings.find((x) => x.attributes.join('\u0000') === g.attributes.join('\u0000'));
        const cell: GroupView | undefined = grouping?.groups.find((x) => x.label === label);
        const ref = grouping?.groups.find((x) => x.label === refLabel);
        const row: GroupTableRow = {
          group: shown(label),
          arm: arm.arm,
          first: ai === 0,
          span: arms.length,
          reference: label === refLabel,
          cells: [],
        };
        if (!cell || cell.suppressed) {
          const k = results.suppressBelow;
          row.cells.push({
            text: `< ${k}`,
            cls: 'num suppressed',
            title: `suppressed: fewer ${patientUnit ? 'patients' : 'rows'} than the suppression threshold`,
          });
          for (let i = 0; i < 1 + METRICS.length; i++) row.cells.push({ text: 'suppressed', cls: 'suppressed', title: '' });
          rows.push(row);
          return;
        }
        const n = cell.metrics.count;
        row.cells.push({
          text: n === null || n === undefined ? MISSING : cell.patients !== undefined ? `${n} (${cell.patients} pat.)` : String(n),
          cls: `num${cell.smallGroup ? ' small' : ''}`,
          title: [
            cell.patients !== undefined ? `${n} rows of ${cell.patients} distinct patients` : '',
            cell.smallGroup ? 'small group: wide intervals' : '',
          ]
            .filter(Boolean)
            .join('; '),
        });
        row.cells.push({ text: withCi(cell.metrics.baseRate, cell.ci.baseRate), cls: 'num', title: '' });
        for (const m of METRICS) {
          const v = cell.metrics[m.key] ?? null;
          let cls = 'num';
          let title = '';
          const r = ref && !ref.suppressed ? (ref.metrics[m.key] ?? null) : null;
          if (v !== null && r !== null && label !== refLabel) {
            if (m.band === 'ratio' && r > 0) {
              const ratio = v / r;
              if (ratio < RATIO_BAND[0] || ratio > RATIO_BAND[1]) {
                cls += ' out-band';
                title = `${fmt(ratio, 2)} × the reference group (outside ${RATIO_BAND[0]}–${RATIO_BAND[1]})`;
              }
            } else if (m.band === 'ece' && v - r > eceTol) {
              cls += ' out-band';
              title = `${fmt(v - r)} above the reference group (tolerance ${eceTol})`;
            }
          }
          row.cells.push({ text: `${withCi(v, cell.ci[m.key])}${cls.includes('out-band') ? ' ◆' : ''}`, cls, title });
        }
        rows.push(row);
      });
    }
    tables.push({ title: g.attributes.join(' × '), reference: refLabel || 'not named', rows });
  });
  return {
    arms: arms.map((a) => a.arm),
    tables,
    band: `◆ marks a value outside the tolerance band around the reference group: for sensitivity, false-positive rate and PPV a ratio to the reference outside ${RATIO_BAND[0]}–${RATIO_BAND[1]} (the Aequitas convention); for calibration error more than ${eceTol} above the reference.`,
    columns: ['Group', 'Arm', 'n (test)', 'Base rate', ...METRICS.map((m) => m.name)],
  };
}
