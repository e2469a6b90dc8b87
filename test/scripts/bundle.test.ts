import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot, runDpaudit } from '../helpers/cli.js';
import { stableResults } from '../helpers/results.js';
import { tempDir } from '../helpers/tmp.js';

// The bundled CLI and worker (scripts/bundle.mjs, run by npm run build) built from the current sources into a
// folder of the package (the bundle finds the package root, the templates and node_modules by walking up).
const outdir = join(projectRoot, '.cache', `bundle-test-${process.pid}`);
const dir = tempDir('dpaudit-bundle-');

test('the bundled CLI (cli.js + worker.js) gives the results of the modules, byte for byte; its errors are the same one line', (t) => {
  t.after(() => rmSync(outdir, { recursive: true, force: true }));
  const b = spawnSync(process.execPath, [join(projectRoot, 'scripts/bundle.mjs'), outdir], { encoding: 'utf8' });
  assert.equal(b.status, 0, b.stderr);
  const files = readdirSync(outdir);
  assert.ok(files.includes('cli.js') && files.includes('worker.js'), files.join(', '));
  // The report renderer is a chunk of its own, loaded only when a report is written.
  assert.ok(files.some((f) => f.startsWith('chunk-')));
  const args = ['sweep', '--preset', 'test', '--quiet', '--workers', '2'];
  const bundled = spawnSync(process.execPath, [join(outdir, 'cli.js'), ...args, '--out', join(dir, 'bundled')], {
    cwd: projectRoot,
    encoding: 'utf8',
    timeout: 300_000,
  });
  assert.equal(bundled.status, 0, bundled.stderr);
  const modules = runDpaudit([...args, '--out', join(dir, 'modules')]);
  assert.equal(modules.code, 0, modules.stderr);
  assert.equal(JSON.stringify(stableResults(join(dir, 'bundled'))), JSON.stringify(stableResults(join(dir, 'modules'))));
  assert.ok(existsSync(join(dir, 'bundled', 'report.html')));
  const bad = spawnSync(process.execPath, [join(outdir, 'cli.js'), 'sweep', '--epochs', '0', '--out', join(dir, 'bad')], {
    encoding: 'utf8',
  });
  const badModules = runDpaudit(['sweep', '--epochs', '0', '--out', join(dir, 'bad2')]);
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr, badModules.stderr);
  assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
});
