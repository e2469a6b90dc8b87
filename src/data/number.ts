/**
 * Strict number parsing for type inference: decimal point only, optional sign and exponent.
 * `1,05` (decimal comma), `<0.5`, `1e`, `0x10`, `Inf` are not numbers (they are stray tokens when
 * most of the column parses). Surrounding spaces are allowed.
 */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The value of a numeric cell, or NaN when the text is not a plain decimal number. */
export function parseNumber(cell: string): number {
  const t = cell.trim();
  return NUMBER.test(t) ? Number(t) : NaN;
}
