import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { LOCK_FILE, lockOutDir } from '../../../src/io/lock.js';
import { DpauditError } from '../../../src/errors.js';
import { runDpaudit } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

const dir = tempDir('dpaudit-lock-');

/** The pid of a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

test('a second lock on a folder names the holder (pid, host, start) and how to break a stale lock', () => {
  const lock = lockOutDir(dir, 'dpaudit sweep A');
  const info = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'));
  assert.equal(info.pid, process.pid);
  // a different live process holds it: simulate by rewriting the pid to our parent (alive)
  writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ ...info, pid: process.ppid }));
  assert.throws(
    () => lockOutDir(dir, 'dpaudit sweep B'),
    (e: unknown) =>
      e instanceof DpauditError &&
      e.exitCode === 2 &&
      e.message.includes(`process ${process.ppid} on ${hostname()}, started ${info.started}`) &&
      e.message.includes(`delete "${join(dir, LOCK_FILE)}"`),
  );
  lock.release(); // we no longer hold it in this process's book-keeping: the file stays
  assert.ok(existsSync(join(dir, LOCK_FILE)));
});

test('a lock of a process that no longer runs on this host (or untouched for minutes) is stale and taken over', () => {
  const d = join(dir, 'stale');
  const pid = deadPid();
  spawnSync('mkdir', [d]);
  writeFileSync(join(d, LOCK_FILE), JSON.stringify({ pid, host: hostname(), started: '2020-01-01T00:00:00.000Z', command: 'x' }));
  const lock = lockOutDir(d, 'dpaudit sweep');
  assert.equal(lock.staleFrom?.pid, pid);
  lock.release();
  assert.ok(!existsSync(join(d, LOCK_FILE)));
  // another host, fresh: not stale; the same lock untouched for 10 minutes: stale
  writeFileSync(join(d, LOCK_FILE), JSON.stringify({ pid: 1, host: 'elsewhere', started: 's', command: 'x' }));
  assert.throws(() => lockOutDir(d, 'y'), /process 1 on elsewhere/);
  const old = new Date(Date.now() - 600_000);
  utimesSync(join(d, LOCK_FILE), old, old);
  const l2 = lockOutDir(d, 'y');
  assert.equal(l2.staleFrom?.host, 'elsewhere');
  l2.release();
});

test('sweep on a folder locked by a running process exits 2 before any training, and leaves the lock alone', () => {
  const d = join(dir, 'busy');
  spawnSync('mkdir', [d]);
  const lock = { pid: process.pid, host: hostname(), started: '2026-01-01T00:00:00.000Z', command: 'dpaudit sweep' };
  writeFileSync(join(d, LOCK_FILE), JSON.stringify(lock));
  const r = runDpaudit(['sweep', '--preset', 'test', '--out', d], { timeoutMs: 60_000 });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, new RegExp(`in use by process ${process.pid} on .*started 2026-01-01`));
  assert.doesNotMatch(r.stderr, /training/);
  assert.deepEqual(JSON.parse(readFileSync(join(d, LOCK_FILE), 'utf8')), lock);
  assert.ok(!existsSync(join(d, 'cache')));
});
