import type { Argv } from 'yargs';
import { globalRegistryOptions } from './options.js';

/** Global flags shared by every command (declared in src/options/defs/global.ts). Defaults are applied in
 * resolve steps, not by yargs, so that a value from --config can be told apart from a default. */
export interface GlobalArgs {
  config?: string;
  seed?: number;
  json?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  debug?: boolean;
  backend?: 'auto' | 'node' | 'wasm' | 'cpu';
  suppressBelow?: number;
}

export function globalOptions<T>(y: Argv<T>): Argv<T & GlobalArgs> {
  return globalRegistryOptions(y) as unknown as Argv<T & GlobalArgs>;
}
