/**
 * A release model that does not discriminate on the test split: it predicts one class for every test row
 * (selection rate 0 or 1), or its test AUC is at most 0.5 (no better than chance). Such a model has zero
 * between-group disparity because it treats everyone alike, not because it is fair; the summary, the headline
 * table and the utility-vs-disparity chart flag it so that its disparity is not read as fairness.
 */
import type { ArmResult } from '../../src/results/types.js';
import { fmt } from '../format.js';
import { readFairness } from './fairness.js';

export function degenerateReason(arm: ArmResult): string | null {
  const o = readFairness(arm.fairness)?.overall;
  const sel = o?.selectionRate ?? null;
  const auc = arm.utility.auc.value;
  const parts: string[] = [];
  if (sel === 1) parts.push('predicts every test patient positive');
  else if (sel === 0) parts.push('predicts every test patient negative');
  if (auc !== null && auc <= 0.5) parts.push(`test AUC ${fmt(auc)} ≤ 0.5 (no better than chance)`);
  return parts.length ? parts.join('; ') : null;
}
