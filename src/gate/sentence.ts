/**
 * The plain-language sentence of a check, e.g. "Attack AUC (worst attack, upper CI bound) of every DP
 * arm must be ≤ 0.55", shown in the report, the Markdown summary and JUnit.
 */
import { FAIRNESS_RULE } from '../../metrics/fairness/rule.js';
import { metricSpec } from './metrics.js';
import { WORST_ATTACK, WORST_GROUP, type PolicyCheckSpec, type Selector } from './policy-schema.js';
import { COMPARATOR_SYMBOL, fmt } from './format.js';

/** An arm selector in plain words (federated arms: docs/methods.md#federated). */
export function armPhrase(arm: string): string {
  if (arm === 'nondp') return 'the non-DP model';
  if (arm === 'cliponly') return 'the clip-only model';
  if (arm === 'every-dp') return 'every DP arm';
  if (arm === 'every') return 'every arm';
  if (arm === 'fed-none') return 'the federated model without DP';
  if (arm === 'every-fed') return 'every federated arm';
  if (arm === 'every-fed-dp') return 'every federated DP arm (local and server-side DP)';
  if (arm === 'every-fed-local') return 'every federated arm with local DP';
  if (arm === 'every-fed-server') return 'every federated arm with server-side DP';
  const at = arm.indexOf('@');
  const eps = arm.slice(at + 1);
  if (arm.startsWith('fed-local@')) return `the federated model with local DP at ε = ${eps}`;
  if (arm.startsWith('fed-server@')) return `the federated model with server-side DP at site-level ε = ${eps}`;
  return `${arm} (ε = ${eps})`;
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

/** "0.55", "0.95 × non-DP", "non-DP + 0.05", "0.9 × non-DP − 0.01", "0.95 × federated non-DP" (relativeTo fed-none). */
export function thresholdPhrase(c: Pick<PolicyCheckSpec, 'threshold' | 'relativeTo' | 'factor' | 'offset'>): string {
  if (c.relativeTo === undefined) return fmt(c.threshold);
  const f = c.factor ?? 1;
  const o = c.offset ?? 0;
  const base = c.relativeTo === 'fed-none' ? 'federated non-DP' : 'non-DP';
  let s = f === 1 ? base : `${fmt(f)} × ${base}`;
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
