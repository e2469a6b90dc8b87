import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runDpaudit } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

const dir = tempDir('dpaudit-run-');

test('a usage error exits 2 with one line and runs no command (nothing written)', () => {
  const out = join(dir, 'model');
  for (const args of [
    ['train', '--model', 'nope', '--out', out],
    ['sweep', '--preset', 'nope', '--out', out],
    ['train', '--no-such-flag', '--out', out],
    ['nosuch'],
    [],
  ]) {
    const r = runDpaudit(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    const lines = r.stderr
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('no --data given'));
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], /^dpaudit: .*\(see dpaudit --help\)$/);
    assert.equal(r.stdout, '', `${args.join(' ')} printed results`);
    assert.ok(!existsSync(out), `${args.join(' ')} wrote ${out}`);
  }
});

test('--version and --help exit 0', () => {
  assert.equal(runDpaudit(['--version']).code, 0);
  const h = runDpaudit(['--help']);
  assert.equal(h.code, 0);
  for (const c of ['inspect', 'train', 'attack', 'sweep', 'report', 'merge', 'gate', 'fairness', 'epsilon', 'calibrate', 'selftest'])
    assert.match(h.stdout, new RegExp(`dpaudit ${c}`));
});
