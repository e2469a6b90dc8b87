/** The Data section: dataset facts, subgroup sizes (suppressed cells as "< k") and all warnings. */
import type { ResultsV1 } from '../../src/results/types.js';
import { fmtPercent } from '../format.js';
import { readDataGroups } from '../read/data-groups.js';

export interface DataView {
  facts: { name: string; value: string }[];
  groupings: { title: string; rows: { label: string; n: string; suppressed: boolean }[] }[];
  warnings: string[];
  suppressBelow: number;
}

export function buildData(results: ResultsV1): DataView {
  const d = results.dataset;
  const facts = [
    { name: 'File', value: d.file },
    { name: 'Rows', value: String(d.rows) },
    { name: 'Label', value: `${d.label} (positive: ${d.positiveLabel}, ${fmtPercent(d.positiveRate, 1)})` },
    { name: 'Sensitive attributes', value: d.sensitive.join(', ') },
    { name: 'Features', value: `${d.features.length} columns, ${d.encodedFeatures} after encoding: ${d.features.join(', ')}` },
    { name: 'Splits', value: `train ${d.splits.train}, validation ${d.splits.validation}, test ${d.splits.test}` },
    { name: 'Dropped (missing label)', value: String(d.droppedMissingLabel) },
    { name: 'Duplicate rows', value: String(d.duplicateRows) },
  ];
  const k = results.suppressBelow;
  const groupings = readDataGroups(d.groups).map((g) => ({
    title: g.attributes.join(' × '),
    rows: g.rows.map((r) => ({ label: r.label, n: r.suppressed ? `< ${k}` : r.n === null ? '—' : String(r.n), suppressed: r.suppressed })),
  }));
  const warnings = [...d.warnings, ...results.warnings];
  for (const a of results.arms) for (const w of a.privacy.warnings) warnings.push(`${a.arm}: ${w}`);
  return { facts, groupings, warnings: [...new Set(warnings)], suppressBelow: k };
}
