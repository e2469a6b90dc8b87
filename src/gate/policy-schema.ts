/**
 * The gate policy file (`gate.yml`), zod-validated: built-in checks that can only be switched off, and a
 * list of user checks (id, metric selector, comparator, absolute or non-DP-relative threshold, severity,
 * onMissing). `schemas/gate.schema.json` is generated from this schema.
 */
import { z } from 'zod';
import { DISPARITY_VARIANTS } from '../../metrics/fairness/types.js';
import { METRICS, METRIC_NAMES } from './metrics.js';

import { COMPARATORS, type Comparator, type Severity } from '../results/gate.js';

export { COMPARATORS, type Comparator, type Severity };
export const STATISTICS = ['value', 'ciLow', 'ciHigh'] as const;
export type Statistic = (typeof STATISTICS)[number];

/**
 * Arm selectors. Centralised: nondp | cliponly | dp@ε | every-dp (the centralised DP arms only). Federated
 * (docs/methods.md#federated): fed-none | fed-local@ε | fed-server@ε | every-fed (all federated arms) |
 * every-fed-dp (fed-local and fed-server) | every-fed-local | every-fed-server. `every`: every arm. ε is matched
 * as for dp@ε: the arm's ε or its target.
 */
export const ARM_PATTERN =
  '^(nondp|cliponly|every-dp|every|fed-none|every-fed|every-fed-dp|every-fed-local|every-fed-server|(dp|fed-local|fed-server)@(0|[1-9][0-9]*)(\\.[0-9]+)?)$';
export const ARM_SELECTORS_TEXT =
  'nondp | cliponly | dp@ε | every-dp | fed-none | fed-local@ε | fed-server@ε | every-fed | every-fed-dp | every-fed-local | every-fed-server | every';
/** Why an arm selector is rejected, in one phrase (null when it is valid). */
export function armSelectorProblem(arm: string): string | null {
  if (new RegExp(ARM_PATTERN).test(arm)) return null;
  if (/^(every-)?fed/.test(arm))
    return 'a federated arm selector must be fed-none, fed-local@ε or fed-server@ε (e.g. fed-local@4), every-fed, every-fed-dp, every-fed-local or every-fed-server';
  return 'must be nondp, cliponly, dp@ε (e.g. dp@4), every-dp, every, fed-none, fed-local@ε, fed-server@ε, every-fed, every-fed-dp, every-fed-local or every-fed-server';
}
/** Baseline arms of a relative threshold: the centralised non-DP arm, or the federated arm without DP. */
export const RELATIVE_BASELINES = ['nondp', 'fed-none'] as const;
export const WORST_ATTACK = 'worst-attack';
export const WORST_GROUP = 'worst-group';

const groupSelector = z.union([
  z.literal(WORST_GROUP),
  z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
    .refine((r) => Object.keys(r).length > 0, 'a group needs at least one attribute'),
]);

export const selectorSchema = z
  .strictObject({
    metric: z
      .enum(METRIC_NAMES)
      .describe('metric name, e.g. attack.auc, attack.tprAtFpr, utility.auc, group.count, disparity.equalizedOddsDifference'),
    arm: z
      .string()
      .regex(new RegExp(ARM_PATTERN), { error: (iss) => armSelectorProblem(String(iss.input)) ?? undefined })
      .describe(ARM_SELECTORS_TEXT),
    attack: z.string().min(1).optional().describe(`attack name (e.g. lira-online) or ${WORST_ATTACK}`),
    group: groupSelector.optional().describe(`${WORST_GROUP}, or a group as attribute: value pairs, e.g. {sex: F}`),
    grouping: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe('restrict to the grouping of these attributes, e.g. [sex] or [sex, age_group]'),
    variant: z
      .enum(DISPARITY_VARIANTS)
      .optional()
      .describe('disparity variant (default betweenGroupsExcludingSmall: the fairness rule of the ε recommendation)'),
    fpr: z.number().gt(0).lt(1).optional().describe('FPR level of attack.tprAtFpr, e.g. 0.001'),
    method: z.string().min(1).optional().describe('ε bound method of attack.epsilonLb, e.g. clopper-pearson (GDP bounds are never gated)'),
    statistic: z.enum(STATISTICS).default('value').describe('value, or the lower / upper CI bound'),
  })
  .superRefine((s, ctx) => {
    const spec = METRICS[s.metric];
    if (!spec) return;
    const need = (present: boolean, rule: 'required' | 'optional' | 'forbidden' | boolean, key: string, what: string) => {
      if ((rule === 'required' || rule === true) && !present && key !== 'grouping' && key !== 'variant') {
        ctx.addIssue({ code: 'custom', path: [key], message: `metric ${s.metric} needs ${what}` });
      } else if ((rule === 'forbidden' || rule === false) && present) {
        ctx.addIssue({ code: 'custom', path: [key], message: `metric ${s.metric} takes no ${key}` });
      }
    };
    need(s.attack !== undefined, spec.attack, 'attack', `an attack (a name or ${WORST_ATTACK})`);
    need(s.group !== undefined, spec.group, 'group', `a group (${WORST_GROUP} or attribute: value pairs)`);
    need(s.grouping !== undefined, spec.grouping, 'grouping', 'a grouping');
    need(s.variant !== undefined, spec.variant, 'variant', 'a variant');
    need(s.fpr !== undefined, spec.fpr, 'fpr', 'an FPR level (fpr: 0.001)');
    need(s.method !== undefined, spec.method, 'method', 'a bound method (method: clopper-pearson)');
    if (s.method !== undefined && /gdp/i.test(s.method)) {
      ctx.addIssue({ code: 'custom', path: ['method'], message: 'GDP-derived ε bounds are never gated (they assume μ-GDP)' });
    }
    if (s.statistic !== 'value' && !spec.hasCi) {
      ctx.addIssue({ code: 'custom', path: ['statistic'], message: `metric ${s.metric} has no confidence interval: use statistic: value` });
    }
  });

export const checkSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be letters, digits, ".", "_" or "-"')
      .describe('unique check id'),
    sentence: z.string().min(1).optional().describe('plain-language statement of the check (generated when absent)'),
    select: selectorSchema,
    comparator: z.enum(COMPARATORS),
    threshold: z.number().optional().describe('absolute threshold (not with relativeTo)'),
    relativeTo: z
      .enum(RELATIVE_BASELINES)
      .optional()
      .describe(
        'threshold = factor × (baseline value) + offset; baseline nondp (the centralised non-DP arm) or fed-none (federation without DP)',
      ),
    factor: z.number().positive().optional().describe('with relativeTo (default 1)'),
    offset: z.number().optional().describe('with relativeTo (default 0)'),
    severity: z.enum(['fail', 'warn']).default('fail'),
    onMissing: z.enum(['error', 'warn']).default('error').describe('when the selector matches nothing: error (exit 2) or warn'),
  })
  .superRefine((c, ctx) => {
    if (c.relativeTo === undefined) {
      if (c.threshold === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['threshold'],
          message: 'a threshold is required (or relativeTo: nondp or fed-none with factor / offset)',
        });
      if (c.factor !== undefined)
        ctx.addIssue({ code: 'custom', path: ['factor'], message: 'factor needs relativeTo (nondp or fed-none)' });
      if (c.offset !== undefined)
        ctx.addIssue({ code: 'custom', path: ['offset'], message: 'offset needs relativeTo (nondp or fed-none)' });
    } else if (c.threshold !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['threshold'], message: 'use factor / offset with relativeTo, not threshold' });
    }
    if (c.id.startsWith('builtin.')) ctx.addIssue({ code: 'custom', path: ['id'], message: 'ids starting with "builtin." are reserved' });
  });

export const builtinsSchema = z
  .strictObject({
    oneRunEpsilon: z.boolean().default(true).describe('fail when the one-run ε lower bound exceeds the claimed ε'),
    clopperPearsonEpsilon: z
      .boolean()
      .default(true)
      .describe('warn when a Clopper–Pearson ε lower bound exceeds the claimed ε (assumes independent trials)'),
    overlayViolation: z.boolean().default(true).describe('fail when an attack violates the theory overlay'),
    planConformance: z
      .boolean()
      .default(true)
      .describe("fail when an external trainer's report differs from the plan (σ, q, T, C, sampling)"),
  })
  .describe('built-in checks; each is on unless set to false');

export const policySchema = z
  .strictObject({
    version: z.literal(1).default(1).describe('policy format version'),
    allowEmpty: z
      .boolean()
      .optional()
      .describe(
        'true: a policy without checks (only the built-ins, or nothing) is intended; otherwise it is an error (a truncated file must not pass)',
      ),
    builtins: builtinsSchema.prefault({}),
    checks: z.array(checkSchema).default([]),
  })
  .superRefine((p, ctx) => {
    const seen = new Set<string>();
    p.checks.forEach((c, i) => {
      if (seen.has(c.id))
        ctx.addIssue({ code: 'custom', path: ['checks', i, 'id'], message: `duplicate check id ${JSON.stringify(c.id)}` });
      seen.add(c.id);
    });
  });

export type Selector = z.output<typeof selectorSchema>;
export type PolicyCheckSpec = z.output<typeof checkSchema>;
export type PolicyFile = z.output<typeof policySchema>;
