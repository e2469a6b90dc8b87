/** The gate (docs/methods.md#gate): policy loading, evaluation on results.json v1, and its outputs. */
export { loadPolicy, parsePolicy, type GatePolicy, type PolicyCheck } from './policy.js';
export { evaluateGate, exitCodeOf, overallStatus, type EvaluateOptions } from './evaluate.js';
export { readResults } from './read-results.js';
export { writeGateOutputs, GATE_FILE, type GateOutputOptions } from './write.js';
export { formatGateTable } from './console.js';
export { formatJunit } from './junit.js';
export { formatMarkdown } from './markdown.js';
export { gateOutcomeError } from './outcome.js';
export { gatePolicyJsonSchema } from './json-schema.js';
export { BUILTIN_IDS } from './builtins.js';
export type { GateResult, GateCheckResult, GateItem, GateStatus, GateValue } from './types.js';
