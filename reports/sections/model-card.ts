/**
 * Model-card section (Mitchell et al. 2019, adapted to an audit): intended use, limitations, the data's
 * caveats, the privacy unit and what this audit cannot show. Built from results.json only; every data-derived
 * string is escaped by the template.
 */
import type { ResultsV1 } from '../../src/results/types.js';
import { fmtPercent } from '../format.js';

export interface ModelCardItem {
  name: string;
  text: string;
  points: string[];
}

export function buildModelCard(results: ResultsV1): ModelCardItem[] {
  const d = results.dataset;
  const cfg = results.config;
  const idCol = typeof cfg.id === 'string' ? cfg.id : null;
  const model = typeof cfg.model === 'string' ? cfg.model : 'model';
  const f = results.arms[0]?.fairness as { groupings?: unknown } | null | undefined;
  const groupings = Array.isArray(f?.groupings) ? (f.groupings as { groups?: unknown }[]) : [];
  const smallGroups = groupings
    .flatMap((g) => (Array.isArray(g?.groups) ? (g.groups as { suppressed?: boolean; flags?: { smallGroup?: boolean } }[]) : []))
    .filter((g) => g?.suppressed === true || g?.flags?.smallGroup === true).length;
  // Patient bootstrap (whole patients resampled): the number of test patients, else null.
  const patientBootstrap =
    results.arms[0]?.fairness?.bootstrap?.unit === 'patient' ? (results.arms[0].fairness.bootstrap.patients ?? 0) : null;
  return [
    {
      name: 'Intended use',
      text: `A research audit of how differentially private training (DP-SGD) changes a ${model} that predicts “${d.label} = ${d.positiveLabel}” from ${d.features.length} column(s) of ${d.file}: its accuracy, its fairness across ${d.sensitive.join(', ') || 'no'} subgroup(s), and how much it leaks about the people it was trained on.`,
      points: [
        'For choosing a privacy budget ε and reviewing its costs before a model is released; not a validated clinical prediction tool.',
        'The decision threshold was chosen on the validation split; sensitivity and false-positive rates change with it.',
      ],
    },
    {
      name: 'Privacy unit',
      text: idCol
        ? `One row of the input file. Rows are split by patient id “${idCol}”, but ε protects one row, not one patient: a patient with k rows is protected at about k·ε.`
        : 'One row of the input file. If a patient can have several rows, ε protects each row, not the patient (group privacy: k rows ≈ k·ε).',
      points: [
        'Standardisation statistics, imputation medians and category lists are computed from the training data and are not covered by ε.',
        'Hyperparameters were not tuned privately: tuning on the same data spends privacy the accountant does not count.',
        ...(results.arms.some((a) => a.privacy.federation?.mode === 'server-dp')
          ? [
              'Federated server-dp arms (fed-server@ε): ε protects a whole site (all of one site’s records), not one row; a row’s ε is at most the site’s, and the server sees updates before noise.',
            ]
          : []),
      ],
    },
    {
      name: 'Data caveats',
      text: `${d.rows} rows (train ${d.splits.train}, validation ${d.splits.validation}, test ${d.splits.test}); outcome rate ${fmtPercent(d.positiveRate, 1)}.`,
      points: [
        ...(d.droppedMissingLabel > 0 ? [`${d.droppedMissingLabel} row(s) without a label were dropped.`] : []),
        ...(d.duplicateRows > 0 ? [`${d.duplicateRows} duplicate row(s): duplicates weaken row-level privacy.`] : []),
        ...(smallGroups > 0
          ? [`${smallGroups} subgroup cell(s) are small or suppressed: their numbers have wide intervals or are hidden.`]
          : []),
        patientBootstrap
          ? `Every per-group fairness and utility number comes from one test split; its intervals are patient bootstrap intervals (whole patients resampled, ${patientBootstrap} test patients) and do not include the variation of training (see seeds); attack AUCs (Leakage) carry DeLong intervals instead. Cells show rows and patients; cells with fewer patients than the suppression threshold are hidden.`
          : 'Every per-group fairness and utility number comes from one test split; its intervals are bootstrap intervals over test rows and do not include the variation of training (see seeds). Attack AUCs (Leakage) carry DeLong intervals instead, which treat the pooled (target model, row) pairs as independent.',
        ...d.warnings,
      ],
    },
    {
      name: 'Limitations',
      text: 'The audit measures one model family with one training configuration per ε; other architectures, learning rates or longer training can change every trade-off shown here.',
      points: [
        'Fairness metrics need enough positive cases per group; groups with few deaths have sensitivity intervals that span most of [0, 1].',
        'Calibration is measured with 10 equal-width bins; small groups have few patients per bin.',
      ],
    },
    {
      name: 'What this audit cannot show',
      text: 'Empirical ε lower bounds show how much leakage the attacks could demonstrate; they never prove that the model is private. Only the accountant’s ε (given a correct implementation) is a guarantee.',
      points: [
        'A “pass” on the leakage checks means the attacks found no violation, not that none exists: weak attacks have low power (a check that cannot fail is marked untestable).',
        'The audit does not test attribute inference, reconstruction, or leakage through the preprocessing statistics.',
        'It does not assess clinical utility, dataset shift, or the harm of errors in a deployment.',
        'This report is not itself differentially private.',
      ],
    },
  ];
}
