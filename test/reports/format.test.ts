import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fmt, fmtCi, fmtEstimate, MISSING } from '../../reports/format.js';
import { renderReport } from '../../reports/html.js';
import { fixture } from './fixture.js';

test('fmt: fixed decimals, never scientific notation; small non-zero values keep one significant digit', () => {
  const cases: [number, number, string][] = [
    [0.8368, 3, '0.837'],
    [-0.0004, 3, '-0.0004'], // a ΔAUC that used to print as -4.0e-4
    [0.00043, 3, '0.0004'],
    [0.00049, 3, '0.0005'],
    [-0.00079, 3, '-0.001'], // ≥ half the last decimal: ordinary rounding
    [-0.00079, 2, '-0.0008'],
    [0.000002, 3, '0.000002'],
    [1e-7, 3, '< 0.000001'],
    [-3e-9, 3, '> -0.000001'],
    [0, 3, '0.000'],
    [-0.0, 3, '0.000'],
    [12345.6789, 2, '12345.68'],
  ];
  for (const [v, d, want] of cases) assert.equal(fmt(v, d), want, `fmt(${v}, ${d})`);
  for (const v of [Number.NaN, Number.POSITIVE_INFINITY, null, undefined]) assert.equal(fmt(v), MISSING);
  // Independent check over many magnitudes: no exponent, and the shown value is within half a unit of the
  // last shown digit of the true value (or the value is below the smallest shown).
  for (let e = -9; e <= 3; e++)
    for (const m of [1, 2.5, 4.9, 5, 9.99])
      for (const sign of [1, -1]) {
        const v = sign * m * 10 ** e;
        const s = fmt(v);
        assert.ok(!/e/i.test(s), `${v} → ${s}`);
        if (Math.abs(v) < 1e-6) continue;
        const decimals = s.split('.')[1]?.length ?? 0;
        assert.ok(Math.abs(Number(s) - v) <= 0.5 * 10 ** -decimals * (1 + 1e-9), `${v} → ${s}`);
        assert.ok(Number(s) !== 0, `${v} is not shown as zero`);
      }
});

test('fmtCi and fmtEstimate use the same formatter', () => {
  assert.equal(fmtCi({ lo: -0.00079, hi: 0.00066 }), '[-0.001, 0.001]');
  assert.equal(fmtCi({ lo: -0.0003, hi: 0.0002 }), '[-0.0003, 0.0002]');
  assert.equal(fmtEstimate({ value: 0.0004, ci: { lo: -0.0003, hi: 0.0011 } }), '0.0004 [-0.0003, 0.001]');
});

test('the report prints no number in scientific notation', () => {
  const r = fixture();
  // A tiny paired ΔAUC, as on the standard audit.
  const p = r.recommendation.pairedAuc?.[0];
  assert.ok(p, 'the fixture has a paired ΔAUC');
  p.delta = -0.0004;
  p.ci = { lo: -0.00079, hi: 0.00003 };
  const html = renderReport(r);
  const text = html
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\u00a0/g, ' ');
  const sci = text.match(/\d(\.\d+)?e[-+]\d+/g) ?? [];
  assert.deepEqual(
    sci.filter((s) => s !== '1e-6'),
    [],
    'no 4.0e-4-style numbers in the page text',
  );
  assert.ok(text.includes('-0.0004 [-0.001, 0.00003]'), 'the small ΔAUC is readable');
});
