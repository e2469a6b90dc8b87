import { test } from 'node:test';
import assert from 'node:assert/strict';
import { warmUpCompiler } from '../../reports/compile.js';

test('the compiler warm-up spec compiles cleanly: no warnings, a faceted Vega spec with all six layers', () => {
  const { spec, warnings } = warmUpCompiler();
  assert.deepEqual(warnings, []);
  const text = JSON.stringify(spec);
  for (const mark of ['rule', 'line', 'symbol', 'rect', 'text']) assert.ok(text.includes(`"type":"${mark}"`), `no ${mark} mark`);
  assert.ok(text.includes('"type":"log"'));
  assert.ok(text.includes('facet'));
});
