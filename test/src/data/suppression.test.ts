import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGroupings } from '../../../src/data/groups.js';
import type { GroupAttribute } from '../../../src/data/types.js';
import { hiddenGroupCells } from '../../../src/data/suppression.js';
import { Rng } from '../../../src/random/rng.js';

/** Counts per cell of every grouping (naive loop). */
function countsOf(groups: GroupAttribute[], n: number) {
  const gs = buildGroupings(groups, n);
  return {
    gs,
    counts: gs.map((g) => {
      const c = new Array<number>(g.cells.length).fill(0);
      for (let i = 0; i < n; i++) c[g.cellOfRow[i]]++;
      return c;
    }),
  };
}

/**
 * What an outsider can recover (independent of the implementation): for every published total (overall, or a
 * shown single-attribute level) and the cells that add up to it, total − Σ shown cells. If exactly one
 * non-empty cell under it is hidden, that difference is the hidden cell's count.
 */
function recoverable(groups: GroupAttribute[], n: number, k: number): { cell: string; n: number }[] {
  const { gs, counts } = countsOf(groups, n);
  const hidden = hiddenGroupCells(gs, counts, k);
  const out: { cell: string; n: number }[] = [];
  const check = (total: number, cells: [number, number][]) => {
    const hid = cells.filter(([g, c]) => hidden[g][c] && counts[g][c] > 0);
    const shown = cells.filter(([g, c]) => !hidden[g][c]).reduce((a, [g, c]) => a + counts[g][c], 0);
    if (hid.length === 1) out.push({ cell: JSON.stringify(gs[hid[0][0]].cells[hid[0][1]].values), n: total - shown });
    if (hid.length >= 2) assert.ok(hid.reduce((a, [g, c]) => a + counts[g][c], 0) >= k);
  };
  gs.forEach((g, gi) => {
    check(
      n,
      g.cells.map((_, c) => [gi, c]),
    );
    if (g.attributes.length < 2) return;
    gs.forEach((s, si) => {
      if (s.attributes.length !== 1) return;
      const a = s.attributes[0];
      s.cells.forEach((lv, t) => {
        if (hidden[si][t]) return;
        check(
          counts[si][t],
          g.cells.flatMap((cell, c): [number, number][] => (cell.values[a] === lv.values[a] ? [[gi, c]] : [])),
        );
      });
    });
  });
  return out;
}

test('complementary suppression: a total minus the published cells never equals a hidden cell', () => {
  // sex F 60 / M 40; site A 95 / B 5 (B hidden at k = 11): without complementary suppression 100 − 95 = 5 and
  // F 60 − (F, A) 57 = 3 would give the hidden cells back.
  const n = 100;
  const groups: GroupAttribute[] = [
    { name: 'sex', levels: ['F', 'M'], codes: Int32Array.from({ length: n }, (_, i) => (i < 60 ? 0 : 1)) },
    { name: 'site', levels: ['A', 'B'], codes: Int32Array.from({ length: n }, (_, i) => (i % 20 === 7 ? 1 : 0)) },
  ];
  const { gs, counts } = countsOf(groups, n);
  assert.deepEqual(counts, [
    [60, 40],
    [95, 5],
    [57, 3, 38, 2],
  ]);
  const hidden = hiddenGroupCells(gs, counts, 11);
  assert.deepEqual(
    hidden.map((h) => Array.from(h)),
    [
      [0, 0],
      [1, 1],
      [1, 1, 1, 1],
    ],
  );
  assert.deepEqual(recoverable(groups, n, 11), []);
  // Without it (primary only) the fixture would leak: k = 0 hides nothing, and primary-only at k = 11 is
  // exactly the state the recovery finds (one hidden cell under a shown total).
  assert.deepEqual(
    hiddenGroupCells(gs, counts, 0).map((h) => Array.from(h)),
    [
      [0, 0],
      [0, 0],
      [0, 0, 0, 0],
    ],
  );
});

test('complementary suppression on random tables: nothing recoverable, every primary cell hidden, big cells kept where possible', () => {
  const rng = new Rng(['supp-random']);
  for (let trial = 0; trial < 200; trial++) {
    const n = 20 + Math.floor(rng.next() * 300);
    const la = 2 + Math.floor(rng.next() * 3);
    const lb = 2 + Math.floor(rng.next() * 3);
    const skew = (l: number) => Int32Array.from({ length: n }, () => Math.min(l - 1, Math.floor(-Math.log(rng.next() + 1e-12) * 0.8)));
    const groups: GroupAttribute[] = [
      { name: 'a', levels: Array.from({ length: la }, (_, i) => `a${i}`), codes: skew(la) },
      { name: 'b', levels: Array.from({ length: lb }, (_, i) => `b${i}`), codes: skew(lb) },
    ];
    const k = 11;
    assert.deepEqual(recoverable(groups, n, k), [], `trial ${trial}`);
    const { gs, counts } = countsOf(groups, n);
    const hidden = hiddenGroupCells(gs, counts, k);
    gs.forEach((g, gi) => {
      g.cells.forEach((_, c) => {
        if (counts[gi][c] > 0 && counts[gi][c] < k) assert.equal(hidden[gi][c], 1);
        if (counts[gi][c] === 0) assert.equal(hidden[gi][c], 0);
      });
    });
  }
});
