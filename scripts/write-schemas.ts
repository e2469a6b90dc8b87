/**
 * Write the published JSON Schemas that are generated from code: `schemas/config.schema.json` from the
 * zod schema of the --config file. Run with `npm run schemas`; a test checks the committed file is current.
 */
import { writeFileSync } from 'node:fs';
import { packagePath } from '../src/paths.js';
import { configJsonSchema } from './schemas.js';

const out = packagePath('schemas', 'config.schema.json');
writeFileSync(out, JSON.stringify(configJsonSchema(), null, 2) + '\n');
process.stdout.write(`wrote ${out}\n`);
