import type { Argv } from 'yargs';

/** Global flags shared by every command. Defaults are applied in resolve steps, not by yargs,
 * so that a value from --config can be told apart from a default. */
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
  return y
    .option('config', { type: 'string', describe: 'YAML config file; flags override its values', global: true })
    .option('seed', { type: 'number', describe: 'root seed (default 1)', global: true })
    .option('json', { type: 'boolean', describe: 'print machine-readable JSON on stdout', global: true })
    .option('quiet', { type: 'boolean', describe: 'print only results and errors', global: true })
    .option('verbose', { type: 'boolean', describe: 'print progress details (e.g. the compute backend)', global: true })
    .option('debug', { type: 'boolean', describe: 'print stack traces on errors', global: true })
    .option('backend', {
      type: 'string',
      choices: ['auto', 'node', 'wasm', 'cpu'] as const,
      describe: 'compute backend (default auto: node → wasm → cpu)',
      global: true,
    })
    .option('suppress-below', {
      type: 'number',
      describe: 'hide subgroup cells with 0 < n < k (default 11; 0 turns it off)',
      global: true,
    }) as unknown as Argv<T & GlobalArgs>;
}
