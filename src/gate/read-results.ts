/** Read a results.json for the gate: validated against the results contract (a bad file is exit 2 naming the JSON path). */
export { readResults } from '../results/read.js';
