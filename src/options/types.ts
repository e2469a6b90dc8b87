import type { z } from 'zod';
/**
 * The shape of one entry of the option registry (src/options/registry.ts). Every command-line flag, config-file
 * key and library-API option of dpaudit is declared once as an `OptionSpec`; the yargs definitions
 * (src/cli/options.ts), the config-file schema (src/config/schema.ts), the README table of options and the
 * validation of the library API are derived from these entries.
 */

/** The commands of the CLI (and the library entry points named after them). */
export const commandNames = [
  'inspect',
  'train',
  'epsilon',
  'calibrate',
  'attack',
  'sweep',
  'report',
  'merge',
  'gate',
  'fairness',
  'selftest',
] as const;
export type CommandName = (typeof commandNames)[number];

/** Sweep presets: `test` (the project's own tests), `quick` (CI), `standard` (default), `thorough`. */
export const presetNames = ['test', 'quick', 'standard', 'thorough'] as const;
export type PresetName = (typeof presetNames)[number];

interface SpecBase {
  /** Long flag name in kebab case (`batch-size`); the config key and API option is its camelCase (`batchSize`). */
  readonly name: string;
  /** One line of help (without the default: that is added from `default` / `defaultText`). */
  readonly help: string;
  /** The commands that take it; `'all'` makes it a global flag. */
  readonly commands: readonly CommandName[] | 'all';
  /** Help text shown instead of the default value when the default is computed (e.g. "number of cores"). */
  readonly defaultText?: string;
  /** Allowed in a --config file (default true). */
  readonly config?: boolean;
  /** A path: in a config file it is resolved relative to the file. */
  readonly path?: boolean;
  /** yargs help group (e.g. "Dataset:"). */
  readonly group?: string;
  /** In a config file the value may instead be an object of this shape (e.g. `trainer: {command, version}`). */
  readonly configObject?: () => z.ZodType;
}

/** A number; `integer` for whole numbers; bounds are inclusive unless `minExclusive` / `maxExclusive`. */
export interface NumberSpec extends SpecBase {
  readonly type: 'number';
  readonly integer?: boolean;
  readonly min?: number;
  readonly minExclusive?: boolean;
  readonly max?: number;
  readonly maxExclusive?: boolean;
  readonly default?: number;
  readonly presets?: Readonly<Record<PresetName, number>>;
}

export interface BooleanSpec extends SpecBase {
  readonly type: 'boolean';
  readonly default?: boolean;
}

/** Free text (file names, column names); `pattern` and `patternHelp` restrict it. */
export interface StringSpec extends SpecBase {
  readonly type: 'string';
  readonly default?: string;
  readonly pattern?: RegExp;
  readonly patternHelp?: string;
}

/** One of a fixed set of values. */
export interface ChoiceSpec extends SpecBase {
  readonly type: 'choice';
  readonly choices: readonly string[];
  readonly default?: string;
}

/** A list: "a,b" on the command line, a YAML list or comma-separated string in a config file. */
export interface ListSpec extends SpecBase {
  readonly type: 'list';
  /** Allowed items (each item must be one of them). */
  readonly choices?: readonly string[];
  /** Refuse an item listed twice. */
  readonly unique?: boolean;
  /** Each item must look like KEY=VALUE. */
  readonly keyValue?: boolean;
  readonly default?: readonly string[];
}

/** A list of numbers ("1,4,8" or [1, 4, 8]); all positive. */
export interface NumbersSpec extends SpecBase {
  readonly type: 'numbers';
  readonly integer?: boolean;
  /** Sort ascending and drop repeats (a set of values, e.g. the ε of the DP arms). */
  readonly sorted?: boolean;
  /** An example shown in the error message, e.g. "1,4,8". */
  readonly example: string;
  readonly default?: readonly number[];
  readonly presets?: Readonly<Record<PresetName, readonly number[]>>;
}

/** A scalar of any type (text, number or true/false), e.g. a label value. */
export interface ScalarSpec extends SpecBase {
  readonly type: 'scalar';
  readonly default?: string;
}

export type OptionSpec = NumberSpec | BooleanSpec | StringSpec | ChoiceSpec | ListSpec | NumbersSpec | ScalarSpec;

/** `batch-size` → `batchSize`. */
export function camelCase(kebab: string): string {
  return kebab.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** `batchSize` → `batch-size`. */
export function kebabCase(camel: string): string {
  return camel.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
