/**
 * One colour per arm, used by every chart (Vega-Lite `scale: { domain, range }`): non-DP dark grey,
 * clip-only brown, DP arms a blue ramp from the smallest ε (lightest is avoided: it must print).
 */
import type { ArmResult } from '../src/results/types.js';

export interface ArmScale {
  domain: string[];
  range: string[];
}

const NONDP = '#4d4d4d';
const CLIPONLY = '#a6611a';
const DP_RAMP = ['#08306b', '#08519c', '#2171b5', '#4292c6', '#6baed6'];
const DP_MANY = ['#08306b', '#0b4c8c', '#1966ad', '#2d7fc0', '#4a98cf', '#6aaed6', '#8dc1e0'];

export function armScale(arms: readonly Pick<ArmResult, 'arm' | 'kind' | 'epsilon'>[]): ArmScale {
  const domain: string[] = [];
  const range: string[] = [];
  const dp = arms.filter((a) => a.kind === 'dp').sort((a, b) => (b.epsilon ?? 0) - (a.epsilon ?? 0));
  const ramp = dp.length <= DP_RAMP.length ? DP_RAMP : DP_MANY;
  for (const a of arms) {
    if (a.kind === 'nondp') {
      domain.push(a.arm);
      range.push(NONDP);
    } else if (a.kind === 'cliponly') {
      domain.push(a.arm);
      range.push(CLIPONLY);
    }
  }
  dp.forEach((a, i) => {
    domain.push(a.arm);
    range.push(ramp[Math.min(i, ramp.length - 1)]);
  });
  return { domain, range };
}

/** Colours for things that are not arms. */
export const COLORS = {
  violation: '#d62728',
  ok: '#2ca02c',
  bound: '#000000',
  neutral: '#7f7f7f',
  highlight: '#d62728',
} as const;

/** Categorical palette for attacks, groups and disparity measures (print-safe). */
export const CATEGORY = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#666666'];
