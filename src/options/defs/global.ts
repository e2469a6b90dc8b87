import type { OptionSpec } from '../types.js';

/** Flags every command takes (global in yargs). */
export const globalSpecs = [
  { name: 'config', type: 'string', commands: 'all', config: false, help: 'YAML config file; flags override its values' },
  {
    name: 'seed',
    type: 'number',
    integer: true,
    commands: 'all',
    default: 1,
    help: 'root seed; every random stream is derived from a hash of (seed, purpose, arm, ε, seed index, model index)',
  },
  { name: 'json', type: 'boolean', commands: 'all', config: false, help: 'print machine-readable JSON on stdout' },
  { name: 'quiet', type: 'boolean', commands: 'all', config: false, help: 'print only results and errors' },
  { name: 'verbose', type: 'boolean', commands: 'all', config: false, help: 'print progress details (e.g. the compute backend)' },
  { name: 'debug', type: 'boolean', commands: 'all', config: false, help: 'print stack traces on errors' },
  {
    name: 'backend',
    type: 'choice',
    choices: ['auto', 'node', 'wasm', 'cpu'],
    commands: 'all',
    default: 'auto',
    help: 'compute backend (auto: node → wasm → cpu)',
  },
  {
    name: 'suppress-below',
    type: 'number',
    integer: true,
    min: 0,
    commands: 'all',
    default: 11,
    help: 'hide subgroup cells with 0 < n < k (0 turns it off); see docs/methods.md#suppression',
  },
] as const satisfies readonly OptionSpec[];
