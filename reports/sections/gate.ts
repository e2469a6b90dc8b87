/** The gate section (docs/methods.md#gate): overall status and one row per check, PASS/WARN/FAIL. */
import type { ResultsV1 } from '../../src/results/types.js';
import { readGate } from '../read/gate.js';

export interface GateSectionView {
  status: string;
  statusClass: string;
  checks: { id: string; status: string; statusClass: string; sentence: string; actual: string; threshold: string }[];
}

/** null when the results carry no gate (or one the report cannot read). */
export function buildGate(results: ResultsV1): GateSectionView | null {
  const g = readGate(results.gate);
  if (!g) return null;
  return {
    status: g.status.toUpperCase(),
    statusClass: `status-${g.status}`,
    checks: g.checks.map((c) => ({ ...c, status: c.status.toUpperCase(), statusClass: `status-${c.status}` })),
  };
}
