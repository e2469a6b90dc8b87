/**
 * Write the published JSON Schemas that are generated from code (`npm run schemas`):
 *   schemas/config.schema.json   — the --config file (src/config/schema.ts)
 *   schemas/fairness.schema.json — `dpaudit fairness --json` output (metrics/fairness/schema.ts)
 *   schemas/gate.schema.json     — the gate policy (src/gate/policy-schema.ts)
 *   schemas/results.schema.json  — results.json v1 (src/results/schema.ts)
 * and the table of options in README.md (between the options:start/options:end markers, from src/options).
 * schemas/inspect.schema.json is written by hand. Tests check that the committed files are current.
 * A file is rewritten only when its content changes.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { packagePath } from '../src/paths.js';
import { readmeWithOptionsTable } from '../src/options/table.js';
import { generatedSchemas, schemaText } from './schemas.js';

for (const { file, generate } of generatedSchemas) {
  const out = packagePath('schemas', file);
  const text = schemaText(generate());
  if (existsSync(out) && readFileSync(out, 'utf8') === text) {
    process.stdout.write(`unchanged ${out}\n`);
  } else {
    writeFileSync(out, text);
    process.stdout.write(`wrote ${out}\n`);
  }
}

const readme = packagePath('README.md');
const before = readFileSync(readme, 'utf8');
const after = readmeWithOptionsTable(before);
if (after === before) process.stdout.write(`unchanged ${readme}\n`);
else {
  writeFileSync(readme, after);
  process.stdout.write(`wrote ${readme}\n`);
}
