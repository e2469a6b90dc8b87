#!/usr/bin/env node
// Runs every test file under test/ with Node's built-in test runner (TypeScript via tsx).
// Node 20 has no glob support in `node --test`, so the files are listed here.
// A full run (no filter) first type-checks sources, tests and scripts (tsconfig.test.json) and runs
// `biome ci .` (format check + lint); it stops with a line naming the step that failed.
// A filtered run (`node scripts/run-tests.mjs test/metrics`) only runs the matching test files.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

function collect(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...collect(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const require = createRequire(import.meta.url);
const checks = [
  { name: 'type check (tsc -p tsconfig.test.json --noEmit)', bin: 'typescript/bin/tsc', args: ['-p', 'tsconfig.test.json', '--noEmit'] },
  { name: 'format + lint (biome ci .)', bin: '@biomejs/biome/bin/biome', args: ['ci', '.'] },
];
function runChecks() {
  for (const c of checks) {
    process.stdout.write(`run-tests: ${c.name}\n`);
    const r = spawnSync(process.execPath, [require.resolve(c.bin), ...c.args], { stdio: 'inherit' });
    if (r.status !== 0) {
      process.stderr.write(`run-tests: FAILED step: ${c.name} (exit ${r.status ?? r.signal}); tests not run\n`);
      process.exit(1);
    }
  }
}

const filter = process.argv.slice(2);
if (filter.length === 0) runChecks();
const files = collect('test').filter((f) => filter.length === 0 || filter.some((s) => f.includes(s)));
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
if (r.status !== 0) process.stderr.write(`run-tests: FAILED step: tests (node --test, exit ${r.status ?? r.signal})\n`);
process.exit(r.status ?? 1);
