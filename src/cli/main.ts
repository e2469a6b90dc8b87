#!/usr/bin/env node
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Built (npm run build): the CLI runs from one bundled file (dist/bundle/cli.js, scripts/bundle.mjs), which starts in a
// fraction of the time of its hundreds of modules; from the TypeScript sources (tsx), or when the bundle is older
// than this compiled file (a build by tsc alone), it runs the modules themselves.
const here = fileURLToPath(import.meta.url);
const bundle = new URL('../../bundle/cli.js', import.meta.url);
const bundlePath = fileURLToPath(bundle);
const useBundle = here.endsWith('.js') && existsSync(bundlePath) && statSync(bundlePath).mtimeMs >= statSync(here).mtimeMs;
if (useBundle) await import(bundle.href);
else await import('./entry.js');
