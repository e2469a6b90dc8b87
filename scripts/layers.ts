/**
 * The dependency rule of the source tree: layers import downward only, folders form no cycle, yargs is
 * imported only by src/cli, and the public API (src/index.ts) never imports src/cli.
 * `node --import tsx scripts/layers.ts` prints the violations; test/scripts/layers.test.ts runs it in `npm test`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import ts from 'typescript';

/**
 * The layers, lowest first. A module may import from its own layer or a lower one, never from a higher one;
 * within a layer the folders must not form a cycle. Every .ts file under the checked roots must fall in a
 * unit named here (a folder, or a single file for the top-level modules of src/).
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['src/errors.ts', 'src/paths.ts', 'src/version.ts', 'src/random', 'src/io', 'src/log', 'src/math', 'src/options'],
  ['src/data', 'src/privacy', 'src/config', 'src/backend'],
  ['src/model', 'src/train'],
  ['attacks', 'metrics'],
  ['src/results'],
  ['reports'],
  ['src/gate'],
  ['src/sweep', 'src/selftest'],
  ['src/cli'],
  ['src/index.ts'],
];

/** The folders whose imports are checked. */
export const CHECKED_ROOTS = ['src', 'attacks', 'metrics', 'reports'] as const;

/** The only unit allowed to import yargs. */
const YARGS_UNIT = 'src/cli';

/** The unit (folder or file of LAYERS) that a repository-relative posix path belongs to, or null. */
export function unitOf(file: string, layers: readonly (readonly string[])[] = LAYERS): string | null {
  for (const layer of layers) {
    for (const unit of layer) if (file === unit || file.startsWith(unit + '/')) return unit;
  }
  return null;
}

function rankOf(unit: string, layers: readonly (readonly string[])[]): number {
  return layers.findIndex((l) => l.includes(unit));
}

/**
 * Check an import graph: `imports` maps each repository-relative posix path of a source file to the module
 * specifiers it imports (static, re-exports and dynamic imports). Returns one readable line per violation,
 * empty when the graph follows the rule.
 */
export function checkImports(imports: ReadonlyMap<string, readonly string[]>, layers: readonly (readonly string[])[] = LAYERS): string[] {
  const out: string[] = [];
  const folderEdges = new Map<string, Map<string, string>>(); // unit -> unit -> one example "file -> target"
  for (const [file, specs] of [...imports].sort(([a], [b]) => a.localeCompare(b))) {
    const from = unitOf(file, layers);
    if (from === null) {
      out.push(`${file}: not in any layer (add its folder to LAYERS in scripts/layers.ts)`);
      continue;
    }
    for (const spec of specs) {
      if (spec === 'yargs' || spec.startsWith('yargs/')) {
        if (from !== YARGS_UNIT) out.push(`${file}: imports ${spec} (only ${YARGS_UNIT} may import yargs)`);
        continue;
      }
      if (!spec.startsWith('.')) continue;
      const target = posix.normalize(posix.join(posix.dirname(file), spec)).replace(/\.js$/, '.ts');
      const to = unitOf(target, layers);
      if (to === null) {
        if (CHECKED_ROOTS.some((r) => target.startsWith(r + '/')))
          out.push(`${file}: imports ${spec} (${target}), which is not in any layer`);
        continue;
      }
      if (to === from) continue;
      if (from === 'src/index.ts' && to === 'src/cli') out.push(`${file}: the public API imports ${spec} from src/cli`);
      const [rf, rt] = [rankOf(from, layers), rankOf(to, layers)];
      if (rt > rf) out.push(`${file}: upward import of ${spec} (${from}, layer ${rf} -> ${to}, layer ${rt})`);
      let m = folderEdges.get(from);
      if (!m) folderEdges.set(from, (m = new Map()));
      if (!m.has(to)) m.set(to, `${file} -> ${target}`);
    }
  }
  for (const cycle of folderCycles(folderEdges)) {
    const steps = cycle.map((u, i) => folderEdges.get(u)?.get(cycle[(i + 1) % cycle.length]) ?? '?');
    out.push(`folder cycle ${[...cycle, cycle[0]].join(' -> ')} (${steps.join('; ')})`);
  }
  return out;
}

/** One cycle per strongly connected component with more than one unit (Tarjan), each as a closed path. */
function folderCycles(edges: ReadonlyMap<string, ReadonlyMap<string, string>>): string[][] {
  const nodes = [...new Set([...edges.keys(), ...[...edges.values()].flatMap((m) => [...m.keys()])])].sort();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const sccs: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of [...(edges.get(v)?.keys() ?? [])].sort()) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) sccs.push(scc);
    }
  };
  for (const v of nodes) if (!index.has(v)) visit(v);
  // Turn each component into one cycle through all of it: a shortest path back to the start from each unit.
  return sccs.map((scc) => cycleThrough(scc.sort(), edges));
}

function cycleThrough(scc: string[], edges: ReadonlyMap<string, ReadonlyMap<string, string>>): string[] {
  const inScc = new Set(scc);
  const start = scc[0];
  // Breadth-first search for the shortest path start -> ... -> start within the component.
  const prev = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of [...(edges.get(v)?.keys() ?? [])].sort()) {
      if (!inScc.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(prev.get(path[0])!);
        return path;
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return scc;
}

/** Every module specifier of every .ts file under the checked roots of `root`, keyed by posix path. */
export function readImports(root: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const walk = (rel: string): void => {
    for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
      const p = posix.join(rel, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) {
        const info = ts.preProcessFile(readFileSync(join(root, p), 'utf8'), true, true);
        out.set(
          p,
          info.importedFiles.map((f) => f.fileName),
        );
      }
    }
  };
  for (const r of CHECKED_ROOTS) walk(r);
  return out;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const root = join(dirname(new URL(import.meta.url).pathname), '..');
  const problems = checkImports(readImports(root));
  for (const p of problems) process.stdout.write(p + '\n');
  process.exitCode = problems.length > 0 ? 1 : 0;
}
