import { buildConfigSchema } from '../options/config-schema.js';
import { pathConfigKeys } from '../options/registry.js';

/**
 * The config file (`--config FILE.yml`): a flat object whose keys are the long option names of the
 * commands in camelCase (`batchSize` for `--batch-size`). Flags given on the command line override it.
 * Unknown keys are errors. Paths are relative to the config file. Generated from the option registry
 * (src/options/registry.ts): add an option there, not here.
 */
export const configSchema = buildConfigSchema();

export type ConfigFile = Record<string, unknown>;

/** Keys whose values are paths, resolved relative to the config file's directory. */
export const pathKeys: readonly string[] = pathConfigKeys();
