#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Built (npm run build): the CLI runs from one bundled file (dist/bundle/cli.js, scripts/bundle.mjs), which starts in a
// fraction of the time of its hundreds of modules; from the TypeScript sources (tsx) it runs the modules themselves.
const bundle = new URL('../../bundle/cli.js', import.meta.url);
if (import.meta.url.endsWith('.js') && existsSync(fileURLToPath(bundle))) await import(bundle.href);
else await import('./entry.js');
