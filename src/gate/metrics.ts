/**
 * The metric catalogue of the policy language: every metric name a check may select, what it needs
 * (attack, group, FPR level, bound method) and whether it carries a CI. Field access into results.json
 * lives in ./select.ts, not here.
 */
import { DISPARITY_KEYS, METRIC_KEYS, RATE_KEYS } from '../../metrics/fairness/types.js';
import { disparityName } from '../../metrics/fairness/names.js';

export type MetricFamily = 'utility' | 'privacy' | 'attack' | 'oneRun' | 'group' | 'disparity';

export interface MetricSpec {
  family: MetricFamily;
  /** The metric inside its family: "auc", "tprAtFpr", "equalizedOddsDifference", "count" … */
  key: string;
  /** Plain-language name for sentences. */
  label: string;
  /** The value has a confidence interval (so ciLow / ciHigh are meaningful). */
  hasCi: boolean;
  attack: 'required' | 'forbidden';
  group: 'required' | 'optional' | 'forbidden';
  /** `grouping` (which attribute combination) may narrow the groups. */
  grouping: boolean;
  /** `variant` (betweenGroups, toOverall …) applies. */
  variant: boolean;
  fpr: boolean;
  method: boolean;
}

const base = { attack: 'forbidden', group: 'forbidden', grouping: false, variant: false, fpr: false, method: false } as const;

const GROUP_LABELS: Record<string, string> = {
  count: 'row count',
  nPos: 'number of positives',
  nNeg: 'number of negatives',
  nPredPos: 'number of predicted positives',
  tp: 'true positives',
  fp: 'false positives',
  tn: 'true negatives',
  fn: 'false negatives',
  baseRate: 'base rate',
  selectionRate: 'selection rate',
  tpr: 'TPR (sensitivity)',
  fpr: 'FPR',
  tnr: 'TNR (specificity)',
  fnr: 'FNR',
  precision: 'precision',
  npv: 'NPV',
  accuracy: 'accuracy',
  balancedAccuracy: 'balanced accuracy',
  rocAuc: 'ROC AUC',
  brier: 'Brier score',
  ece: 'ECE',
};

function buildCatalogue(): Record<string, MetricSpec> {
  const m: Record<string, MetricSpec> = {
    'utility.auc': { ...base, family: 'utility', key: 'auc', label: 'Test AUC', hasCi: true },
    'utility.accuracy': { ...base, family: 'utility', key: 'accuracy', label: 'Test accuracy', hasCi: true },
    'utility.balancedAccuracy': { ...base, family: 'utility', key: 'balancedAccuracy', label: 'Test balanced accuracy', hasCi: true },
    'utility.brier': { ...base, family: 'utility', key: 'brier', label: 'Test Brier score', hasCi: true },
    'privacy.epsilon': { ...base, family: 'privacy', key: 'epsilon', label: 'Accountant ε', hasCi: false },
    'attack.auc': {
      ...base,
      family: 'attack',
      key: 'auc',
      label: 'Attack AUC',
      hasCi: true,
      attack: 'required',
      group: 'optional',
      grouping: true,
    },
    'attack.advantage': {
      ...base,
      family: 'attack',
      key: 'advantage',
      label: 'Attack advantage',
      hasCi: false,
      attack: 'required',
      group: 'optional',
      grouping: true,
    },
    'attack.tprAtFpr': { ...base, family: 'attack', key: 'tprAtFpr', label: 'Attack TPR', hasCi: true, attack: 'required', fpr: true },
    'attack.epsilonLb': {
      ...base,
      family: 'attack',
      key: 'epsilonLb',
      label: 'Empirical ε lower bound',
      hasCi: false,
      attack: 'required',
      method: true,
    },
    'oneRun.epsilonLb': { ...base, family: 'oneRun', key: 'epsilonLb', label: 'One-run ε lower bound', hasCi: false },
  };
  const rates = new Set<string>(RATE_KEYS);
  for (const k of METRIC_KEYS) {
    m[`group.${k}`] = {
      ...base,
      family: 'group',
      key: k,
      label: `Group ${GROUP_LABELS[k] ?? k}`,
      hasCi: rates.has(k),
      group: 'required',
      grouping: true,
    };
  }
  for (const k of DISPARITY_KEYS) {
    m[`disparity.${k}`] = {
      ...base,
      family: 'disparity',
      key: k,
      label: disparityName(k).title,
      hasCi: true,
      grouping: true,
      variant: true,
    };
  }
  return m;
}

export const METRICS: Readonly<Record<string, MetricSpec>> = buildCatalogue();
export const METRIC_NAMES = Object.keys(METRICS) as [string, ...string[]];

export function metricSpec(name: string): MetricSpec {
  const s = METRICS[name];
  if (!s) throw new Error(`unknown gate metric ${name}`);
  return s;
}
