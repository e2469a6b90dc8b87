import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DISPARITY_NAMES } from '../../../metrics/fairness/names.js';
import { DISPARITY_KEYS } from '../../../metrics/fairness/types.js';
import { METRICS } from '../../../src/gate/metrics.js';
import { DISPARITIES } from '../../../reports/specs/disparity.js';
import { measureWords } from '../../../reports/read/disparity-measure.js';

test('one vocabulary: every disparity measure is named once, and the gate, the disparity chart and the headline words use those names', () => {
  assert.deepEqual(Object.keys(DISPARITY_NAMES).sort(), [...DISPARITY_KEYS].sort());
  for (const [key, n] of Object.entries(DISPARITY_NAMES)) {
    // A title is its noun capitalised, less any parenthesis.
    assert.equal(n.title.toLowerCase(), n.noun.replace(/ \(.*\)/, '').toLowerCase(), key);
    assert.equal(METRICS[`disparity.${key}`].label, n.title, `gate label of ${key}`);
  }
  for (const d of DISPARITIES) assert.equal(d.name, DISPARITY_NAMES[d.key].title, `chart panel of ${d.key}`);
  assert.equal(measureWords('equalOpportunityDifference'), 'sensitivity gap');
  // The words as written before the table (gate labels, the recommendation's reasons, the headline): unchanged.
  assert.deepEqual(
    DISPARITY_KEYS.map((k) => METRICS[`disparity.${k}`].label),
    [
      'Demographic-parity difference',
      'Demographic-parity ratio',
      'Equalized-odds difference',
      'Equalized-odds ratio',
      'Equal-opportunity difference',
      'Equal-opportunity ratio',
      'Accuracy difference',
      'Accuracy ratio',
    ],
  );
  assert.equal(DISPARITY_NAMES.equalizedOddsDifference.noun, 'equalized-odds difference');
  assert.equal(DISPARITY_NAMES.demographicParityDifference.noun, 'demographic-parity difference');
  assert.equal(DISPARITY_NAMES.equalOpportunityDifference.noun, 'equal-opportunity (sensitivity) difference');
  assert.equal(measureWords('equalizedOddsDifference'), 'equalized odds');
  // No two measures share a title or short words.
  const titles = Object.values(DISPARITY_NAMES).map((n) => n.title);
  assert.equal(new Set(titles).size, titles.length);
  const shorts = Object.values(DISPARITY_NAMES).map((n) => n.short);
  assert.equal(new Set(shorts).size, shorts.length);
});
