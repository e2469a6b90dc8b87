import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compactJson, roundDeep, roundSignificant } from '../../../src/sweep/compact.js';

test('numbers keep 4 significant digits; integers, strings and nulls are untouched', () => {
  assert.equal(roundSignificant(0.123456789), 0.1235);
  assert.equal(roundSignificant(123.456), 123.5);
  assert.equal(roundSignificant(1e-5), 1e-5);
  assert.equal(roundSignificant(1.23456e-7), 1.235e-7);
  assert.equal(roundSignificant(4684), 4684);
  assert.equal(roundSignificant(-0.00001234567), -0.00001235);
  assert.equal(roundSignificant(Number.POSITIVE_INFINITY), Number.POSITIVE_INFINITY);
  const v = { a: [0.6053999999999999, 12, null, 'x'], b: { c: 2 / 3, d: undefined } };
  assert.deepEqual(roundDeep(v), { a: [0.6054, 12, null, 'x'], b: { c: 0.6667 } });
});

test('compact JSON is one line without indentation and parses back to the rounded value', () => {
  const v = { arms: [{ auc: 0.8412345, n: 1000 }], s: 'a\nb' };
  const text = compactJson(v);
  assert.equal(text, '{"arms":[{"auc":0.8412,"n":1000}],"s":"a\\nb"}\n');
  assert.deepEqual(JSON.parse(text), roundDeep(v));
});
