import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runDpaudit, projectRoot } from '../../helpers/cli.js';
import { tempDir, writeFixture } from '../../helpers/tmp.js';

const dir = tempDir('dpaudit-reliab-');

/** The embedded flchain data, first 1500 rows, with 20 labels blanked and 40 rows appended as exact copies. */
function fixture(): string {
  const lines = readFileSync(join(projectRoot, 'examples/flchain.csv'), 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  const death = header.indexOf('death');
  const body = lines.slice(1, 1501).map((l, i) => {
    if (i % 75 !== 7) return l;
    const f = l.split(',');
    f[death] = '';
    return f.join(',');
  });
  body.push(...body.slice(100, 140).filter((l) => l.split(',')[death] !== ''));
  return writeFixture(dir, 'flchain-dups.csv', [lines[0], ...body].join('\n') + '\n');
}

test('sweep: warnings reach stderr and summary.md; duplicates stated; the test preset says what it sampled; the example gate can fail on flchain', () => {
  const data = fixture();
  const out = join(dir, 'out');
  const gate = join(projectRoot, 'examples/gate.yml');
  const args = ['sweep', '--config', join(projectRoot, 'examples/flchain.yml'), '--data', data, '--preset', 'test'];
  const r = runDpaudit([...args, '--epsilons', '1,4,8', '--gate', gate, '--out', out, '--workers', '2']);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  // warnings on stderr (not only in results.json)
  assert.match(r.stderr, /warning: 20 rows with a missing label/);
  assert.match(r.stderr, /warning: 40 rows repeat an earlier row in every column .*--duplicates group/);
  assert.match(r.stderr, /preset test: sampled 1[45]\d\d of 1520 rows/);
  const summary = readFileSync(join(out, 'summary.md'), 'utf8');
  assert.match(summary, /## Warnings[\s\S]*20 rows with a missing label[\s\S]*40 rows repeat an earlier row/);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
  assert.equal(results.dataset.duplicateRows, 40);
  assert.equal(results.dataset.duplicateHandling, 'group');
  // one fairness rule: the recommendation states it, the gate's disparity checks use its variant
  assert.match(results.recommendation.disparityMeasure, /minGroupSize.*suppressed cells left out/);
  const g = JSON.parse(readFileSync(join(out, 'gate.json'), 'utf8'));
  const eod = g.checks.find((c: { id: string }) => c.id === 'dp4-equalized-odds');
  assert.match(eod.sentence, /betweenGroupsExcludingSmall/);
  // every user check of the example can fail on this data: some item's threshold lies inside the metric's range
  for (const c of g.checks.filter((x: { builtin: boolean }) => !x.builtin)) {
    const ths = c.items.map((i: { threshold: number | null }) => i.threshold).filter((t: number | null) => t !== null) as number[];
    assert.ok(ths.length > 0, `${c.id}: no item`);
    const bounded = !c.id.includes('group-size');
    const failable = c.comparator.startsWith('<') ? ths.some((t) => !bounded || t < 1) : ths.some((t) => t > 0);
    assert.ok(failable, `${c.id} cannot fail: thresholds ${ths.join(', ')}`);
  }
  // and a DP arm that widens the sex gap by 0.1 does fail it
  const dp4 = results.arms.find((a: { arm: string }) => a.arm === 'dp@4');
  const nondp = results.arms.find((a: { arm: string }) => a.arm === 'nondp');
  const sexOf = (a: typeof dp4) => a.fairness.groupings.find((x: { attributes: string[] }) => x.attributes.join() === 'sex');
  sexOf(dp4).disparities.betweenGroupsExcludingSmall.equalizedOddsDifference =
    sexOf(nondp).disparities.betweenGroupsExcludingSmall.equalizedOddsDifference + 0.1;
  writeFileSync(join(dir, 'edited.json'), JSON.stringify(results));
  const e = runDpaudit(['gate', join(dir, 'edited.json'), '--policy', gate, '--json']);
  assert.equal(e.code, 1, e.stderr);
  const ge = JSON.parse(e.stdout);
  assert.equal(ge.checks.find((c: { id: string }) => c.id === 'dp4-equalized-odds').status, 'FAIL');
});
