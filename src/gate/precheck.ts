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
  /** Ids of the federated arms (fed-none, fed-local@ε, fed-server@ε); absent or empty without --sites. */
  federatedArms?: string[];
}

const FED_PREFIXES = { 'fed-local': 'local-dp', 'fed-server': 'server-dp' } as const;

/** Why a federated arm selector can match nothing in this sweep, or null (docs/methods.md#federated). */
function federatedProblem(sel: string, fed: readonly string[], arms: readonly string[]): string | null {
  const sweepHas = `this sweep has ${arms.join(', ')}`;
  if (fed.length === 0 && (sel === 'fed-none' || sel.startsWith('fed-') || sel.startsWith('every-fed')))
    return `no federated arm in this sweep (${sweepHas}; federated arms need --sites COLUMN or --sites k)`;
  const local = fed.filter((a) => a.startsWith('fed-local@'));
  const server = fed.filter((a) => a.startsWith('fed-server@'));
  const need = (ok: boolean, what: string) => (ok ? null : `no ${what} in this sweep (${sweepHas}; see --fed-modes)`);
  if (sel === 'every-fed') return null;
  if (sel === 'fed-none') return need(fed.includes('fed-none'), 'arm fed-none (federation without DP)');
  if (sel === 'every-fed-dp') return need(local.length + server.length > 0, 'federated DP arm (fed-local@ε or fed-server@ε)');
  if (sel === 'every-fed-local') return need(local.length > 0, 'fed-local@ε arm');
  if (sel === 'every-fed-server') return need(server.length > 0, 'fed-server@ε arm');
  const at = sel.indexOf('@');
  const prefix = sel.slice(0, at);
  if (prefix !== 'fed-local' && prefix !== 'fed-server') return null;
  const eps = Number(sel.slice(at + 1));
  const same = fed.filter((a) => a.startsWith(`${prefix}@`));
  if (same.length === 0) return need(false, `${prefix}@ε arm (mode ${FED_PREFIXES[prefix]})`);
  return same.some((a) => Number(a.slice(at + 1)) === eps) ? null : `no arm matches ${sel} (${sweepHas})`;
}

export function precheckPolicy(policy: GatePolicy, plan: SweepPlanView): void {
  const fed = plan.federatedArms ?? [];
  const arms = ['nondp', 'cliponly', ...plan.epsilons.map((e) => `dp@${e}`), ...fed];
  for (const c of policy.checks) {
    if (c.onMissing === 'warn') continue;
    const s = c.select;
    const problem = ((): string | null => {
      if (s.arm.startsWith('dp@') && !plan.epsilons.includes(Number(s.arm.slice(3))))
        return `no arm matches ${s.arm} (this sweep has ${arms.join(', ')})`;
      if ((s.arm === 'every-dp' || s.arm.startsWith('dp@')) && plan.epsilons.length === 0) return `no DP arm in this sweep`;
      const fedProblem = federatedProblem(s.arm, fed, arms);
      if (fedProblem !== null) return fedProblem;
      if (c.relativeTo === 'fed-none' && !fed.includes('fed-none'))
        return `relativeTo: fed-none, but this sweep has no arm fed-none (${fed.length === 0 ? 'federated arms need --sites' : 'see --fed-modes'})`;
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
