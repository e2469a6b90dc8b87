import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../helpers/cli.js';
import type { ResultsV1 } from '../../src/results/types.js';

export const FIXTURE_PATH = join(projectRoot, 'test', 'fixtures', 'results-v1.json');

/** A fresh deep copy of the results.json v1 fixture (tests may mutate it). */
export function fixture(): ResultsV1 {
  return JSON.parse(readFileSync(FIXTURE_PATH, 'utf8')) as ResultsV1;
}

export const XSS_STRINGS = ['<script>alert(1)</script>', '</script>', '{{x}}', '<img src=x onerror="window.__xss=1">'];
