import { closeSync, openSync, readFileSync, rmSync, statSync, utimesSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DpauditError } from '../errors.js';

/**
 * A lock on an output folder: `DIR/.dpaudit.lock` (created exclusively) names the process that writes there
 * (pid, host, start time, command). A second run on the same folder stops with a message naming that
 * process; a lock left by a process that no longer runs on this host (killed with kill -9, power loss) is
 * stale and taken over with a warning. The holder touches the lock every HEARTBEAT_MS, so a lock from another
 * host (a restarted pod) is stale once it has not been touched for STALE_MS; otherwise the message says how
 * to remove it by hand.
 */
export const LOCK_FILE = '.dpaudit.lock';
const HEARTBEAT_MS = 20_000;
const STALE_MS = 120_000;

export interface LockInfo {
  pid: number;
  host: string;
  started: string;
  command: string;
}

export interface OutDirLock {
  path: string;
  /** Remove the lock (idempotent). */
  release(): void;
  /** Set when a stale lock was taken over. */
  staleFrom: LockInfo | null;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): LockInfo | null {
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockInfo>;
    if (typeof v.pid === 'number' && typeof v.host === 'string') {
      return { pid: v.pid, host: v.host, started: String(v.started ?? '?'), command: String(v.command ?? '') };
    }
  } catch {
    // unreadable or half-written: treated below
  }
  return null;
}

const held = new Set<string>();

/** Remove the lock file only while it still names this process (another run may have taken over a stale lock). */
function removeIfOurs(path: string): void {
  if (readLock(path)?.pid === process.pid) rmSync(path, { force: true });
}
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const p of held) removeIfOurs(p);
  });
}

/** Take the lock on `dir` (which must exist) or throw a one-line DpauditError (exit 2) naming the holder. */
export function lockOutDir(dir: string, command: string, option = 'out'): OutDirLock {
  const path = join(dir, LOCK_FILE);
  const me: LockInfo = { pid: process.pid, host: hostname(), started: new Date().toISOString(), command };
  let staleFrom: LockInfo | null = null;
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new DpauditError(`cannot create the lock file ${JSON.stringify(path)} (${(e as NodeJS.ErrnoException).code ?? 'error'})`, {
          location: { option },
        });
      }
      const other = readLock(path);
      let age = 0;
      try {
        age = Date.now() - statSync(path).mtimeMs;
      } catch {
        age = 0;
      }
      const stale = other !== null && other.pid !== process.pid && ((other.host === me.host && !pidAlive(other.pid)) || age > STALE_MS);
      if (stale && attempt === 0) {
        staleFrom = other;
        rmSync(path, { force: true });
        continue;
      }
      const who = other
        ? `process ${other.pid} on ${other.host}, started ${other.started}${other.command ? ` (${other.command})` : ''}`
        : 'another process (unreadable lock file)';
      throw new DpauditError(
        `${JSON.stringify(dir)} is in use by ${who}: wait for it to finish or use another --${option}; if that process is no longer running, delete ${JSON.stringify(path)}`,
        { location: { option } },
      );
    }
    try {
      writeSync(fd, JSON.stringify(me) + '\n');
    } finally {
      closeSync(fd);
    }
    held.add(path);
    installExitHook();
    const beat = setInterval(() => {
      try {
        const now = new Date();
        utimesSync(path, now, now);
      } catch {
        // the folder went away: nothing to refresh
      }
    }, HEARTBEAT_MS);
    beat.unref();
    return {
      path,
      staleFrom,
      release() {
        clearInterval(beat);
        if (!held.delete(path)) return;
        removeIfOurs(path);
      },
    };
  }
  throw new DpauditError(`cannot take the lock ${JSON.stringify(path)}`, { location: { option } });
}
