import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sweep, fairness, epsilonFor, DpauditError } from '../../src/index.js';
import { runDpaudit } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('dpaudit-api-');

test('library API: sweep() runs the audit and returns the results it wrote; dpaudit report rebuilds the same report', async () => {
  const out = join(dir, 'api');
  const run = await sweep({ preset: 'test', out, workers: 1, epsilons: '2' });
  assert.ok(run.results);
  assert.deepEqual(
    run.results.arms.map((a) => a.arm),
    ['nondp', 'cliponly', 'dp@2'],
  );
  const onDisk = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
  assert.deepEqual(onDisk, JSON.parse(JSON.stringify(run.results)));
  const rebuilt = join(dir, 'rebuilt.html');
  const r = runDpaudit(['report', join(out, 'results.json'), '--out', rebuilt, '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(rebuilt, 'utf8'), readFileSync(join(out, 'report.html'), 'utf8'));
  const bad = runDpaudit(['report', join(dir, 'nope.json')]);
  assert.equal(bad.code, 2);
});

test('library API: fairness() and epsilonFor() are the same functions the CLI uses; errors are DpauditError', () => {
  const yTrue = Uint8Array.from([1, 0, 1, 0]);
  const yPred = Uint8Array.from([1, 0, 0, 0]);
  const rep = fairness(
    { yTrue, yPred, groups: [{ name: 'g', codes: Int32Array.from([0, 0, 1, 1]), levels: ['a', 'b'] }] },
    { bootstrap: 0, suppressBelow: 0 },
  );
  assert.equal(rep.overall.tpr, 0.5);
  const e = epsilonFor({ noiseMultiplier: 1.1, sampleRate: 256 / 60000, steps: 14063, delta: 1e-5, accountant: 'rdp' });
  assert.ok(Math.abs(e.epsilon - 2.597) < 0.005);
  assert.throws(() => epsilonFor({ noiseMultiplier: 1, sampleRate: 2, steps: 10, delta: 1e-5, accountant: 'rdp' }), DpauditError);
});
