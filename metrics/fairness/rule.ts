import type { DisparityKey, DisparityVariant } from './types.js';

/**
 * The one fairness rule of dpaudit (docs/methods.md#fairness-rule), used by the ε recommendation and as the
 * default of gate disparity checks: per grouping, the between-group difference of equalized odds and of
 * demographic parity over the groups with at least minGroupSize rows (suppressed cells are always left
 * out), as a point estimate; a DP arm may exceed the non-DP model's value by at most the disparity tolerance.
 */
export const FAIRNESS_RULE: {
  readonly variant: DisparityVariant;
  readonly keys: readonly DisparityKey[];
  readonly statement: string;
} = {
  variant: 'betweenGroupsExcludingSmall',
  keys: ['equalizedOddsDifference', 'demographicParityDifference'],
  statement:
    'per grouping, the between-group equalized-odds and demographic-parity differences over groups with at least minGroupSize rows (suppressed cells left out), point estimates; a DP arm may exceed non-DP by at most the disparity tolerance',
};
