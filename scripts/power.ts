/**
 * Power table of the DP-SGD pipeline self-test (seeded trainer faults × claimed ε on the embedded flchain
 * data). Incremental and resumable: every training run appends one JSON line to a JSONL file and runs already
 * in it are skipped, so the script can be stopped and restarted; the table is printed from the file.
 *
 *   node --import tsx scripts/power.ts full  [--jsonl FILE] [--seed N]   # 20 seeds per fault, 40 for the correct trainer
 *   node --import tsx scripts/power.ts short [--jsonl FILE]
 *   node --import tsx scripts/power.ts tight [--jsonl FILE]               # correct trainer at ε = 2, m = 100 000 and 200 000
 *   node --import tsx scripts/power.ts ood   [--jsonl FILE]               # clipping off, black-box OOD canaries, m ladder
 *   node --import tsx scripts/power.ts table [--jsonl FILE]               # print the table (markdown) and cells (JSON lines)
 *
 * Runs are ordered seed-major (every cell gets its first seeds before any cell gets more), so a stopped run
 * still covers every cell. Default JSONL: power-<size>.jsonl in the working directory (git-ignored); only the lines
 * of the run's `--seed` (default 1) are resumed and tabled. `--json-only`: no markdown table (for `npm run bench`).
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { initBackend, tf } from '../src/backend/index.js';
import { makeLogger } from '../src/log/logger.js';
import type { CanaryKind } from '../src/sweep/job.js';
import { cellOf, type DpsgdRun, runDpsgdOne } from '../src/selftest/dpsgd.js';
import { dpsgdSelftestConfig, embeddedSelftestData } from '../src/selftest/dpsgd-setup.js';
import type { TrainerFault } from '../src/train/stack.js';

const size = process.argv[2] ?? 'full';
if (!['full', 'short', 'tight', 'ood', 'table'].includes(size)) {
  process.stderr.write(`power: unknown size '${size}' (full, short, tight, ood, table)\n`);
  process.exit(2);
}
const argOf = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const seed = Number(argOf('--seed') ?? 1);
const jsonl = argOf('--jsonl') ?? `power-${size === 'table' ? 'full' : size}.jsonl`;
/** Only the JSON lines on stdout (no markdown table): for `npm run bench`, which parses every line. */
const jsonOnly = process.argv.includes('--json-only');
/** Lines of this root seed only: a file may hold runs of several `--seed`s (each resumes and tables its own). */
const linesOfSeed = (): Line[] => readLines(jsonl).filter((l) => (l.rootSeed ?? 1) === seed);

interface Task {
  fault: TrainerFault;
  epsilon: number;
  s: number;
  kind: CanaryKind;
  /** Canary count asked for (undefined: the configuration's m ladder). */
  m?: number;
  /** OOD canaries' norm (undefined: max(8, 4C)). */
  oodNorm?: number;
  /** Cell label (the table's row). */
  cell: string;
}
type Line = DpsgdRun & { cell: string; key: string; seconds: number; size: string; rootSeed: number };
const keyOf = (t: Task) => `${t.cell}|${t.epsilon}|${t.s}`;

function tasksOf(sz: string): Task[] {
  const out: Task[] = [];
  const eps = sz === 'short' ? [1, 8] : [1, 2, 4, 8];
  const push = (
    cell: string,
    fault: TrainerFault,
    seeds: number,
    epsilons: number[],
    kind: CanaryKind = 'gradient',
    m?: number,
    oodNorm?: number,
  ) => {
    for (let s = 0; s < seeds; s++) for (const e of epsilons) out.push({ fault, epsilon: e, s, kind, m, oodNorm, cell });
  };
  if (sz === 'full' || sz === 'short') {
    const faultSeeds = sz === 'short' ? 1 : 20;
    push('noise-off', 'noise-off', faultSeeds, eps);
    push('noise-quarter', 'noise-quarter', faultSeeds, eps);
    push('clip-off', 'clip-off', faultSeeds, eps);
    push('noise-unscaled', 'noise-unscaled', faultSeeds, eps);
    push('rate-4x', 'rate-4x', faultSeeds, eps);
    push('none', 'none', sz === 'short' ? 2 : 40, eps);
  } else if (sz === 'tight') {
    push('none-m100000', 'none', 5, [2], 'gradient', 100000);
    push('none-m200000', 'none', 5, [2], 'gradient', 200000);
  } else if (sz === 'ood') {
    // Black-box: OOD input canaries at the default norm max(8, 4C) = 16 and at 10× that (C = 4).
    for (const norm of [16, 160]) {
      for (const m of [1000, 3000]) push(`clip-off-ood-m${m}-norm${norm}`, 'clip-off', 5, [1, 8], 'ood', m, norm);
      push(`none-ood-m3000-norm${norm}`, 'none', 5, [1, 8], 'ood', 3000, norm);
    }
  }
  // Seed-major: all cells' seed 0, then seed 1, ...
  return out.sort((a, b) => a.s - b.s);
}

function readLines(file: string): Line[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Line);
}

const fmtRate = (d: number, n: number, u: number) => `${d}/${n}${u > 0 ? ` (${u} untestable)` : ''}`;

function printTable(lines: Line[]): void {
  const cells = new Map<string, Line[]>();
  for (const l of lines) {
    const k = `${l.cell}|${l.epsilon}`;
    const arr = cells.get(k) ?? [];
    arr.push(l);
    cells.set(k, arr);
  }
  const rows = [...new Set(lines.map((l) => l.cell))];
  const eps = [...new Set(lines.map((l) => l.epsilon))].sort((a, b) => a - b);
  const md: string[] = [`| fault (canaries) | ${eps.map((e) => `ε=${e}`).join(' | ')} |`, `|---|${eps.map(() => '---').join('|')}|`];
  for (const row of rows) {
    const parts = eps.map((e) => {
      const runs = cells.get(`${row}|${e}`);
      if (!runs) return '–';
      const c = cellOf(runs);
      const fired = [c.fired.snj > 0 ? `SNJ ${c.fired.snj}` : '', c.fired.fdpCurve > 0 ? `f-DP ${c.fired.fdpCurve}` : '']
        .filter(Boolean)
        .join(', ');
      return `${fmtRate(c.detected, c.runs, c.untestable)}${fired ? ` [${fired}]` : ''}`;
    });
    const l0 = lines.find((l) => l.cell === row) as Line;
    md.push(`| ${row} (${l0.canaryKind}) | ${parts.join(' | ')} |`);
  }
  if (!jsonOnly) process.stdout.write(`${md.join('\n')}\n\n`);
  for (const [, runs] of cells) {
    const c = cellOf(runs);
    const r0 = runs[0];
    process.stdout.write(
      `${JSON.stringify({
        figure: 'power',
        cell: r0.cell,
        fault: c.fault,
        epsilon: c.epsilon,
        canaries: c.canaryKind,
        m: c.m,
        runs: c.runs,
        detected: c.detected,
        untestable: c.untestable,
        rate: +c.rate.toFixed(3),
        firedSnj: c.fired.snj,
        firedFdpCurve: c.fired.fdpCurve,
        meanEpsilonLb: +c.meanEpsilonLb.toFixed(3),
        meanFdpEpsilonLb: +c.meanFdpEpsilonLb.toFixed(3),
        tightness: c.fault === 'none' ? +(Math.max(c.meanEpsilonLb, c.meanFdpEpsilonLb) / c.epsilon).toFixed(3) : null,
        ceiling: +c.ceiling.toFixed(3),
        fdpCeiling: +c.fdpCeiling.toFixed(3),
        sigma: +c.noiseMultiplier.toFixed(3),
        q: +c.sampleRate.toFixed(4),
        steps: c.steps,
        meanSecondsPerRun: +(runs.reduce((a, r) => a + r.seconds, 0) / runs.length).toFixed(2),
      })}\n`,
    );
  }
  const none = lines.filter((l) => l.fault === 'none' && l.canaryKind === 'gradient' && l.cell === 'none');
  if (none.length > 0) {
    const ev = none.filter((l) => l.detected).length;
    process.stdout.write(
      `${JSON.stringify({ figure: 'power-false-fail', events: ev, runs: none.length, rate: +(ev / none.length).toFixed(4) })}\n`,
    );
  }
}

if (size === 'table') {
  printTable(linesOfSeed());
} else {
  const done = new Set(linesOfSeed().map((l) => l.key));
  const todo = tasksOf(size).filter((t) => !done.has(keyOf(t)));
  await initBackend('auto');
  const log = makeLogger({ quiet: true });
  const { options, maxRows } = dpsgdSelftestConfig(size === 'short' ? 'short' : 'full', seed);
  const ds = embeddedSelftestData(maxRows, seed, log);
  const t0 = performance.now();
  let i = 0;
  for (const t of todo) {
    const t1 = performance.now();
    const r = await runDpsgdOne(tf(), ds, options, t.fault, t.epsilon, t.s, { kind: t.kind, m: t.m, oodNorm: t.oodNorm });
    const line: Line = { ...r, cell: t.cell, key: keyOf(t), seconds: +((performance.now() - t1) / 1000).toFixed(2), size, rootSeed: seed };
    appendFileSync(jsonl, `${JSON.stringify(line)}\n`);
    i++;
    const el = (performance.now() - t0) / 1000;
    process.stderr.write(
      `${i}/${todo.length} runs, ${el.toFixed(0)} s, ETA ${((el / i) * (todo.length - i)).toFixed(0)} s: ${keyOf(t)} ${r.detected ? 'FAIL' : r.untestable ? 'untestable' : 'pass'}\n`,
    );
  }
  printTable(linesOfSeed());
}
