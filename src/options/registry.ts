/**
 * The option registry: every option of dpaudit declared once (name, type, allowed values, default, help,
 * per-preset values, commands). Derived from it:
 *   - the yargs flags of every command (src/cli/options.ts),
 *   - the --config file schema (src/config/schema.ts → schemas/config.schema.json),
 *   - the README table of options (src/options/table.ts, written by `npm run schemas`),
 *   - the validation of CLI values and library-API options (src/options/validate.ts).
 *
 * To add an option, add one entry to the right file under src/options/defs/ (or a new file listed below).
 * An option name may have several entries when its meaning differs by command (e.g. `out`); their command
 * sets must not overlap and their config-file types must agree (checked by test/src/options/registry.test.ts).
 */
import { accountingSpecs } from './defs/accounting.js';
import { commandSpecs } from './defs/commands.js';
import { datasetSpecs } from './defs/dataset.js';
import { federationSpecs } from './defs/federation.js';
import { globalSpecs } from './defs/global.js';
import { sweepSpecs } from './defs/sweep.js';
import { trainSpecs } from './defs/train.js';
import { camelCase, type CommandName, type OptionSpec, type PresetName } from './types.js';

export { allAttacks, defaultAttacks, CANARY_KINDS, type CanaryKind } from './defs/sweep.js';
export * from './types.js';

/** Every entry, in the order of the help and of the config schema. */
export const optionSpecs = [
  ...globalSpecs,
  ...datasetSpecs,
  ...accountingSpecs,
  ...trainSpecs,
  ...sweepSpecs,
  ...federationSpecs,
  ...commandSpecs,
] as const;

type AnySpec = (typeof optionSpecs)[number];
/** Names of all options (kebab case). */
export type OptionName = AnySpec['name'];
/** The allowed values of a choice option, e.g. `ChoiceOf<'model'>` = 'logreg' | 'mlp'. */
export type ChoiceOf<N extends OptionName> = Extract<AnySpec, { name: N; type: 'choice' }>['choices'][number];

/** Does this entry apply to the command? */
export function appliesTo(spec: OptionSpec, command: CommandName): boolean {
  return spec.commands === 'all' || spec.commands.includes(command);
}

/** The entries a command takes: its global ones first, then its own, in registry order. */
export function specsFor(command: CommandName): OptionSpec[] {
  return (optionSpecs as readonly OptionSpec[]).filter((s) => appliesTo(s, command));
}

/** The entry of option `name` (kebab or camelCase) for a command, or undefined when the command does not take it. */
export function specOf(name: string, command: CommandName): OptionSpec | undefined {
  return (optionSpecs as readonly OptionSpec[]).find((s) => (s.name === name || camelCase(s.name) === name) && appliesTo(s, command));
}

/** The first entry of an option (its config-file meaning). */
export function specNamed(name: OptionName): OptionSpec {
  const s = (optionSpecs as readonly OptionSpec[]).find((x) => x.name === name);
  if (!s) throw new Error(`no option ${name} in the registry`);
  return s;
}

/** Default of an option for a command (from `preset` when the option has per-preset values). */
export function defaultOf<N extends OptionName>(
  name: N,
  command?: CommandName,
  preset?: PresetName,
): Extract<AnySpec, { name: N }> extends { default: infer D } ? D : unknown {
  const s = (command ? specOf(name, command) : specNamed(name)) as OptionSpec | undefined;
  if (!s) throw new Error(`option ${name} does not apply to ${command}`);
  if (preset !== undefined && 'presets' in s && s.presets) return s.presets[preset] as never;
  return ('default' in s ? s.default : undefined) as never;
}

/** The config-file keys (camelCase), one per option name, from its first entry. */
export function configSpecs(): OptionSpec[] {
  const seen = new Set<string>();
  const out: OptionSpec[] = [];
  for (const s of optionSpecs as readonly OptionSpec[]) {
    if (s.config === false || seen.has(s.name)) continue;
    seen.add(s.name);
    out.push(s);
  }
  return out;
}

/** Keys whose values are paths, resolved relative to the config file's directory. */
export function pathConfigKeys(): string[] {
  return configSpecs()
    .filter((s) => s.path)
    .map((s) => camelCase(s.name));
}

type Camel<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<Camel<T>>}` : S;
type ValueOf<S> = S extends { type: 'number' }
  ? number
  : S extends { type: 'boolean' }
    ? boolean
    : S extends { type: 'choice'; choices: readonly (infer C)[] }
      ? C
      : S extends { type: 'list' }
        ? string | (string | number)[]
        : S extends { type: 'numbers' }
          ? string | number | number[]
          : S extends { type: 'scalar' }
            ? string | number | boolean
            : string;
type SpecsOf<C extends CommandName, S = AnySpec> = S extends { commands: 'all' }
  ? S
  : S extends { commands: readonly (infer X)[] }
    ? C extends X
      ? S
      : never
    : never;

/**
 * The options of a command as given by a caller (config file, library call), typed from the registry:
 * `OptionArgs<'sweep'>['masks']` is 'bernoulli' | 'balanced' | undefined. A new registry entry appears here
 * without further declarations.
 */
export type OptionArgs<C extends CommandName> = { [S in SpecsOf<C> as Camel<S['name']>]?: ValueOf<S> };
