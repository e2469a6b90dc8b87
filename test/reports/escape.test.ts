import { test } from 'node:test';
import assert from 'node:assert/strict';
import Handlebars from 'handlebars';
import { escapeHtml, jsonForScript } from '../../reports/escape.js';

test('escapeHtml escapes every HTML-significant character and agrees with Handlebars', () => {
  const s = `<script>alert(1)</script> & "q" 'a' \`b\` =`;
  const out = escapeHtml(s);
  assert.equal(out, '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#x27;a&#x27; &#x60;b&#x60; &#x3D;');
  assert.equal(out, Handlebars.Utils.escapeExpression(s));
});

test('jsonForScript cannot close a script element and round-trips', () => {
  const value = { a: '</script><script>alert(1)</script>', b: '<!-- x -->', c: 'x\u2028y\u2029z', d: '{{x}} & >', n: [1, null] };
  const out = jsonForScript(value);
  assert.ok(!out.includes('<'), 'no raw <');
  assert.ok(!out.includes('>'), 'no raw >');
  assert.ok(!out.includes('&'), 'no raw &');
  assert.ok(!out.includes('\u2028') && !out.includes('\u2029'), 'no raw line separators');
  assert.ok(out.includes('\\u003c/script\\u003e'));
  assert.deepEqual(JSON.parse(out), value);
  // Also valid as a JavaScript expression with the same value.
  assert.deepEqual(new Function(`return ${out};`)(), value);
});

test('jsonForScript rejects values JSON cannot represent', () => {
  assert.throws(() => jsonForScript(undefined), TypeError);
});
