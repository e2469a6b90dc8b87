import { test } from 'node:test';
import assert from 'node:assert/strict';
import yargs from 'yargs';
import { skipHelpCache } from '../../../src/cli/help-cache.js';
import { runDpaudit } from '../../helpers/cli.js';

type Internal = { getInternalMethods(): { getUsageInstance(): { hasCachedHelpMessage(): boolean } } };

function parseWith(skip: boolean): { found: boolean; cached: boolean; ran: boolean } {
  let ran = false;
  const y = yargs(['go', '--n', '3'])
    .exitProcess(false)
    .command(
      'go',
      'a command',
      (b) => b.option('n', { type: 'number', describe: 'a number' }),
      (argv) => {
        ran = argv.n === 3;
      },
    )
    .help();
  const found = skip ? skipHelpCache(y) : false;
  y.parseSync();
  return { found, cached: (y as unknown as Internal).getInternalMethods().getUsageInstance().hasCachedHelpMessage(), ran };
}

test('yargs renders a command’s help before its handler; skipHelpCache stops that, and the handler still runs', () => {
  // Without the hook, yargs caches the rendered help when a command runs (the cost this module removes).
  assert.deepEqual(parseWith(false), { found: false, cached: true, ran: true });
  // With it, the hook is found on the pinned yargs and nothing is rendered.
  assert.deepEqual(parseWith(true), { found: true, cached: false, ran: true });
  assert.equal(skipHelpCache({}), false);
});

test('help and usage errors of the CLI are unchanged by skipping the help cache', () => {
  const help = runDpaudit(['sweep', '--help']);
  assert.equal(help.code, 0, help.stderr);
  assert.match(help.stdout, /^dpaudit sweep\n/);
  assert.match(help.stdout, /--epsilons/);
  const bad = runDpaudit(['inspect', '--bogus']);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr, 'dpaudit: Unknown argument: bogus (see dpaudit --help)\n');
});
