import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../helpers/cli.js';

// Code comments explain formulas by pointing at an anchor of docs/methods.md: every such pointer must resolve,
// and nothing may cite a file outside the repository or an issue number instead.

const methods = readFileSync(join(projectRoot, 'docs/methods.md'), 'utf8');
const anchors = new Set([...methods.matchAll(/<a id="([a-z0-9-]+)"><\/a>/g)].map((m) => m[1]));

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|mjs|js)$/.test(name)) out.push(p);
  }
  return out;
}
const files = ['src', 'attacks', 'metrics', 'reports', 'scripts', 'test'].flatMap((d) => sourceFiles(join(projectRoot, d)));

test('docs/methods.md has the stable anchors the code and other documents point at', () => {
  const required = [
    'privacy-unit',
    'dp-sgd',
    'accountants',
    'rdp',
    'prv',
    'calibration',
    'attacks',
    'lira',
    'rmia',
    'roc',
    'empirical-epsilon',
    'one-run-audit',
    'overlay',
    'fairness-metrics',
    'who-pays',
    'bootstrap',
    'suppression',
    'recommendation',
    'seeds',
    'selftest',
    'f-dp-one-run',
    'gradient-canaries',
    'user-level-dp',
    'federated',
    'per-target-bound',
    'untestable',
    'gate-error-control',
    'duplicates',
    'fairness-rule',
    'external-trainers',
  ];
  const missing = required.filter((a) => !anchors.has(a));
  assert.deepEqual(missing, []);
});

test('every pointer to an anchor of docs/methods.md in the tree resolves', () => {
  const broken: string[] = [];
  let pointers = 0;
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/docs\/methods\.md#([A-Za-z0-9_-]+)/g)) {
      pointers++;
      if (!anchors.has(m[1])) broken.push(`${f.slice(projectRoot.length + 1)}: #${m[1]}`);
    }
  }
  assert.ok(pointers > 40, `only ${pointers} pointers found: the scan is not reading the tree`);
  assert.deepEqual(broken, []);
});

test('no code cites sections of the formula reference outside the repository, or issue numbers', () => {
  // Built from parts so that this file does not match its own pattern.
  const bad = new RegExp(['REFERENCE', '(\\s*§|\\.md)|\\bissues? #?\\d'].join(''));
  const hits: string[] = [];
  for (const f of files) {
    readFileSync(f, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (bad.test(line)) hits.push(`${f.slice(projectRoot.length + 1)}:${i + 1}`);
      });
  }
  assert.deepEqual(hits, []);
});
