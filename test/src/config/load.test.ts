import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAbsolute, join } from 'node:path';
import { loadConfigFile } from '../../../src/config/load.js';
import { listOption, mergeConfig } from '../../../src/config/merge.js';
import { configSchema, pathKeys } from '../../../src/config/schema.js';
import { DpauditError } from '../../../src/errors.js';
import { tempDir, writeFixture } from '../../helpers/tmp.js';

const dir = tempDir();
const load = (f: string) => loadConfigFile(f, configSchema, pathKeys);
const fails = (text: string, re: RegExp) => {
  const f = writeFixture(dir, `c${Math.abs(hash(text))}.yml`, text);
  assert.throws(
    () => load(f),
    (e: unknown) => e instanceof DpauditError && e.exitCode === 2 && re.test(e.message) && !e.message.includes('\n'),
    text,
  );
};
function hash(s: string): number {
  let h = 0;
  for (const ch of s) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h;
}

test('unknown key: names the key and its line', () => {
  fails('label: death\n\n# comment\nepochz: 3\n', /\.yml:4: unknown key "epochz"/);
});

test('wrong type: names the key and its line', () => {
  fails('label: death\nbatchSize: many\n', /\.yml:2: key "batchSize": /);
  fails('seed: 1\ntestFraction: 1.5\n', /\.yml:2: key "testFraction"/);
  fails('lenient: "yes please"\n', /\.yml:1: key "lenient"/);
});

test('invalid YAML and a missing file are one-line errors naming the file', () => {
  fails('label: [death\n', /\.yml:\d+: invalid YAML/);
  fails('label: a\nlabel: b\n', /invalid YAML/);
  assert.throws(() => load(join(dir, 'absent.yml')), /absent\.yml: cannot read file \(ENOENT\)/);
});

test('paths are resolved relative to the config file; flags override file values', () => {
  const f = writeFixture(dir, 'ok.yml', 'data: sub/d.csv\nlabel: death\nsensitive: [sex, age_group]\ntestFraction: 0.2\n');
  const v = load(f);
  assert.equal(v.data, join(dir, 'sub/d.csv'));
  assert.ok(isAbsolute(v.data as string));
  const merged = mergeConfig({ config: f, label: 'other', testFraction: undefined as number | undefined });
  assert.equal(merged.label, 'other');
  assert.equal(merged.testFraction, 0.2);
  assert.deepEqual(listOption(merged.sensitive), ['sex', 'age_group']);
  assert.deepEqual(listOption('a, b,,c'), ['a', 'b', 'c']);
});
