/**
 * `npm run bench`: every benchmark figure as one JSON line (compare across commits). Every line carries the
 * machine's idle share during its measurement (idleShare, from /proc/stat: 1 = idle machine), the 1-min
 * load and a speed probe taken just before (fpProbeMs, bench-util.ts), so that figures from a busy or slowed
 * machine can be told apart; child processes also report CPU seconds and
 * peak RSS. Figures: training throughput (single model, DP vs non-DP, wall and CPU), fleet throughput on
 * both cores, accountant timings, the fairness CLI on 10 000 rows, CLI wall times (built CLI in dist/, as
 * after `npm ci`), inspect on the shared datasets, the self-test, `dpaudit attack` on the embedded data, the
 * one-run audit's computations, and whole sweeps (quick, standard; the built CLI when present) with their
 * training/analysis split and the audit's overhead.
 * Usage: npm run bench [-- name-substring ...] (only the groups whose name contains one of the substrings:
 * train, fleet, accountants, fairness, units, one-run, kernels, large, report, cli, attack, sweep, overhead, power). `report`: the report in Chromium
 * (time to the last chart, main-thread CPU, layout jump, A4 pages) on the test fixture; for the standard audit run
 * `node --import tsx scripts/bench-report.ts DIR/results.json`.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChildRun, median, round, runNode } from './bench-util.js';

const only = process.argv.slice(2);
const want = (group: string) => only.length === 0 || only.some((o) => group.includes(o));

/** Print a child's JSON lines, adding the child's window (idle share etc.) where a line has none. */
function relay(r: ChildRun): void {
  for (const l of r.stdout.split('\n')) {
    if (!l.trim()) continue;
    const o = JSON.parse(l) as Record<string, unknown>;
    if (!('idleShare' in o)) Object.assign(o, { idleShare: r.idleShare, load1: r.load1 });
    if (!('fpProbeMs' in o)) Object.assign(o, { fpProbeMs: r.fpProbeMs });
    console.log(JSON.stringify(o));
  }
}

function childFields(r: ChildRun) {
  return {
    seconds: r.wallSeconds,
    cpuSeconds: r.cpuSeconds,
    peakRssMB: r.peakRssMB,
    idleShare: r.idleShare,
    load1: r.load1,
    fpProbeMs: r.fpProbeMs,
  };
}

if (want('train')) relay(await runNode(['scripts/bench-train.ts', 'single']));
if (want('fleet')) {
  const t0 = performance.now();
  const outs = await Promise.all([runNode(['scripts/bench-train.ts', 'fleet', '17']), runNode(['scripts/bench-train.ts', 'fleet', '17'])]);
  const wall = (performance.now() - t0) / 1000;
  let total = 0;
  for (const o of outs) {
    relay(o);
    total += (JSON.parse(o.stdout.trim().split('\n').pop() as string) as { examplesPerSecond: number }).examplesPerSecond;
  }
  console.log(
    JSON.stringify({
      name: 'fleet-two-cores-summed',
      models: 34,
      examplesPerSecond: total,
      wallSeconds: +wall.toFixed(1),
      idleShare: outs[0].idleShare,
      load1: outs[0].load1,
      fpProbeMs: outs[0].fpProbeMs,
    }),
  );
}
for (const [group, extra] of [
  ['accountants', 'scripts/bench-accountants.ts'],
  ['fairness', 'scripts/bench-fairness.ts'],
  ['units', 'scripts/bench-units.ts'],
  ['one-run', 'scripts/bench-one-run.ts'],
  ['kernels', 'scripts/bench-kernels.ts'],
  ['large', 'scripts/bench-large.ts'],
  ['report', 'scripts/bench-report.ts'],
]) {
  if (want(group) && existsSync(extra)) relay(await runNode([extra]));
}

// Wall time of CLI commands, start-up included, from the built CLI (as after npm ci).
const cli = existsSync('dist/src/cli/main.js') ? ['dist/src/cli/main.js'] : null;
async function timedian(name: string, args: string[]): Promise<string> {
  return (await timedRun(name, args)).stdout;
}
async function timedRun(name: string, args: string[]): Promise<ChildRun> {
  const r = cli ? await runNode([...cli, ...args], { tsx: false }) : await runNode(['src/cli/main.ts', ...args]);
  console.log(JSON.stringify({ name, cli: cli ? 'dist' : 'tsx', ...childFields(r) }));
  return r;
}
if (want('cli')) {
  const q = ['--sample-rate', '0.01', '--steps', '1000', '--delta', '1e-5'];
  for (const acc of ['rdp', 'prv'])
    await timedian(`cli-epsilon-${acc}`, ['epsilon', ...q, '--noise-multiplier', '1', '--accountant', acc, '--json']);
  for (const acc of ['rdp', 'prv'])
    await timedian(`cli-calibrate-${acc}`, ['calibrate', '--target-epsilon', '1', ...q, '--accountant', acc, '--json']);
  await timedian('cli-inspect-embedded', ['inspect', '--json', '--quiet']);
  const shared = join('..', 'shared', 'datasets');
  if (existsSync(shared)) {
    for (const [file, label] of [
      ['flchain.csv', 'death'],
      ['meps1996_health_insurance.csv', 'insured'],
      ['nhis_smokeban.csv', 'is_smoker'],
      ['nhanes2009_hichol.csv', 'HI_CHOL'],
    ]) {
      await timedian(`cli-inspect-${file.replace(/\.csv$/, '')}`, ['inspect', '--data', join(shared, file), '--label', label, '--json']);
    }
  }
  await timedian('cli-selftest', ['selftest', '--json']);
}
// Attacks on the embedded data (standard settings: K = 16, canaries): the figures of the closing note.
if (want('attack')) {
  for (const armArgs of [
    ['--arm', 'nondp'],
    ['--epsilon', '1'],
    ['--epsilon', '8'],
  ]) {
    const run = await timedRun(`cli-attack-${armArgs.join('').replace(/^--arm|^--/, '')}`, ['attack', ...armArgs, '--json', '--quiet']);
    // The attack's figures come from the same run: its machine fields.
    const machine = { idleShare: run.idleShare, load1: run.load1, fpProbeMs: run.fpProbeMs };
    const r = JSON.parse(run.stdout) as {
      arm: string;
      attacks: {
        attack: string;
        auc: number;
        tprAtFpr: { alpha: number; resolved: boolean; tpr?: number }[];
        epsilonBounds: { method: string; epsilonLb: number | null }[];
        violation: { violated: boolean } | null;
      }[];
      oneRun: { epsilonLb: number; ceiling: number } | null;
    };
    for (const a of r.attacks) {
      const t = a.tprAtFpr.find((x) => x.alpha === 0.01);
      console.log(
        JSON.stringify({
          name: `attack-${r.arm}-${a.attack}`,
          auc: +a.auc.toFixed(4),
          tprAt1pctFpr: t && t.resolved ? t.tpr : null,
          epsilonLb: Object.fromEntries(a.epsilonBounds.map((b) => [b.method, b.epsilonLb])),
          violated: a.violation ? a.violation.violated : null,
          ...machine,
        }),
      );
    }
    if (r.oneRun)
      console.log(
        JSON.stringify({
          name: `attack-${r.arm}-one-run`,
          epsilonLb: +r.oneRun.epsilonLb.toFixed(4),
          ceiling: +r.oneRun.ceiling.toFixed(4),
          ...machine,
        }),
      );
  }
}

// Whole sweeps on the embedded dataset (both cores), start-up and report included. analysisShare: the part
// of the wall time after the last training job (analysis not overlapped by training, plus writing outputs).
if (want('sweep')) {
  // DPAUDIT_SWEEP_RUNS (default 1) runs per preset; with more than one, a summary line gives the median and range
  // (the same sweep varies by ±12 % between runs on a 2-core VM).
  const runs = Math.max(1, Number(process.env.DPAUDIT_SWEEP_RUNS ?? 1));
  for (const preset of ['quick', 'standard']) {
    const walls: number[] = [];
    const machine: { idleShare: (number | null)[]; fpProbeMs: number[] } = { idleShare: [], fpProbeMs: [] };
    for (let k = 0; k < runs; k++) {
      const out = mkdtempSync(join(tmpdir(), `dpaudit-bench-${preset}-`));
      const phasesFile = join(out, 'phases.json');
      // The built CLI (dist/, what `npx dpaudit` runs after `npm ci`) when present, else the sources through tsx.
      const r = await runNode([...(cli ?? ['src/cli/main.ts']), 'sweep', '--preset', preset, '--out', join(out, 'run'), '--quiet'], {
        tsx: cli === null,
        env: { DPAUDIT_PHASES_FILE: phasesFile },
      });
      const ph = JSON.parse(readFileSync(phasesFile, 'utf8')) as {
        setupSeconds: number;
        trainingSeconds: number;
        afterTrainingSeconds: number;
        totalSeconds: number;
      };
      walls.push(r.wallSeconds);
      machine.idleShare.push(r.idleShare);
      machine.fpProbeMs.push(r.fpProbeMs);
      console.log(
        JSON.stringify({
          name: `sweep-${preset}-flchain`,
          ...(runs > 1 ? { run: k + 1 } : {}),
          cli: cli ? 'dist' : 'tsx',
          ...childFields(r),
          startupSeconds: round(r.wallSeconds - ph.totalSeconds + ph.setupSeconds, 2),
          trainingSeconds: round(ph.trainingSeconds, 2),
          afterTrainingSeconds: round(ph.afterTrainingSeconds, 2),
          analysisShare: round(ph.afterTrainingSeconds / r.wallSeconds, 3),
          // Targets on an idle 2-core machine: wall seconds (start-up and report included), analysis share, peak RSS.
          target: { seconds: preset === 'quick' ? 5 : 30, analysisShare: 0.2, peakRssMB: 1000 },
        }),
      );
      rmSync(out, { recursive: true, force: true });
    }
    if (runs > 1)
      console.log(
        JSON.stringify({
          name: `sweep-${preset}-flchain-runs`,
          runs,
          medianSeconds: round(median(walls), 2),
          minSeconds: round(Math.min(...walls), 2),
          maxSeconds: round(Math.max(...walls), 2),
          ...machine,
          target: { seconds: preset === 'quick' ? 5 : 30 },
        }),
      );
  }
}

// Audit overhead: the standard sweep with its canaries (the default) against the same sweep with --canaries 0
// (the gradient canaries ride on the release model's run), in alternating pairs; overhead = median with / median
// without − 1, in wall and CPU seconds. `--preset` via DPAUDIT_OVERHEAD_PRESET.
if (want('overhead')) {
  const preset = process.env.DPAUDIT_OVERHEAD_PRESET ?? 'standard';
  // Pairs alternate (without, with) so that a slow spell of the machine hits both; the overhead is the ratio of
  // the medians (one pair varied between +14 % and +29 % CPU on this machine). DPAUDIT_OVERHEAD_PAIRS (default 3).
  const pairs = Number(process.env.DPAUDIT_OVERHEAD_PAIRS ?? 3);
  const runs: Record<string, ChildRun[]> = { 'no-canaries': [], canaries: [] };
  for (let k = 0; k < pairs; k++) {
    for (const [label, extra] of [
      ['no-canaries', ['--canaries', '0']],
      ['canaries', []],
    ] as const) {
      const out = mkdtempSync(join(tmpdir(), `dpaudit-bench-${preset}-${label}-`));
      const r = await runNode(
        [...(cli ?? ['src/cli/main.ts']), 'sweep', '--preset', preset, ...extra, '--out', join(out, 'run'), '--quiet'],
        {
          tsx: cli === null,
        },
      );
      runs[label].push(r);
      console.log(JSON.stringify({ name: `sweep-${preset}-flchain-${label}`, pair: k + 1, cli: cli ? 'dist' : 'tsx', ...childFields(r) }));
      rmSync(out, { recursive: true, force: true });
    }
  }
  const wall = (l: string) => median(runs[l].map((r) => r.wallSeconds));
  const cpus = (l: string) => runs[l].map((r) => r.cpuSeconds).filter((c): c is number => c !== null);
  const cpuA = cpus('canaries');
  const cpuB = cpus('no-canaries');
  console.log(
    JSON.stringify({
      name: `audit-overhead-${preset}`,
      pairs,
      wallSeconds: { canaries: round(wall('canaries'), 2), noCanaries: round(wall('no-canaries'), 2) },
      wallOverhead: round(wall('canaries') / wall('no-canaries') - 1, 3),
      cpuOverhead: cpuA.length === pairs && cpuB.length === pairs ? round(median(cpuA) / median(cpuB) - 1, 3) : null,
      target: { wallOverhead: 0.25 },
      idleShare: runs.canaries.map((r) => r.idleShare),
      load1: runs.canaries[0]?.load1 ?? null,
      fpProbeMs: runs.canaries.map((r) => r.fpProbeMs),
    }),
  );
}

// Power of the one-run audit against seeded DP-SGD faults (short configuration; `scripts/power.ts full` for the table).
if (want('power')) {
  // A fresh JSONL file (the script resumes from its file) and JSON lines only (relay parses every line).
  const dir = mkdtempSync(join(tmpdir(), 'dpaudit-bench-power-'));
  relay(await runNode(['scripts/power.ts', 'short', '--jsonl', join(dir, 'power.jsonl'), '--json-only']));
  rmSync(dir, { recursive: true, force: true });
}
