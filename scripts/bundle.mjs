/**
 * Bundles the CLI and the sweep's worker (npm run build, after tsc) into dist/bundle/: the CLI as cli.js with its
 * lazily loaded parts (report renderer, analysis) as chunks, the worker as worker.js beside it, so that the pool
 * (src/sweep/pool.ts) finds it where it finds worker.js when unbundled. A process then loads a few files instead of
 * several hundred modules (start-up about 0.5 s shorter per thread; `npm run bench`). tfjs (loaded on demand, with
 * its WebAssembly files) and yargs stay in node_modules. dist/src/cli/main.js runs the bundle when it exists.
 * Usage: node scripts/bundle.mjs [OUTDIR]   (default dist/bundle)
 */
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = resolve(process.argv[2] ?? join(root, 'dist', 'bundle'));
rmSync(outdir, { recursive: true, force: true });
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['@tensorflow/*', 'yargs'],
  // Bundled CommonJS packages call require(): give them Node's, relative to the bundle.
  banner: { js: "import { createRequire as __dpauditRequire } from 'node:module'; const require = __dpauditRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
};
await build({ ...common, entryPoints: { cli: 'src/cli/entry.ts' }, splitting: true, outdir, chunkNames: 'chunk-[hash]' });
await build({ ...common, entryPoints: { worker: 'src/sweep/worker.ts' }, outdir });
