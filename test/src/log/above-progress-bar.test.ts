import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aboveProgressBar, type Logger } from '../../../src/log/logger.js';

/** A target logger and a stream that record, in one list, what each prints in order. */
function recorder(verboseOn: boolean): { out: string[]; target: Logger; write: (s: string) => void } {
  const out: string[] = [];
  return {
    out,
    target: {
      verboseOn,
      info: (m) => out.push(`info:${m}`),
      verbose: (m) => {
        if (verboseOn) out.push(`verbose:${m}`);
      },
      warn: (m) => out.push(`warn:${m}`),
    },
    write: (s) => out.push(`raw:${JSON.stringify(s)}`),
  };
}

const BEFORE = 'raw:"\\r\\u001b[2K\\u001b[?7h"';
const AFTER = 'raw:"\\u001b7\\u001b[?7l"';

test('lines printed while a progress bar is drawn clear the bar’s line first and wrap', () => {
  const r = recorder(false);
  let active = true;
  const log = aboveProgressBar(r.target, () => active, r.write);
  log.warn('δ is large');
  log.info('planned');
  log.verbose('not shown'); // the target prints no verbose lines: the bar's line is left alone
  active = false;
  log.warn('after the bar');
  assert.deepEqual(r.out, [BEFORE, 'warn:δ is large', AFTER, BEFORE, 'info:planned', AFTER, 'warn:after the bar']);
  assert.equal(log.verboseOn, false);
});

test('verbose lines clear the bar only when the target prints them', () => {
  const r = recorder(true);
  const log = aboveProgressBar(r.target, () => true, r.write);
  log.verbose('job s0/dp@1/models: done');
  assert.deepEqual(r.out, [BEFORE, 'verbose:job s0/dp@1/models: done', AFTER]);
  assert.equal(log.verboseOn, true);
});
