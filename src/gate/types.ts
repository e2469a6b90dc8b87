/**
 * Public types of the gate: the evaluated outcome written to `DIR/gate.json` and embedded in results.json as
 * `results.gate`. They are part of the results contract (src/results/gate.ts, zod schema and inferred types).
 */
export type {
  GateStatus,
  GateInterval,
  GateValue,
  ItemStatus,
  GateItem,
  GateCheckResult,
  GateResult,
} from '../results/gate.js';
