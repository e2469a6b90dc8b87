/**
 * The DP reporting checklist: the items the medical-DP literature most often fails to report,
 * each answered from results.json (or "not recorded" when the sweep did not record it).
 */
import type { ResultsV1 } from '../../src/results/types.js';
import { fmt, fmtEpsilon } from '../format.js';
import { unitSentence } from '../../src/results/unit-sentence.js';
import { trainerEpsilonDisagrees, trainerEpsilonRows } from './trainer.js';

export interface ChecklistItem {
  item: string;
  value: string;
  /** Extra lines (one per arm, preprocessing steps...). */
  details: string[];
}

const NOT_RECORDED = 'not recorded';

function cfg(results: ResultsV1, key: string): string | null {
  const v = results.config[key];
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return v.map(String).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function buildChecklist(results: ResultsV1): ChecklistItem[] {
  const dp = results.arms.filter((a) => a.kind === 'dp');
  const any = dp[0] ?? results.arms[0];
  const items: ChecklistItem[] = [];
  const add = (item: string, value: string, details: string[] = []) => items.push({ item, value, details });
  const idCol = cfg(results, 'id');
  // The label says "Privacy unit": the value does not repeat it.
  const unit = unitSentence(results).replace(/^Privacy unit:\s*/, '');
  add('Privacy unit', `${unit.charAt(0).toUpperCase()}${unit.slice(1)}`, [
    ...results.arms.flatMap((a) => {
      const f = a.privacy.federation;
      if (a.kind !== 'federated' || !f || f.mode === 'none') return [];
      return f.mode === 'server-dp'
        ? [
            `${a.arm} (server-dp): ε = ${fmt(f.epsilon)} protects a whole site (all of one site's records) in the sequence of global models; a record's ε is at most the site's (${fmt(f.recordEpsilon)}); the server sees updates before noise and must be trusted`,
          ]
        : [`${a.arm} (local-dp): ε = ${fmt(f.epsilon)} protects one record of a site (each site runs DP-SGD; the largest site ε)`];
    }),
    ...results.arms
      .filter((a) => a.privacy.patientEpsilon)
      .map((a) => {
        const pe = a.privacy.patientEpsilon;
        return pe
          ? `${a.arm}: record ε = ${fmt(a.privacy.epsilon)}; a patient with ${pe.largest.k} rows (largest) ε = ${fmt(pe.largest.epsilon)}, with ${pe.median.k} rows (median) ε = ${fmt(pe.median.epsilon)} (${pe.largest.accountant}; generic group conversion: ${fmt(pe.largest.generic.epsilon)} at δ = ${fmt(pe.largest.generic.delta, 3)})`
          : '';
      }),
  ]);
  void idCol;
  add(
    'ε, δ and δ·N',
    dp.length ? `δ = ${any.privacy.delta}` : 'no DP arm',
    dp.map(
      (a) =>
        `${a.arm}: ε = ${fmt(a.privacy.epsilon)}${a.privacy.epsilonRdp !== null ? ` (RDP: ${fmt(a.privacy.epsilonRdp)}${a.privacy.rdpOrder !== null ? ` at α = ${a.privacy.rdpOrder}` : ''})` : ''}, δ = ${a.privacy.delta}, δ·N = ${fmt(a.privacy.deltaTimesN, 4)}${a.privacy.deltaTimesN >= 1 ? ' (δ ≥ 1/N: too large)' : ''}`,
    ),
  );
  // An external trainer's own ε next to dpaudit's, flagged where they disagree.
  const trainerRows = trainerEpsilonRows(results);
  if (trainerRows.length)
    add(
      'External trainer’s own ε',
      `${results.trainer?.command.join(' ') ?? ''}${results.trainer?.version ? ` (version ${results.trainer.version})` : ''}: ${trainerEpsilonDisagrees(trainerRows) ? 'DISAGREES with dpaudit’s accounted ε in at least one arm' : 'agrees with dpaudit’s accounted ε where stated'}`,
      trainerRows.map((r) => r.text),
    );
  add('Accountant', any ? `${any.privacy.accountant} (dpaudit ${results.audit.dpauditVersion})` : NOT_RECORDED);
  add('Clipping norm C', any?.privacy.clip != null ? fmt(any.privacy.clip) : NOT_RECORDED);
  add(
    'Noise multiplier σ per ε',
    dp.length ? '' : 'no DP arm',
    dp.map((a) => `${fmtEpsilon(a.epsilon)}: σ = ${fmt(a.privacy.noiseMultiplier, 4)}`),
  );
  add(
    'Sampling',
    any
      ? any.privacy.batchSize
        ? `Poisson sampling of patients, rate q = ${fmt(any.privacy.sampleRate, 5)} (expected batch ${any.privacy.batchSize.value} of N = ${any.privacy.n} patients; ${any.privacy.batchSize.rule === 'from-units' ? 'chosen from the number of patients' : '--batch-size'})`
        : `Poisson sampling, rate q = ${fmt(any.privacy.sampleRate, 5)} (expected batch ${cfg(results, 'batchSize') ?? NOT_RECORDED} of N = ${any.privacy.n})`
      : NOT_RECORDED,
  );
  add('Epochs / steps', `${cfg(results, 'epochs') ?? NOT_RECORDED} epochs, ${any ? any.privacy.steps : NOT_RECORDED} steps`);
  add(
    'Calibration target',
    dp.length ? 'smallest σ whose ε does not exceed the target' : 'no DP arm',
    dp.map((a) => `target ${fmtEpsilon(a.privacy.targetEpsilon)} → achieved ε = ${fmt(a.privacy.epsilon)}`),
  );
  add(
    'Optimiser',
    `${cfg(results, 'optimizer') ?? NOT_RECORDED}, learning rate ${cfg(results, 'lr') ?? NOT_RECORDED}${cfg(results, 'momentum') ? `, momentum ${cfg(results, 'momentum')}` : ''}; model ${cfg(results, 'model') ?? NOT_RECORDED}${cfg(results, 'hidden') ? ` (hidden ${cfg(results, 'hidden')})` : ''}`,
  );
  add('Seeds', `root seed ${cfg(results, 'seed') ?? '1 (default)'}; ${any ? any.seeds : NOT_RECORDED} seed(s) per arm`);
  add(
    'Backend',
    `${results.backend.name}${results.backend.simd === null ? '' : results.backend.simd ? ' (SIMD)' : ' (no SIMD)'}, TensorFlow.js ${results.backend.tfjsVersion}`,
  );
  const secure = results.config.secureNoise;
  add(
    'Secure noise',
    secure === true
      ? 'yes: Gaussian noise from node:crypto'
      : secure === false
        ? 'no: noise from the seeded generator (reproducible, not cryptographically secure)'
        : NOT_RECORDED,
  );
  add(
    'Data-dependent preprocessing (not covered by ε)',
    results.dataset.preprocessing.length ? `${results.dataset.preprocessing.length} step(s)` : 'none',
    results.dataset.preprocessing,
  );
  add(
    'Hyperparameter tuning',
    'hyperparameters come from the configuration; dpaudit does not tune them on the data. Any tuning done on this data before the audit consumes privacy budget that ε does not include.',
  );
  add(
    'Dataset and subgroup sizes',
    `${results.dataset.rows} rows (train ${results.dataset.splits.train}, validation ${results.dataset.splits.validation}, test ${results.dataset.splits.test}); subgroup sizes in the Data section`,
  );
  add('Software version', `dpaudit ${results.tool.version}`);
  add('Command line', results.audit.commandLine);
  add('Config hash (SHA-256)', results.audit.configSha256);
  return items;
}
