/**
 * The plain-language sentence of a check, e.g. "Attack AUC (worst attack, upper CI bound) of every DP
 * arm must be ≤ 0.55", shown in the report, the Markdown summary and JUnit.
 */
import { FAIRNESS_RULE } from '../../metrics/fairness/rule.js';
import { metricSpec } from './metrics.js';
import { WORST_ATTACK, WORST_GROUP, type PolicyCheckSpec, type Selector } from './policy-schema.js';
import { COMPARATOR_SYMBOL, fmt } from './format.js';

export function armPhrase(arm: string): string {
  if (arm === 'nondp') return 'the non-DP model';
  if (arm === 'cliponly') return 'the clip-only model';
  if (arm === 'every-dp') return 'every DP arm';
  if (arm === 'every') return 'every arm';
  return `${arm} (ε = ${arm.slice(3)})`;
}

function qualifiers(sel: Selector): string[] {
  const q: string[] = [];
  const spec = metricSpec(sel.metric);
  if (sel.fpr !== undefined) q.push(`at FPR ${fmt(sel.fpr * 100)} %`);
  if (sel.method !== undefined) q.push(`method ${sel.method}`);
  if (sel.attack !== undefined) q.push(sel.attack === WORST_ATTACK ? 'worst attack' : sel.attack);
  if (sel.group !== undefined) {
    q.push(
      sel.group === WORST_GROUP
        ? 'every reported group'
        : Object.entries(sel.group)
            .map(([k, v]) => `${k} = ${String(v)}`)
            .join(', '),
    );
  }
  if (sel.grouping !== undefined) q.push(`grouping ${sel.grouping.join(' × ')}`);
  if (spec.variant) q.push(sel.variant ?? FAIRNESS_RULE.variant);
  if (sel.statistic === 'ciHigh') q.push('upper CI bound');
  if (sel.statistic === 'ciLow') q.push('lower CI bound');
  return q;
}

/** "0.55", "0.95 × non-DP", "non-DP + 0.05", "0.9 × non-DP − 0.01". */
export function thresholdPhrase(c: Pick<PolicyCheckSpec, 'threshold' | 'relativeTo' | 'factor' | 'offset'>): string {
  if (c.relativeTo === undefined) return fmt(c.threshold);
  const f = c.factor ?? 1;
  const o = c.offset ?? 0;
  let s = f === 1 ? 'non-DP' : `${fmt(f)} × non-DP`;
  if (o > 0) s += ` + ${fmt(o)}`;
  if (o < 0) s += ` − ${fmt(-o)}`;
  return s;
}

export function checkSentence(c: PolicyCheckSpec): string {
  if (c.sentence !== undefined) return c.sentence;
  const spec = metricSpec(c.select.metric);
  const q = qualifiers(c.select);
  const label = q.length > 0 ? `${spec.label} (${q.join(', ')})` : spec.label;
  return `${label} of ${armPhrase(c.select.arm)} must be ${COMPARATOR_SYMBOL[c.comparator]} ${thresholdPhrase(c)}`;
}
