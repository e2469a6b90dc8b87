import { evaluateGate } from '../../gate/evaluate.js';
import { formatGateTable } from '../../gate/console.js';
import { gateOutcomeError } from '../../gate/outcome.js';
import type { GatePolicy } from '../../gate/policy.js';
import { writeGateOutputs } from '../../gate/write.js';
import type { ResultsV1 } from '../../results/types.js';
import { writeOutputs } from '../../sweep/write.js';

/**
 * `dpaudit sweep --gate gate.yml`: evaluate the (already loaded and validated) policy on the fresh
 * results, write gate.json, re-render results.json and the report with the gate section, print the table,
 * and return the gate's exit code (a selector that matched nothing throws: exit 2).
 */
export async function applyGateAfterSweep(
  outDir: string,
  results: ResultsV1,
  policy: GatePolicy,
  a: { json?: boolean; quiet?: boolean; failOnWarn?: boolean },
): Promise<number> {
  const r = evaluateGate(results, policy, { failOnWarn: a.failOnWarn ?? false });
  const stepSummary = process.env.GITHUB_STEP_SUMMARY;
  writeGateOutputs(r, { dir: outDir, ...(stepSummary ? { stepSummary } : {}) });
  results.gate = r;
  await writeOutputs(outDir, results);
  if (!a.json) process.stdout.write(formatGateTable(r));
  const err = gateOutcomeError(r);
  if (err && err.exitCode === 2) throw err;
  if (err) process.stderr.write(`dpaudit: ${err.message}\n`);
  return r.exitCode;
}
