import { optionError } from '../errors.js';
import { listOption, parseReference } from './parse.js';
import { camelCase, kebabCase, type CommandName, type NumberSpec, type NumbersSpec, type OptionSpec } from './types.js';
import { specOf } from './registry.js';

/** A value as it appears in a message: strings in single quotes, others as JSON. */
export function showValue(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'number') return String(v);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** The allowed range of a number option in words ("between 0 and 1 (exclusive)", "a whole number ≥ 0"). */
export function rangeText(s: Pick<NumberSpec, 'integer' | 'min' | 'minExclusive' | 'max' | 'maxExclusive'>): string {
  const { min, max } = s;
  if (min !== undefined && max !== undefined) {
    if (s.minExclusive && s.maxExclusive) return `between ${min} and ${max} (exclusive)`;
    if (!s.minExclusive && !s.maxExclusive) return `between ${min} and ${max} (inclusive)`;
    return s.minExclusive ? `above ${min} and at most ${max}` : `at least ${min} and below ${max}`;
  }
  if (s.integer) {
    if (min === 1 || (min === 0 && s.minExclusive)) return 'a positive integer';
    return min === undefined ? 'a whole number' : `a whole number ≥ ${min}`;
  }
  if (min === 0 && s.minExclusive) return 'positive';
  if (min !== undefined) return s.minExclusive ? `> ${min}` : `≥ ${min}`;
  if (max !== undefined) return s.maxExclusive ? `< ${max}` : `≤ ${max}`;
  return 'a number';
}

function inRange(s: NumberSpec | NumbersSpec, x: number): boolean {
  if (s.integer && !Number.isSafeInteger(x)) return false;
  const min = s.type === 'numbers' ? 0 : s.min;
  const minExclusive = s.type === 'numbers' ? true : s.minExclusive;
  if (min !== undefined && (minExclusive ? !(x > min) : !(x >= min))) return false;
  if (s.type === 'number' && s.max !== undefined && (s.maxExclusive ? !(x < s.max) : !(x <= s.max))) return false;
  return true;
}

/** A number from a number or a numeric string ("8", "1e-5"); NaN otherwise. */
function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') return Number(v);
  return Number.NaN;
}

/**
 * Check one value against its registry entry and return it normalised (numbers from numeric strings, lists as
 * string arrays, number lists as number arrays). undefined and null mean "not given" and return undefined.
 * A bad value throws the DpauditError (exit 2) that the CLI prints: `option --model: 'cnn' is not one of logreg, mlp`.
 */
export function checkValue(spec: OptionSpec, v: unknown): unknown {
  if (v === undefined || v === null) return undefined;
  const bad = (message: string) => optionError(spec.name, message);
  switch (spec.type) {
    case 'number': {
      const x = toNumber(v);
      if (!Number.isFinite(x)) throw bad(`${showValue(v)} is not a number`);
      if (!inRange(spec, x)) throw bad(`must be ${rangeText(spec)}, got ${x}`);
      return x;
    }
    case 'boolean':
      if (typeof v === 'boolean') return v;
      if (v === 'true' || v === 'false') return v === 'true';
      throw bad(`${showValue(v)} is not true or false`);
    case 'string': {
      if (spec.configObject && typeof v === 'object') {
        const r = spec.configObject().safeParse(v);
        if (!r.success)
          throw bad(`expects text or ${spec.configObject().description ?? 'an object'}: ${r.error.issues[0]?.message ?? 'invalid'}`);
        return r.data;
      }
      if (typeof v !== 'string') throw bad(`expects text, got ${showValue(v)}`);
      if (spec.pattern && !spec.pattern.test(v)) throw bad(`expects ${spec.patternHelp ?? String(spec.pattern)}, got ${showValue(v)}`);
      return v;
    }
    case 'scalar':
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
      throw bad(`expects a single value, got ${showValue(v)}`);
    case 'choice':
      if (typeof v !== 'string' || !spec.choices.includes(v)) throw bad(`${showValue(v)} is not one of ${spec.choices.join(', ')}`);
      return v;
    case 'list': {
      if (!(typeof v === 'string' || Array.isArray(v))) throw bad(`expects a list (a,b or an array), got ${showValue(v)}`);
      const items = listOption(v) ?? [];
      if (spec.choices)
        for (const it of items) if (!spec.choices.includes(it)) throw bad(`${showValue(it)} is not one of ${spec.choices.join(', ')}`);
      if (spec.unique) {
        const dup = items.find((it, i) => items.indexOf(it) !== i);
        if (dup !== undefined) throw bad(`${showValue(dup)} is listed twice`);
      }
      if (spec.keyValue) parseReference(items, spec.name);
      return items;
    }
    case 'numbers': {
      const parts = Array.isArray(v)
        ? v.map(toNumber)
        : typeof v === 'number'
          ? [v]
          : typeof v === 'string'
            ? (listOption(v) ?? []).map(Number)
            : [];
      const what = spec.integer ? 'positive integers' : 'positive numbers';
      if (parts.length === 0 || parts.some((x) => !Number.isFinite(x) || !inRange(spec, x)))
        throw bad(`expects ${what} such as ${spec.example}, got ${JSON.stringify(v)}`);
      return spec.sorted ? [...new Set(parts)].sort((a, b) => a - b) : parts;
    }
  }
}

/**
 * Validate the options of a command (CLI arguments after the config merge, or a library call's options object)
 * against the registry: every key that names an option of `command` is checked and normalised. With
 * `allowed` given, any other key is an error (the library API's equivalent of the CLI's strict mode); the
 * listed extra keys (e.g. `log`) are let through unchanged.
 */
export function validateOptions<T extends object>(command: CommandName, values: T, allowed?: readonly string[]): T {
  const out = { ...values } as Record<string, unknown>;
  for (const [key, v] of Object.entries(values)) {
    const spec = specOf(key, command);
    if (!spec) {
      if (allowed !== undefined && !allowed.includes(key) && v !== undefined)
        throw optionError(kebabCase(key), `is not an option of ${command}`);
      continue;
    }
    if (key !== camelCase(spec.name)) {
      if (allowed !== undefined)
        throw optionError(key, `is not an option of ${command} (library options are camelCase: ${camelCase(spec.name)})`);
      continue;
    }
    out[key] = checkValue(spec, v);
  }
  return out as T;
}
