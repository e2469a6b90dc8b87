import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { resolveDatasetOptions } from '../../../src/cli/dataset-options.js';
import type { Logger } from '../../../src/log/logger.js';
import { projectRoot } from '../../helpers/cli.js';

function recorder(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), verbose: () => {}, warn: (m) => lines.push(`warning: ${m}`) };
}

test('no --data: the embedded example with the settings of examples/flchain.yml, and a message', () => {
  const log = recorder();
  const o = resolveDatasetOptions({}, log);
  assert.equal(o.data, join(projectRoot, 'examples', 'flchain.csv'));
  assert.equal(o.label, 'death');
  assert.deepEqual(o.sensitive, ['sex', 'age_group']);
  assert.deepEqual(o.drop, ['futime', 'chapter', 'death_5yr', 'age_group']);
  assert.deepEqual([o.testFraction, o.validationFraction, o.minGroupSize, o.seed, o.lenient, o.strict], [0.3, 0.15, 30, 1, false, false]);
  assert.equal(log.lines.length, 1);
  assert.match(log.lines[0], /no --data given: using the embedded example dataset/);
  // Flags win over the example's settings.
  const o2 = resolveDatasetOptions({ label: 'death_5yr', sensitive: 'sex', seed: 4 }, recorder());
  assert.deepEqual([o2.label, o2.sensitive, o2.seed], ['death_5yr', ['sex'], 4]);
});

test('defaults and list parsing with --data; no message', () => {
  const log = recorder();
  const o = resolveDatasetOptions(
    { data: 'd.csv', label: 'y', sensitive: 'a, b', categorical: ['race'], positiveLabel: 1, minGroupSize: 0 },
    log,
  );
  assert.deepEqual(o, {
    data: 'd.csv',
    label: 'y',
    positiveLabel: '1',
    sensitive: ['a', 'b'],
    features: undefined,
    drop: [],
    categorical: ['race'],
    id: undefined,
    lenient: false,
    strict: false,
    minGroupSize: 0,
    testFraction: 0.3,
    validationFraction: 0.15,
    seed: 1,
  });
  assert.deepEqual(log.lines, []);
});

test('invalid option values name the option', () => {
  const r = (a: Record<string, unknown>) => () => resolveDatasetOptions({ data: 'd.csv', label: 'y', ...a }, recorder());
  assert.throws(r({ label: undefined }), /option --label: required/);
  assert.throws(r({ testFraction: 0 }), /option --test-fraction/);
  assert.throws(r({ testFraction: Number.NaN }), /option --test-fraction/);
  assert.throws(r({ validationFraction: 1 }), /option --validation-fraction/);
  assert.throws(r({ minGroupSize: 2.5 }), /option --min-group-size/);
  assert.throws(r({ sensitive: 'sex,sex' }), /option --sensitive: column "sex" is listed twice/);
  assert.throws(r({ features: '' }), /option --features: empty list/);
  assert.throws(r({ seed: 1.5 }), /option --seed/);
});
