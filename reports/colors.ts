/**
 * One colour per arm, used by every chart (Vega-Lite `scale: { domain, range }`): non-DP near-black,
 * clip-only grey, DP arms distinct hues of the Okabe–Ito colour-blind-safe palette from the smallest ε
 * (yellow is avoided: it does not print); beyond seven DP arms, Tol's muted palette continues.
 */
import type { ArmResult } from '../src/results/types.js';

export interface ArmScale {
  domain: string[];
  range: string[];
}

const NONDP = '#1a1a1a';
const CLIPONLY = '#8c8c8c';
/** Federated arms: Tol's dark palette (distinct from the DP hues above; print-safe). */
const FED_COLORS = ['#222255', '#225555', '#225522', '#666633', '#663333', '#555555', '#4B0092', '#006D5B'];
/** Okabe–Ito: vermillion, blue, bluish green, orange, reddish purple, sky blue, then Tol muted. */
const DP_COLORS = ['#D55E00', '#0072B2', '#009E73', '#E69F00', '#CC79A7', '#56B4E9', '#882255', '#117733', '#332288', '#999933'];

export function armScale(arms: readonly Pick<ArmResult, 'arm' | 'kind' | 'epsilon'>[]): ArmScale {
  const domain: string[] = [];
  const range: string[] = [];
  const dp = arms.filter((a) => a.kind === 'dp').sort((a, b) => (a.epsilon ?? 0) - (b.epsilon ?? 0));
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
    range.push(DP_COLORS[i % DP_COLORS.length]);
  });
  // Federated arms (docs/methods.md#federated) after the centralised ones, in their order (fed-none, local, server).
  arms
    .filter((a) => a.kind === 'federated')
    .forEach((a, i) => {
      domain.push(a.arm);
      range.push(FED_COLORS[i % FED_COLORS.length]);
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
