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

export const DISPARITY_NAMES: Readonly<Record<DisparityKey, DisparityName>> = {
  demographicParityDifference: {
    title: 'Demographic-parity difference',
    noun: 'demographic-parity difference',
    short: 'flag-rate gap',
  },
  demographicParityRatio: { title: 'Demographic-parity ratio', noun: 'demographic-parity ratio', short: 'flag-rate ratio' },
  equalizedOddsDifference: { title: 'Equalized-odds difference', noun: 'equalized-odds difference', short: 'equalized odds' },
  equalizedOddsRatio: { title: 'Equalized-odds ratio', noun: 'equalized-odds ratio', short: 'equalized-odds ratio' },
  equalOpportunityDifference: {
    title: 'Equal-opportunity difference',
    noun: 'equal-opportunity (sensitivity) difference',
    short: 'sensitivity gap',
  },
  equalOpportunityRatio: { title: 'Equal-opportunity ratio', noun: 'equal-opportunity (sensitivity) ratio', short: 'sensitivity ratio' },
  accuracyDifference: { title: 'Accuracy difference', noun: 'accuracy difference', short: 'accuracy gap' },
  accuracyRatio: { title: 'Accuracy ratio', noun: 'accuracy ratio', short: 'accuracy ratio' },
};

/** The names of a measure key; an unknown key names itself. */
export function disparityName(key: string): DisparityName {
  return (DISPARITY_NAMES as Record<string, DisparityName>)[key] ?? { title: key, noun: key, short: key };
}
