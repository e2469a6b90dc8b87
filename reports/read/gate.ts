/**
 * The report's view of the gate result (`results.gate`, written by src/gate): overall status and
 * one row per check with the plain-language threshold sentence.
 */
import { arr, num, pick, rec, str } from './guards.js';

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

export function gateStatus(v: unknown): GateStatus | null {
  const s = str(v)?.toLowerCase();
  if (s === 'pass' || s === 'passed' || s === 'ok') return 'pass';
  if (s === 'warn' || s === 'warning') return 'warn';
  if (s === 'fail' || s === 'failed') return 'fail';
  if (s === 'error') return 'error';
  return null;
}

function display(v: unknown): string {
  const n = num(v);
  if (n !== null) return String(Number(n.toPrecision(4)));
  const s = str(v);
  if (s !== null) return s;
  const o = rec(v);
  if (o) {
    const value = num(o.value);
    const ci = rec(o.ci);
    if (value !== null) {
      const lo = ci ? num(ci.lo) : null;
      const hi = ci ? num(ci.hi) : null;
      return lo !== null && hi !== null ? `${display(value)} [${display(lo)}, ${display(hi)}]` : display(value);
    }
  }
  return v === null ? 'not measured' : '';
}

function readCheck(v: unknown): GateCheckView | null {
  const o = rec(v);
  if (!o) return null;
  const status = gateStatus(o.status);
  if (status === null) return null;
  const id = str(pick(o, 'id', 'name')) ?? '(unnamed check)';
  return {
    id,
    status,
    sentence: str(pick(o, 'sentence', 'description', 'plain', 'text')) ?? str(o.message) ?? id,
    actual: str(o.actualText) ?? display(pick(o, 'actual', 'value')),
    threshold: str(o.thresholdText) ?? display(o.threshold),
  };
}

export function readGate(v: unknown): GateView | null {
  const o = rec(v);
  if (!o) return null;
  const checks = arr(pick(o, 'checks', 'results'))
    .map(readCheck)
    .filter((c): c is GateCheckView => c !== null);
  const worst: GateStatus = checks.some((c) => c.status === 'error')
    ? 'error'
    : checks.some((c) => c.status === 'fail')
      ? 'fail'
      : checks.some((c) => c.status === 'warn')
        ? 'warn'
        : 'pass';
  const status = gateStatus(pick(o, 'status', 'outcome', 'result')) ?? worst;
  if (checks.length === 0 && gateStatus(pick(o, 'status', 'outcome', 'result')) === null) return null;
  return { status, checks };
}
