import { DpauditError } from '../errors.js';
import type { CategoricalColumn } from './types.js';

export interface BinaryLabel {
  positiveLabel: string;
  negativeLabel: string;
  /** Code (index into column.levels) of the positive class. */
  positiveCode: number;
}

/** Values that are the positive class by default: numerically 1, or `true` / `yes` (any case). */
function isDefaultPositive(v: string): boolean {
  return /^(true|yes)$/i.test(v) || (/^[+]?(1|1\.0*|1e0)$/i.test(v) && Number(v) === 1);
}

/**
 * Binarise the label column (categorical; missing rows already excluded by the caller): exactly two
 * distinct values among `keptCodes`. The positive class is `positiveLabel` when given, else the value
 * that is 1 / true / yes.
 */
export function binaryLabel(
  col: CategoricalColumn,
  keptCodes: Int32Array,
  file: string,
  positiveLabel?: string,
  lineOf?: (k: number) => number,
): BinaryLabel {
  const seen = new Set<number>();
  for (const c of keptCodes) if (c >= 0) seen.add(c);
  const present = [...seen].sort((a, b) => a - b).map((c) => col.levels[c]);
  const loc = { file, column: col.name, option: 'label' };
  if (present.length === 0) throw new DpauditError('label column has no values (every label is missing)', { location: loc });
  if (present.length === 1) {
    throw new DpauditError(`label has a single class ${JSON.stringify(present[0])}: a binary label needs two`, { location: loc });
  }
  if (present.length > 2) {
    const shown = present
      .slice(0, 5)
      .map((v) => JSON.stringify(v))
      .join(', ');
    // Name the first line whose value is a third one (e.g. "1.0" beside "0" and "1").
    let line: number | undefined;
    if (lineOf) {
      const first = new Set<number>();
      for (let k = 0; k < keptCodes.length; k++) {
        const c = keptCodes[k];
        if (c < 0 || first.has(c)) continue;
        first.add(c);
        if (first.size === 3) {
          line = lineOf(k);
          break;
        }
      }
    }
    throw new DpauditError(
      `label is not binary: ${present.length} distinct values (${shown}${present.length > 5 ? ', …' : ''})${line !== undefined ? '; the third first appears here' : ''}`,
      { location: line !== undefined ? { ...loc, line } : loc },
    );
  }
  let pos: string;
  if (positiveLabel !== undefined) {
    const want = positiveLabel.trim();
    const match =
      present.find((v) => v === want) ?? present.find((v) => Number.isFinite(Number(v)) && want !== '' && Number(v) === Number(want));
    if (match === undefined) {
      throw new DpauditError(
        `value ${JSON.stringify(positiveLabel)} is not one of the label values ${present.map((v) => JSON.stringify(v)).join(' and ')}`,
        {
          location: { file, column: col.name, option: 'positive-label' },
        },
      );
    }
    pos = match;
  } else {
    const cands = present.filter(isDefaultPositive);
    if (cands.length !== 1) {
      throw new DpauditError(
        `cannot tell the positive class of the label values ${present.map((v) => JSON.stringify(v)).join(' and ')}: name it with --positive-label`,
        { location: { file, column: col.name } },
      );
    }
    pos = cands[0];
  }
  const neg = present[0] === pos ? present[1] : present[0];
  return { positiveLabel: pos, negativeLabel: neg, positiveCode: col.levels.indexOf(pos) };
}
