import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { optionSpecs, type OptionSpec } from '../../src/options/registry.js';
import { README_END, README_START, readmeWithOptionsTable } from '../../src/options/table.js';
import { projectRoot } from '../helpers/cli.js';

const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');

test('the README table of options is the one generated from the registry (npm run schemas)', () => {
  assert.ok(readme.includes(README_START) && readme.includes(README_END), 'README.md lacks the markers');
  assert.equal(readme, readmeWithOptionsTable(readme), 'README.md options table is stale: run npm run schemas');
});

test('the README table has one row per registry entry, with its flag and allowed values', () => {
  const table = readme.slice(readme.indexOf(README_START), readme.indexOf(README_END));
  const rows = table.split('\n').filter((l) => l.startsWith('| `--'));
  assert.equal(rows.length, optionSpecs.length);
  for (const [i, s] of (optionSpecs as readonly OptionSpec[]).entries()) {
    assert.ok(rows[i].startsWith(`| \`--${s.name}\` |`), rows[i]);
    if (s.type === 'choice') for (const c of s.choices) assert.ok(rows[i].includes(`\`${c}\``), `${s.name}: ${c}`);
  }
  assert.match(table, /\| `--suppress-below` \| `suppressBelow` \| a whole number ≥ 0 \| `11` \|/);
});
