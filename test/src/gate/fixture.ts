import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../helpers/cli.js';
import { parsePolicy, type GatePolicy } from '../../../src/gate/policy.js';
import type { ArmResult, ResultsV1 } from '../../../src/results/types.js';

export const FIXTURE = join(projectRoot, 'test/fixtures/gate/results.json');
export const FIXTURE_DIR = join(projectRoot, 'test/fixtures/gate');

/** A fresh copy of the gate fixture (arms nondp, cliponly, dp@1, dp@4, dp@8). */
export function fixture(): ResultsV1 {
  return JSON.parse(readFileSync(FIXTURE, 'utf8')) as ResultsV1;
}

export function armOf(r: ResultsV1, name: string): ArmResult {
  const a = r.arms.find((x) => x.arm === name);
  if (!a) throw new Error(`no arm ${name}`);
  return a;
}

/** A policy with only the given checks (built-ins off unless asked). */
export function policyOf(
  checks: unknown[],
  builtins: Record<string, boolean> = { oneRunEpsilon: false, clopperPearsonEpsilon: false, overlayViolation: false },
): GatePolicy {
  return parsePolicy({ builtins, checks }, 'test-policy');
}
