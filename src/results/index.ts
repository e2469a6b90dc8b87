/** The results contract: schema, types and validators of results.json and gate.json. */
export * from './types.js';
export * from './gate.js';
export { resultsSchema, resultsJsonSchema, armResultSchema, attackSummarySchema } from './schema.js';
export { readResults, validateResults, readGateResult, validateGateResult } from './read.js';
