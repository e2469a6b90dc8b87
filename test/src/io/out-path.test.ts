import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { checkOutFile, mkdirLevels, prepareOutDir, removeCreatedIfEmpty } from '../../../src/io/out-path.js';
import { DpauditError } from '../../../src/errors.js';
import { runDpaudit, projectRoot } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

const dir = tempDir('dpaudit-outpath-');

function expectInputError(f: () => unknown, pattern: RegExp): void {
  assert.throws(f, (e: unknown) => e instanceof DpauditError && e.exitCode === 2 && pattern.test(e.message) && !e.message.includes('\n'));
}

test('prepareOutDir: a file, a dangling link, a file as parent and /proc are input errors naming --out', () => {
  const file = join(dir, 'a-file');
  writeFileSync(file, 'x');
  const dangling = join(dir, 'dangling');
  symlinkSync(join(dir, 'nowhere'), dangling);
  expectInputError(() => prepareOutDir(file), /option --out: is a file, expected a folder/);
  expectInputError(() => prepareOutDir(dangling), /option --out: is a dangling symbolic link/);
  expectInputError(() => prepareOutDir(join(file, 'sub')), /option --out: .*file/);
  expectInputError(() => prepareOutDir('/proc/nope/deeper'), /option --out: cannot write into the folder "\/proc"/);
  assert.ok(!existsSync(join(dir, 'nowhere')));
});

test('prepareOutDir creates missing levels one at a time and removeCreatedIfEmpty takes exactly those away', () => {
  const target = join(dir, 'x', 'y', 'z');
  const p = prepareOutDir(target);
  assert.deepEqual(p.created, [join(dir, 'x'), join(dir, 'x', 'y'), target]);
  assert.ok(existsSync(target));
  removeCreatedIfEmpty(p.created);
  assert.ok(!existsSync(join(dir, 'x')));
  // an existing folder: nothing created, nothing removed
  const q = prepareOutDir(dir);
  assert.deepEqual(q.created, []);
  removeCreatedIfEmpty(q.created);
  assert.ok(existsSync(dir));
  assert.deepEqual(mkdirLevels(join(dir, 'm', 'n')), [join(dir, 'm'), join(dir, 'm', 'n')]);
});

test('checkOutFile: a folder or a dangling link is an error; a file in a creatable folder is fine and nothing is created', () => {
  expectInputError(() => checkOutFile(dir, 'junit'), /option --junit: is a folder, expected a file/);
  const dangling = join(dir, 'dangling2');
  symlinkSync(join(dir, 'nowhere2'), dangling);
  expectInputError(() => checkOutFile(dangling, 'markdown'), /dangling symbolic link/);
  checkOutFile(join(dir, 'new', 'report.html'), 'out');
  assert.ok(!existsSync(join(dir, 'new')));
});

/** Run the CLI as an unprivileged user when we are root (root ignores the folder's mode bits). */
function runAsUser(args: string[]): { code: number; stderr: string } {
  if (process.getuid?.() !== 0) {
    const r = runDpaudit(args);
    return { code: r.code, stderr: r.stderr };
  }
  const r = spawnSync(
    'setpriv',
    [
      '--reuid=65534',
      '--regid=65534',
      '--clear-groups',
      process.execPath,
      '--import',
      'tsx',
      join(projectRoot, 'src/cli/main.ts'),
      ...args,
    ],
    { cwd: projectRoot, encoding: 'utf8', timeout: 120_000 },
  );
  return { code: r.status ?? -1, stderr: r.stderr };
}

test('every writing command: --out a file, a dangling link or a read-only folder exits 2 with one line before any work', () => {
  const file = join(dir, 'plain-file');
  writeFileSync(file, 'x');
  const dangling = join(dir, 'dangling3');
  symlinkSync(join(dir, 'nowhere3'), dangling);
  for (const out of [file, dangling, '/proc/nope']) {
    for (const args of [
      ['sweep', '--preset', 'test', '--out', out],
      ['train', '--out', out],
      ['merge', dir, '--out', out],
    ]) {
      const r = runDpaudit(args, { timeoutMs: 60_000 });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      const lines = r.stderr
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('dpaudit:'));
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0], /option --out/);
      assert.doesNotMatch(r.stderr, /training|at .*\.ts:\d+/);
    }
  }
  const results = join(projectRoot, 'test/fixtures/results-v1.json');
  const r = runDpaudit(['report', results, '--out', dir]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /option --out: is a folder/);
  // a read-only folder
  const ro = join(dir, 'read-only');
  mkdirSync(ro);
  chmodSync(dir, 0o755);
  chmodSync(ro, 0o555);
  const s = runAsUser(['sweep', '--preset', 'test', '--out', join(ro, 'out')]);
  assert.equal(s.code, 2, s.stderr);
  assert.match(s.stderr, /option --out: cannot write into the folder .*read-only.* \(EACCES\)/);
  assert.deepEqual(readdirSync(ro), []);
});
