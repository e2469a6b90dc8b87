import { readFileSync } from 'node:fs';
import { dirname, resolve, isAbsolute } from 'node:path';
import { LineCounter, parseDocument, isMap, isNode } from 'yaml';
import type { z } from 'zod';
import { DpauditError } from '../errors.js';

/** Read and parse a YAML file; errors name the file, line and key. */
export function readYaml(file: string): { value: unknown; lineOf: (path: (string | number)[]) => number | undefined } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new DpauditError(`cannot read file (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { location: { file } });
  }
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const line = lc.linePos(err.pos[0]).line;
    throw new DpauditError(`invalid YAML: ${err.message.split('\n')[0]}`, { location: { file, line } });
  }
  const lineOf = (path: (string | number)[]): number | undefined => {
    let node: unknown = doc.contents;
    let last: number | undefined;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isNode(p.key) && (p.key as { value?: unknown }).value === key);
        if (!pair) break;
        if (isNode(pair.key) && pair.key.range) last = lc.linePos(pair.key.range[0]).line;
        node = pair.value;
      } else if (node && typeof node === 'object' && 'items' in node && typeof key === 'number') {
        const item = (node as { items: unknown[] }).items[key];
        if (isNode(item) && item.range) last = lc.linePos(item.range[0]).line;
        node = item;
      } else break;
    }
    return last;
  };
  return { value: doc.toJS() ?? {}, lineOf };
}

/** Validate a parsed YAML value with a zod schema; the first issue becomes a one-line error naming file, line and key. */
export function validateYaml<S extends z.ZodType>(file: string, schema: S, parsed: ReturnType<typeof readYaml>): z.infer<S> {
  const r = schema.safeParse(parsed.value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  let path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)) as (string | number)[];
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    const keys = (issue as { keys: string[] }).keys;
    path = [...path, keys[0]];
    message = `unknown key ${keys.map((k) => JSON.stringify(k)).join(', ')}`;
  }
  const keyName = path.length > 0 ? path.join('.') : '(top level)';
  const line = parsed.lineOf(path);
  throw new DpauditError(`${issue.code === 'unrecognized_keys' ? message : `key ${JSON.stringify(keyName)}: ${message}`}`, {
    location: { file, line },
  });
}

/** Load a config file and resolve its path-valued keys relative to the file. */
export function loadConfigFile<S extends z.ZodType>(file: string, schema: S, pathKeys: readonly string[]): z.infer<S> {
  const parsed = readYaml(file);
  const value = validateYaml(file, schema, parsed) as Record<string, unknown>;
  const base = dirname(resolve(file));
  for (const k of pathKeys) {
    const v = value[k];
    if (typeof v === 'string' && !isAbsolute(v)) value[k] = resolve(base, v);
  }
  return value as z.infer<S>;
}
