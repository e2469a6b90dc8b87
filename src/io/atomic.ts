import { renameSync, writeFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { mkdirLevels } from './out-path.js';

/** Write a file atomically (temp file in the same folder + rename): readers never see half a file. */
export function atomicWrite(path: string, data: string | Uint8Array): void {
  mkdirLevels(dirname(path)); // level by level: a recursive mkdir spins on procfs
  const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
