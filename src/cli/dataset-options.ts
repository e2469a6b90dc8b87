export { DATASET_DEFAULTS, embeddedExampleConfig, resolveDatasetOptions, type DatasetArgs } from '../data/options.js';
