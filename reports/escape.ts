/**
 * Escaping for the two contexts in which the report puts data-derived text: HTML text/attributes
 * and JSON inside a `<script>` element. Handlebars `{{ }}` already HTML-escapes; `escapeHtml` is for
 * the few strings assembled in TypeScript, and for tests that check the two agree.
 */
const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#x27;',
  '`': '&#x60;',
  '=': '&#x3D;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`=]/g, (c) => HTML_ESCAPES[c]);
}

/**
 * JSON safe to embed in `<script type="application/json">` or a JS context: `<`, `>` and `&` become
 * \u escapes (so neither `</script>` nor `<!--` can end or change the element), and U+2028/U+2029
 * (line terminators in older JS parsers) are escaped too. `JSON.parse` returns the original value.
 */
export function jsonForScript(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError('jsonForScript: value is not JSON-serialisable');
  return json
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
