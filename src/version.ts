import { readFileSync } from 'node:fs';
import { packagePath } from './paths.js';

let v: string | null = null;
/** dpaudit's version from package.json. */
export function dpauditVersion(): string {
  if (v === null) v = (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
  return v;
}
