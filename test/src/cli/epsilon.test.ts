import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runDpaudit, type CliResult } from '../../helpers/cli.js';
import { tempDir, writeFixture } from '../../helpers/tmp.js';

function assertOptionError(r: CliResult, option: string): void {
  assert.equal(r.code, 2, r.stderr);
  const lines = r.stderr.split('\n').filter((l) => l.length > 0);
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], new RegExp(`^dpaudit: .*--${option}`));
  assert.equal(r.stdout, '');
}

test('epsilon --json (RDP): the documented check value with its order', () => {
  const r = runDpaudit([
    'epsilon',
    '--sample-rate',
    String(256 / 60000),
    '--noise-multiplier',
    '1.1',
    '--steps',
    '14063',
    '--delta',
    '1e-5',
    '--accountant',
    'rdp',
    '--json',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.equal(out.accountant, 'rdp');
  assert.equal(out.delta, 1e-5);
  assert.equal(out.order, 8.1);
  assert.ok(typeof out.epsilon === 'number' && Math.abs(out.epsilon - 2.597) < 0.005);
});

test('epsilon defaults to PRV and δ = 1e-5 (δ and accountant may come from --config); plain text without --json', () => {
  const dir = tempDir();
  const cfg = writeFixture(dir, 'c.yml', 'delta: 0.00001\n');
  const r = runDpaudit(['epsilon', '--sample-rate', '0.01', '--noise-multiplier', '1', '--steps', '1000', '--config', cfg, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.equal(out.accountant, 'prv');
  assert.equal(out.delta, 1e-5);
  assert.equal(out.order, undefined);
  assert.ok(typeof out.epsilon === 'number' && Math.abs(out.epsilon - 1.84) < 0.01);
  const text = runDpaudit(['epsilon', '--sample-rate', '0.01', '--noise-multiplier', '1', '--steps', '1000', '--accountant', 'rdp']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^ε = 2\.10\d\d at δ = 0\.00001 \(RDP, optimal order α = 7\.8/);
});

test('epsilon: bad or missing options exit 2 with one line naming the option', () => {
  assertOptionError(runDpaudit(['epsilon', '--sample-rate', '0', '--noise-multiplier', '1', '--steps', '10']), 'sample-rate');
  assertOptionError(runDpaudit(['epsilon', '--sample-rate', '0.1', '--noise-multiplier', '1', '--steps', '1.5', '--delta', '1']), 'steps');
  assertOptionError(runDpaudit(['epsilon', '--sample-rate', '0.1', '--steps', '10']), 'noise-multiplier');
});
