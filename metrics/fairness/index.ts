/** Subgroup fairness (docs/methods.md#fairness-metrics): the public API used by `dpaudit fairness` and the sweep. */
export { computeFairness } from './report.js';
export { computeFairnessDeltas, lossOf } from './deltas.js';
export { formatFairnessText, formatDeltasText } from './format.js';
export { fairnessOutputSchema } from './schema.js';
export * from './types.js';
export { DISPARITY_NAMES, disparityName, type DisparityName } from './names.js';
