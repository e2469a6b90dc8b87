/**
 * Load a gate policy: YAML + zod with one-line errors naming the file, line and key (exit 2).
 */
import { readYaml, validateYaml } from '../config/load.js';
import { DpauditError } from '../errors.js';
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
  assertNotEmpty(file, p, parsed.value);
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
  assertNotEmpty(label, p, value);
  return { file: label, builtins: p.builtins, checks: p.checks.map((c) => ({ ...c })) };
}

/**
 * A policy with no checks is an error unless it says `allowEmpty: true`: an empty, comment-only or
 * version-only file (e.g. truncated in CI) must not pass silently. "No checks" = no entries under `checks`
 * and no built-in switched on explicitly (`builtins:` naming at least one as true).
 */
function assertNotEmpty(file: string, p: PolicyFile, raw: unknown): void {
  if (p.checks.length > 0 || p.allowEmpty === true) return;
  const b = raw && typeof raw === 'object' ? (raw as { builtins?: unknown }).builtins : undefined;
  const namedOn = b && typeof b === 'object' ? Object.values(b as Record<string, unknown>).some((v) => v === true) : false;
  if (namedOn) return;
  const allOff = Object.values(p.builtins).every((v) => v === false);
  throw new DpauditError(
    `the policy has no checks${allOff ? ' (every built-in is off)' : ''}: an empty or truncated policy must not pass; add checks, or set allowEmpty: true if that is intended`,
    { location: { file } },
  );
}
