import { accessSync, constants, lstatSync, mkdirSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DpauditError } from '../errors.js';

/**
 * Checks of a command's destination, run before any work: `--out` naming a file, a dangling symbolic link,
 * a read-only folder or a place where no folder can be made (e.g. under /proc) is an input error (exit 2,
 * one line) instead of a late failure after training.
 */

type Kind = 'missing' | 'dangling' | 'dir' | 'file';

function kindOf(path: string): Kind {
  let l: ReturnType<typeof lstatSync>;
  try {
    l = lstatSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'missing';
    if (code === 'ENOTDIR') return 'file'; // a parent is a file
    throw e;
  }
  if (l.isSymbolicLink()) {
    try {
      return statSync(path).isDirectory() ? 'dir' : 'file';
    } catch {
      return 'dangling';
    }
  }
  return l.isDirectory() ? 'dir' : 'file';
}

function fail(message: string, option: string, path: string, cause?: unknown): never {
  throw new DpauditError(`${message}: ${JSON.stringify(path)}`, { location: { option }, cause });
}

function errCode(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? 'error';
}

/** A folder we can create files in: `access` first, then a real probe file (root ignores mode bits; mounts may be read-only). */
function assertWritableDir(dir: string, option: string, shown: string): void {
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
    const probe = join(dir, `.dpaudit-probe-${process.pid}-${Math.random().toString(36).slice(2)}`);
    writeFileSync(probe, '');
    unlinkSync(probe);
  } catch (e) {
    fail(`cannot write into the folder ${JSON.stringify(dir)} (${errCode(e)})`, option, shown, e);
  }
}

/** The nearest existing ancestor of `path` (itself excluded), checked to be a writable folder; missing levels in between returned top-down. */
function existingAncestor(abs: string, option: string, shown: string): { base: string; missing: string[] } {
  const missing: string[] = [];
  let p = abs;
  for (;;) {
    const up = dirname(p);
    if (up === p) break;
    p = up;
    const k = kindOf(p);
    if (k === 'dir') {
      assertWritableDir(p, option, shown);
      return { base: p, missing: missing.reverse() };
    }
    if (k === 'file') fail(`${JSON.stringify(p)} is a file, so no folder can be made under it`, option, shown);
    if (k === 'dangling') fail(`${JSON.stringify(p)} is a dangling symbolic link`, option, shown);
    missing.push(p);
  }
  return { base: p, missing: missing.reverse() };
}

/**
 * Create `dir` one level at a time (never `mkdirSync(..., { recursive: true })`, which spins forever on
 * procfs). Returns the folders created, top-down.
 */
export function mkdirLevels(dir: string): string[] {
  const abs = resolve(dir);
  const todo: string[] = [];
  let p = abs;
  while (kindOf(p) === 'missing') {
    todo.push(p);
    const up = dirname(p);
    if (up === p) break;
    p = up;
  }
  const created: string[] = [];
  for (const d of todo.reverse()) {
    try {
      mkdirSync(d);
      created.push(d);
    } catch (e) {
      if (errCode(e) !== 'EEXIST') throw e;
    }
  }
  return created;
}

export interface PreparedOutDir {
  /** Absolute path of the folder. */
  dir: string;
  /** Folders this call created (top-down); `removeCreatedIfEmpty` takes them away again after a failure. */
  created: string[];
}

/**
 * Check and create an output folder before any work. Errors (exit 2, naming the option): a file, a dangling
 * symbolic link, a folder we cannot write into, a path where no folder can be made.
 */
export function prepareOutDir(path: string, option = 'out'): PreparedOutDir {
  const abs = resolve(path);
  const k = kindOf(abs);
  if (k === 'file') fail('is a file, expected a folder', option, path);
  if (k === 'dangling') fail('is a dangling symbolic link', option, path);
  if (k === 'dir') {
    assertWritableDir(abs, option, path);
    return { dir: abs, created: [] };
  }
  existingAncestor(abs, option, path);
  let created: string[];
  try {
    created = mkdirLevels(abs);
  } catch (e) {
    fail(`cannot create the folder (${errCode(e)})`, option, path, e);
  }
  if (kindOf(abs) !== 'dir') fail('cannot create the folder', option, path);
  try {
    assertWritableDir(abs, option, path);
  } catch (e) {
    removeCreatedIfEmpty(created);
    throw e;
  }
  return { dir: abs, created };
}

/** Check an output folder before any work without creating it (created later, when written). */
export function checkOutDir(path: string, option: string): void {
  const abs = resolve(path);
  const k = kindOf(abs);
  if (k === 'file') fail('is a file, expected a folder', option, path);
  if (k === 'dangling') fail('is a dangling symbolic link', option, path);
  if (k === 'dir') assertWritableDir(abs, option, path);
  else existingAncestor(abs, option, path);
}

/** Check an output file's path before any work (nothing is created): not a folder, not a dangling link, its folder writable or creatable. */
export function checkOutFile(path: string, option: string): void {
  const abs = resolve(path);
  const k = kindOf(abs);
  if (k === 'dir') fail('is a folder, expected a file', option, path);
  if (k === 'dangling') fail('is a dangling symbolic link', option, path);
  const parent = dirname(abs);
  const pk = kindOf(parent);
  if (pk === 'dir') assertWritableDir(parent, option, path);
  else if (pk === 'file') fail(`${JSON.stringify(parent)} is a file, expected a folder`, option, path);
  else if (pk === 'dangling') fail(`${JSON.stringify(parent)} is a dangling symbolic link`, option, path);
  else existingAncestor(parent, option, path);
}

/** Remove folders made by `prepareOutDir` when they are still empty (bottom-up); never removes anything else. */
export function removeCreatedIfEmpty(created: readonly string[]): void {
  for (const d of [...created].reverse()) {
    try {
      rmdirSync(d);
    } catch {
      return;
    }
  }
}
