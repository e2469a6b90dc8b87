/**
 * Checks of a gate policy against what a sweep is about to produce, run before any training: a selector
 * that can only match nothing (an arm that is not swept, an attack that is not run, a sensitive attribute
 * or level that is not in the data) is found now, not after hours of training. Checks with
 * `onMissing: warn` are left alone (they are allowed to match nothing).
 */
import { DpauditError } from '../errors.js';
import type { GatePolicy } from './policy.js';
import { WORST_ATTACK, WORST_GROUP } from './policy-schema.js';

export interface SweepPlanView {
  /** ε of the DP arms. */
  epsilons: number[];
  /** Attacks that will be run. */
  attacks: string[];
  /** Sensitive attribute → its levels in the data. */
  sensitive: Record<string, string[]>;
}

export function precheckPolicy(policy: GatePolicy, plan: SweepPlanView): void {
  const arms = ['nondp', 'cliponly', ...plan.epsilons.map((e) => `dp@${e}`)];
  for (const c of policy.checks) {
    if (c.onMissing === 'warn') continue;
    const s = c.select;
    const problem = ((): string | null => {
      if (s.arm.startsWith('dp@') && !plan.epsilons.includes(Number(s.arm.slice(3))))
        return `no arm matches ${s.arm} (this sweep has ${arms.join(', ')})`;
      if ((s.arm === 'every-dp' || s.arm.startsWith('dp@')) && plan.epsilons.length === 0) return `no DP arm in this sweep`;
      if (s.attack !== undefined && s.attack !== WORST_ATTACK && !plan.attacks.includes(s.attack))
        return `attack ${s.attack} is not run (attacks: ${plan.attacks.join(', ')})`;
      const attrs = Object.keys(plan.sensitive);
      for (const a of s.grouping ?? [])
        if (!attrs.includes(a)) return `grouping names ${a}, which is not a sensitive attribute (${attrs.join(', ') || 'none'})`;
      if (s.group !== undefined && s.group !== WORST_GROUP) {
        for (const [a, v] of Object.entries(s.group)) {
          if (!attrs.includes(a)) return `group names ${a}, which is not a sensitive attribute (${attrs.join(', ') || 'none'})`;
          if (!plan.sensitive[a].includes(String(v)))
            return `${a} has no level ${JSON.stringify(String(v))} (levels: ${plan.sensitive[a].join(', ')})`;
        }
      }
      if ((s.metric.startsWith('group.') || s.metric.startsWith('disparity.')) && attrs.length === 0)
        return 'no sensitive attributes: there are no groups';
      return null;
    })();
    if (problem !== null)
      throw new DpauditError(`check ${JSON.stringify(c.id)}: ${problem}; nothing was trained (set onMissing: warn to allow it)`, {
        location: { file: policy.file, ...(c.line !== undefined ? { line: c.line } : {}) },
      });
  }
}
