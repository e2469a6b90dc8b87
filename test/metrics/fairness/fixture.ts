import type { GroupAttribute } from '../../../src/data/types.js';

/**
 * The small hand-computed case of the fairness tests. Cells (sex × age):
 * F-a: (y, pred, score) = (1,1,.9) (0,0,.2) (1,0,.4) (0,1,.6)
 * F-b: (0,0,.1) (0,1,.7)                 — no positives: tpr, fnr, rocAuc undefined
 * F-c: (1,1,.95)                          — one row, one class
 * M-a: (1,1,.8) (1,1,.8) (0,1,.8) (0,0,.3) — tied scores
 * M-b: (1,0,.3)
 * M-c: no rows                             — empty cell
 */
const rows: [number, number, number, string, string][] = [
  [1, 1, 0.9, 'F', 'a'],
  [0, 0, 0.2, 'F', 'a'],
  [1, 0, 0.4, 'F', 'a'],
  [0, 1, 0.6, 'F', 'a'],
  [0, 0, 0.1, 'F', 'b'],
  [0, 1, 0.7, 'F', 'b'],
  [1, 1, 0.95, 'F', 'c'],
  [1, 1, 0.8, 'M', 'a'],
  [1, 1, 0.8, 'M', 'a'],
  [0, 1, 0.8, 'M', 'a'],
  [0, 0, 0.3, 'M', 'a'],
  [1, 0, 0.3, 'M', 'b'],
];

export function attribute(name: string, labels: readonly string[], levels: string[]): GroupAttribute {
  return { name, levels, codes: Int32Array.from(labels, (l) => levels.indexOf(l)) };
}

export function smallCase(): { yTrue: Uint8Array; yPred: Uint8Array; yScore: Float64Array; groups: GroupAttribute[] } {
  return {
    yTrue: Uint8Array.from(rows, (r) => r[0]),
    yPred: Uint8Array.from(rows, (r) => r[1]),
    yScore: Float64Array.from(rows, (r) => r[2]),
    groups: [
      attribute(
        'sex',
        rows.map((r) => r[3]),
        ['F', 'M'],
      ),
      attribute(
        'age',
        rows.map((r) => r[4]),
        ['a', 'b', 'c'],
      ),
    ],
  };
}
