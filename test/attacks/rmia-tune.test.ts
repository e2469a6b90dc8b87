import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_A_GRID, tuneOfflineA } from '../../attacks/rmia-tune.js';
import { phiMatrix, probOfPhi } from '../../attacks/signals.js';
import { DpauditError } from '../../src/errors.js';
import { bruteRmia, IN, tinyFleet } from './fixture.js';

/** AUC by counting all (member, non-member) pairs, ties ½. */
function bruteAuc(scores: number[], member: number[]): number {
  let u = 0;
  let pairs = 0;
  for (let i = 0; i < scores.length; i++) {
    for (let j = 0; j < scores.length; j++) {
      if (member[i] === 1 && member[j] === 0) {
        pairs++;
        u += scores[i] > scores[j] ? 1 : scores[i] === scores[j] ? 0.5 : 0;
      }
    }
  }
  return u / pairs;
}

const f = tinyFleet();
const py = probOfPhi(phiMatrix(f.logits, f.labels, 3));
const pyPop = probOfPhi(phiMatrix(f.population!.logits, f.population!.labels, 3));

test('a is the grid value maximising the pooled AUC of references attacking each other', () => {
  for (const t of [0, 1, 2]) {
    const refs = [0, 1, 2].filter((m) => m !== t);
    let bestA = -1;
    let bestAuc = -1;
    for (const a of DEFAULT_A_GRID) {
      const scores = [...bruteRmia(refs[0], [refs[1]], { a }, 1), ...bruteRmia(refs[1], [refs[0]], { a }, 1)];
      const auc = bruteAuc(scores, [...IN[refs[0]], ...IN[refs[1]]]);
      if (auc > bestAuc) {
        bestAuc = auc;
        bestA = a;
      }
    }
    const got = tuneOfflineA(py, f.inMask, 4, pyPop, 3, Int32Array.from(refs), 1);
    assert.equal(got.a, bestA, `target ${t}`);
    assert.ok(Math.abs((got.auc ?? NaN) - bestAuc) < 1e-12);
  }
});

test('tuning needs two references', () => {
  assert.throws(() => tuneOfflineA(py, f.inMask, 4, pyPop, 3, Int32Array.from([1]), 1), DpauditError);
});
