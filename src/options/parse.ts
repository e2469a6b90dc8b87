import { optionError } from '../errors.js';

/** Normalise a list option: "a,b" or ["a","b"] → ["a","b"]; undefined → undefined. */
export function listOption(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v))
    return v
      .flatMap((x) => String(x).split(','))
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
  return String(v)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * A reference group: "sex=F,age=40-59" (or a list of COLUMN=VALUE items) → { sex: "F", age: "40-59" };
 * undefined when not given. Names and values are trimmed; an empty name or value, or a column named twice,
 * is an input error naming `option`.
 */
export function parseReference(v: unknown, option = 'reference'): Record<string, string> | undefined {
  const l = listOption(v);
  if (!l) return undefined;
  const out: Record<string, string> = {};
  for (const item of l) {
    const eq = item.indexOf('=');
    const attr = item.slice(0, eq).trim();
    const level = item.slice(eq + 1).trim();
    if (eq < 0 || attr === '' || level === '') throw optionError(option, `expects COLUMN=VALUE (e.g. sex=F), got ${JSON.stringify(item)}`);
    if (Object.hasOwn(out, attr)) throw optionError(option, `names ${attr} twice`);
    out[attr] = level;
  }
  return out;
}

/** `i/n` with 1 ≤ i ≤ n → { index, count }; undefined → null. */
export function parseShard(s: string | undefined, option = 'shard'): { index: number; count: number } | null {
  if (s === undefined) return null;
  const m = /^(\d+)\/(\d+)$/.exec(String(s).trim());
  if (!m || Number(m[2]) < 1 || Number(m[1]) < 1 || Number(m[1]) > Number(m[2]))
    throw optionError(option, `expects i/n with 1 ≤ i ≤ n, got ${JSON.stringify(s)}`);
  return { index: Number(m[1]), count: Number(m[2]) };
}
