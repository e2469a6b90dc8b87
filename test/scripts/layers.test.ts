import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkImports, readImports, unitOf } from '../../scripts/layers.js';
import { projectRoot } from '../helpers/cli.js';

test('the source tree follows the layer rule (downward imports, no folder cycle, yargs only in src/cli)', () => {
  const imports = readImports(projectRoot);
  assert.ok(imports.size > 100, `expected the whole tree, read ${imports.size} files`);
  assert.ok(imports.has('src/index.ts') && imports.has('metrics/overlay.ts') && imports.has('reports/html.ts'));
  assert.deepEqual(checkImports(imports), []);
});

test('readImports sees static imports, re-exports, type imports and dynamic imports', () => {
  const imports = readImports(projectRoot);
  // src/index.ts re-exports from metrics/ and imports types from src/results.
  const index = imports.get('src/index.ts') ?? [];
  assert.ok(index.includes('../metrics/fairness/index.js'), index.join(', '));
  assert.ok(index.includes('./results/types.js'), index.join(', '));
  assert.ok(
    [...imports.values()].some((specs) => specs.some((s) => s === 'yargs')),
    'some file of src/cli imports yargs',
  );
});

test('unitOf maps files to their folder or top-level file', () => {
  assert.equal(unitOf('src/errors.ts'), 'src/errors.ts');
  assert.equal(unitOf('src/data/csv.ts'), 'src/data');
  assert.equal(unitOf('metrics/fairness/engine.ts'), 'metrics');
  assert.equal(unitOf('src/unknown/x.ts'), null);
});

const LAYERS = [['low/a', 'low/b'], ['mid'], ['top', 'top.ts']] as const;

test('checkImports flags an upward import with both files and layers', () => {
  const g = new Map([
    ['low/a/x.ts', ['../../mid/y.js']],
    ['mid/y.ts', ['../low/a/x.js']],
  ]);
  const problems = checkImports(g, LAYERS);
  assert.equal(problems.length, 2, problems.join('\n'));
  assert.match(problems[0], /^low\/a\/x\.ts: upward import of \.\.\/\.\.\/mid\/y\.js \(low\/a, layer 0 -> mid, layer 1\)$/);
  assert.match(problems[1], /^folder cycle low\/a -> mid -> low\/a /);
});

test('checkImports allows downward and same-layer imports, and flags a same-layer folder cycle', () => {
  const ok = new Map([
    ['top/t.ts', ['../mid/m.js', '../low/a/x.js', 'node:fs']],
    ['mid/m.ts', ['../low/b/z.js']],
    ['low/b/z.ts', ['../a/x.js']],
    ['low/a/x.ts', ['./other.js']],
  ]);
  assert.deepEqual(checkImports(ok, LAYERS), []);
  const cyclic = new Map([...ok, ['low/a/x.ts', ['../b/z.js']]]);
  const problems = checkImports(cyclic, LAYERS);
  assert.equal(problems.length, 1, problems.join('\n'));
  assert.equal(problems[0], 'folder cycle low/a -> low/b -> low/a (low/a/x.ts -> low/b/z.ts; low/b/z.ts -> low/a/x.ts)');
});

test('checkImports flags a three-folder cycle once', () => {
  const g = new Map([
    ['top/t.ts', ['../top.js']],
    ['top.ts', ['./mid/m.js']],
    ['mid/m.ts', ['../low/a/x.js']],
    ['low/a/x.ts', ['../b/z.js']],
    ['low/b/z.ts', ['../a/x.js']],
  ]);
  const problems = checkImports(g, LAYERS);
  assert.deepEqual(problems, ['folder cycle low/a -> low/b -> low/a (low/a/x.ts -> low/b/z.ts; low/b/z.ts -> low/a/x.ts)']);
  const three = new Map([
    ['low/a/x.ts', ['../b/z.js']],
    ['low/b/z.ts', ['../c/w.js']],
    ['low/c/w.ts', ['../a/x.js']],
  ]);
  const l3 = [['low/a', 'low/b', 'low/c']];
  assert.deepEqual(checkImports(three, l3), [
    'folder cycle low/a -> low/b -> low/c -> low/a (low/a/x.ts -> low/b/z.ts; low/b/z.ts -> low/c/w.ts; low/c/w.ts -> low/a/x.ts)',
  ]);
});

test('checkImports flags yargs outside src/cli, the public API importing src/cli, and unknown folders', () => {
  const layers = [['src/data'], ['src/cli'], ['src/index.ts']];
  const g = new Map([
    ['src/data/options.ts', ['yargs']],
    ['src/cli/run.ts', ['yargs', 'yargs/helpers', '../data/options.js']],
    ['src/index.ts', ['./cli/run.js', './data/options.js']],
    ['src/new/thing.ts', []],
    ['src/data/x.ts', ['../elsewhere/y.js']],
  ]);
  assert.deepEqual(checkImports(g, layers), [
    'src/data/options.ts: imports yargs (only src/cli may import yargs)',
    'src/data/x.ts: imports ../elsewhere/y.js (src/elsewhere/y.ts), which is not in any layer',
    'src/index.ts: the public API imports ./cli/run.js from src/cli',
    'src/new/thing.ts: not in any layer (add its folder to LAYERS in scripts/layers.ts)',
  ]);
});
