import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** results.json with the fields that legitimately differ between equal runs removed (timing, host, command line). */
export function stableResults(dir: string): unknown {
  const r = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as Record<string, unknown> & { arms: Record<string, unknown>[] };
  delete r.createdAt;
  delete r.timing;
  (r.audit as Record<string, unknown>).commandLine = null;
  for (const a of r.arms) delete a.timing;
  return r;
}
