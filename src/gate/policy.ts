/**
 * Load a gate policy: YAML + zod with one-line errors naming the file, line and key (exit 2).
 */
import { readYaml, validateYaml } from '../config/load.js';
import { policySchema, type PolicyCheckSpec, type PolicyFile } from './policy-schema.js';

export interface PolicyCheck extends PolicyCheckSpec {
  /** Line of the check in the policy file, when loaded from a file. */
  line?: number;
}

export interface GatePolicy {
  /** The policy file (or a label for a policy built in code). */
  file: string;
  builtins: PolicyFile['builtins'];
  checks: PolicyCheck[];
}

/** Read and validate a policy file. */
export function loadPolicy(file: string): GatePolicy {
  const parsed = readYaml(file);
  const p = validateYaml(file, policySchema, parsed);
  return {
    file,
    builtins: p.builtins,
    checks: p.checks.map((c, i) => {
      const line = parsed.lineOf(['checks', i]);
      return line === undefined ? { ...c } : { ...c, line };
    }),
  };
}

/** Validate a policy given as a value (e.g. built in code or parsed elsewhere); errors name `label` and the key. */
export function parsePolicy(value: unknown, label = 'policy'): GatePolicy {
  const p = validateYaml(label, policySchema, { value, lineOf: () => undefined });
  return { file: label, builtins: p.builtins, checks: p.checks.map((c) => ({ ...c })) };
}
