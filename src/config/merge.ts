import { configSchema, pathKeys, type ConfigFile } from './schema.js';
import { loadConfigFile } from './load.js';

/**
 * Merge a --config file under the command-line arguments: a key given on the command line wins,
 * otherwise the file's value is used. Defaults are applied later by each command's resolve step.
 */
export function mergeConfig<A extends { config?: string }>(argv: A): A & ConfigFile {
  if (!argv.config) return argv as A & ConfigFile;
  const cfg = loadConfigFile(argv.config, configSchema, pathKeys) as Record<string, unknown>;
  const out: Record<string, unknown> = { ...argv };
  for (const [k, v] of Object.entries(cfg)) {
    if (out[k] === undefined) out[k] = v;
  }
  return out as A & ConfigFile;
}

/** Normalise a list option (kept here for existing imports; it lives in src/options/parse.ts). */
export { listOption } from '../options/parse.js';
