/**
 * The one vocabulary of the between-group disparity measures (docs/methods.md#fairness-metrics), used by the
 * report's charts and tables, the recommendation's reasons and the gate's labels, so that one measure reads the
 * same everywhere:
 * - `title`: a table column or chart panel, capitalised ("Equal-opportunity difference");
 * - `noun`: in running text ("equal-opportunity (sensitivity) difference");
 * - `short`: the plain words of the headline table and the summary ("sensitivity gap").
 */
import type { DisparityKey } from './types.js';

export interface DisparityName {
  title: string;
  noun: string;
  short: string;
}

/** One row per measure: key, title, noun, short words. */
const ROWS: readonly (readonly [DisparityKey, string, string, string])[] = [
  ['demographicParityDifference', 'Demographic-parity difference', 'demographic-parity difference', 'flag-rate gap'],
  ['demographicParityRatio', 'Demographic-parity ratio', 'demographic-parity ratio', 'flag-rate ratio'],
  ['equalizedOddsDifference', 'Equalized-odds difference', 'equalized-odds difference', 'equalized odds'],
  ['equalizedOddsRatio', 'Equalized-odds ratio', 'equalized-odds ratio', 'equalized-odds ratio'],
  ['equalOpportunityDifference', 'Equal-opportunity difference', 'equal-opportunity (sensitivity) difference', 'sensitivity gap'],
  ['equalOpportunityRatio', 'Equal-opportunity ratio', 'equal-opportunity (sensitivity) ratio', 'sensitivity ratio'],
  ['accuracyDifference', 'Accuracy difference', 'accuracy difference', 'accuracy gap'],
  ['accuracyRatio', 'Accuracy ratio', 'accuracy ratio', 'accuracy ratio'],
];

export const DISPARITY_NAMES: Readonly<Record<DisparityKey, DisparityName>> = Object.fromEntries(
  ROWS.map(([key, title, noun, short]) => [key, { title, noun, short }]),
) as Record<DisparityKey, DisparityName>;

/** The names of a measure key; an unknown key names itself. */
export function disparityName(key: string): DisparityName {
  return (DISPARITY_NAMES as Record<string, DisparityName>)[key] ?? { title: key, noun: key, short: key };
}
