import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { projectRoot, runDpaudit, type CliResult } from '../../helpers/cli.js';
import { tempDir, writeFixture } from '../../helpers/tmp.js';

const dir = tempDir();
const data = writeFixture(
  dir,
  'sites.csv',
  ['x,region,y', ...Array.from({ length: 120 }, (_, i) => `${(i * 7) % 13},${['n', 's', 'e'][i % 3]},${i % 4 === 0 ? 1 : 0}`)].join('\n') +
    '\n',
);

/** An input error: exit 2, exactly one stderr line naming the option, no stack trace, nothing on stdout. */
function assertOptionError(r: CliResult, option: string): void {
  assert.equal(r.code, 2, r.stderr);
  const lines = r.stderr.split('\n').filter((l) => l.length > 0);
  assert.equal(lines.length, 1, `one stderr line expected, got:\n${r.stderr}`);
  assert.match(lines[0], new RegExp(`^dpaudit: .*--${option}\\b`));
  assert.doesNotMatch(r.stderr, /\n\s+at |Error:/);
  assert.equal(r.stdout, '');
}

const sweep = (out: string, ...args: string[]) =>
  runDpaudit(['sweep', '--preset', 'test', '--data', data, '--label', 'y', '--out', join(dir, out), ...args]);

test('federation options: bad values are one-line usage errors (exit 2) naming the option, nothing written', () => {
  const cases: [string[], string][] = [
    [['--sites', '1'], 'sites'],
    [['--sites', 'nosuch'], 'sites'],
    [['--sites', 'region', '--site-split', 'iid'], 'site-split'],
    [['--sites', '4', '--site-split', 'dirichlet:-1'], 'site-split'],
    [['--sites', '4', '--site-split', 'random'], 'site-split'],
    [['--rounds', '3'], 'rounds'],
    [['--sites', 'region', '--rounds', '0'], 'rounds'],
    [['--sites', 'region', '--site-rate', '1.5'], 'site-rate'],
    [['--sites', 'region', '--fed-modes', 'local-dp,bogus'], 'fed-modes'],
    [['--sites', 'region', '--audit-site', 'west'], 'audit-site'],
  ];
  for (const [k, [args, option]] of cases.entries()) {
    const out = `out-${k}`;
    assertOptionError(sweep(out, ...args), option);
    assert.equal(existsSync(join(dir, out)), false, `${args.join(' ')}: ${out} was created`);
  }
  assertOptionError(runDpaudit(['inspect', '--data', data, '--label', 'y', '--sites', '3', '--site-split', 'dirichlet:0']), 'site-split');
});

test('inspect --sites: site sizes and label rates', () => {
  const r = runDpaudit(['inspect', '--data', data, '--label', 'y', '--sites', 'region', '--json', '--suppress-below', '0']);
  assert.equal(r.code, 0, r.stderr);
  const validate = new Ajv2020({ strict: true }).compile(
    JSON.parse(readFileSync(join(projectRoot, 'schemas/inspect.schema.json'), 'utf8')) as object,
  );
  assert.ok(validate(JSON.parse(r.stdout)), JSON.stringify(validate.errors));
  const j = JSON.parse(r.stdout) as { sites: { source: string; sites: { site: string; rows: number; positiveRate: number }[] } };
  assert.equal(j.sites.source, 'column "region"');
  assert.deepEqual(
    j.sites.sites.map((s) => [s.site, s.rows]),
    [
      ['e', 40],
      ['n', 40],
      ['s', 40],
    ],
  );
  // Rows i ≡ 0 (mod 4) are positive: in region n (i ≡ 0 mod 3) that is i ≡ 0 mod 12, 10 of 40.
  assert.equal(j.sites.sites[1].positiveRate, 0.25);
});
