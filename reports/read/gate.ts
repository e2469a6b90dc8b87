/**
 * The report's view of the gate result (`results.gate`, written by src/gate): overall status and
 * one row per check with the plain-language threshold sentence.
 */
import type { GateResult } from '../../src/results/types.js';

export type GateStatus = 'pass' | 'warn' | 'fail' | 'error';

export interface GateCheckView {
  id: string;
  status: GateStatus;
  sentence: string;
  actual: string;
  threshold: string;
}

export interface GateView {
  status: GateStatus;
  checks: GateCheckView[];
}

const lower = (s: GateResult['status']): GateStatus => s.toLowerCase() as GateStatus;

export function readGate(g: GateResult | undefined): GateView | null {
  if (!g) return null;
  return {
    status: lower(g.status),
    checks: g.checks.map((c) => ({
      id: c.id,
      status: lower(c.status),
      sentence: c.sentence,
      actual: c.actualText,
      threshold: c.thresholdText,
    })),
  };
}
