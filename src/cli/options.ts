import type { Argv, Options } from 'yargs';
import { optionSpecs, specsFor, type CommandName, type OptionSpec } from '../options/registry.js';
import { checkValue } from '../options/validate.js';

/** "(default 20)", "(default by preset: test 3, quick 10, …)" or "(default: number of cores)" for the help. */
export function defaultHelp(s: OptionSpec): string {
  if (s.defaultText !== undefined) return `default: ${s.defaultText}`;
  if ('presets' in s && s.presets) {
    const show = (v: unknown) => (Array.isArray(v) ? v.join(',') : String(v));
    const std = s.presets.standard;
    const others = Object.entries(s.presets).filter(([, v]) => show(v) !== show(std));
    return `default ${show(std)}${others.length ? `; preset ${others.map(([p, v]) => `${p} ${show(v)}`).join(', ')}` : ''}`;
  }
  if (!('default' in s) || s.default === undefined || s.type === 'boolean') return '';
  return `default ${Array.isArray(s.default) ? s.default.join(',') : String(s.default)}`;
}

/**
 * The yargs definition of one registry entry. Values are checked by the registry (coerce), so a bad flag gives
 * the same message as the library API; numbers are left untyped for yargs so that `--seed abc` reaches the
 * check as text ("'abc' is not a number") instead of NaN. No yargs defaults: resolve steps apply them, so that
 * a value from --config can be told apart from a default.
 */
export function yargsOption(s: OptionSpec): Options {
  const d = defaultHelp(s);
  const o: Options = { describe: d ? `${s.help} (${d})` : s.help };
  if (s.group !== undefined) o.group = s.group;
  if (s.commands === 'all') o.global = true;
  switch (s.type) {
    case 'boolean':
      o.type = 'boolean';
      return o;
    case 'number':
      o.requiresArg = true;
      break;
    case 'choice':
      o.type = 'string';
      o.choices = [...s.choices];
      break;
    default:
      o.type = 'string';
  }
  // Lists, number lists and scalars are checked here but passed on as typed (the resolve steps parse them);
  // numbers and choices are passed on checked and normalised.
  o.coerce = (v: unknown) => {
    const checked = checkValue(s, v);
    return s.type === 'list' || s.type === 'numbers' || s.type === 'scalar' ? v : checked;
  };
  return o;
}

/** Add the registry's flags of `command` (not the global ones: see globalOptions). */
export function commandOptions<T>(y: Argv<T>, command: CommandName): Argv<T> {
  let out = y;
  for (const s of specsFor(command)) if (s.commands !== 'all') out = out.option(s.name, yargsOption(s)) as Argv<T>;
  return out;
}

/** Add the global flags (every command takes them). */
export function globalRegistryOptions<T>(y: Argv<T>): Argv<T> {
  let out = y;
  for (const s of optionSpecs as readonly OptionSpec[]) if (s.commands === 'all') out = out.option(s.name, yargsOption(s)) as Argv<T>;
  return out;
}
