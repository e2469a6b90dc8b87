/**
 * Shared helpers of `npm run bench`: the machine's idle share over a measurement window (from /proc/stat
 * deltas: idle + iowait over all jiffies of all CPUs), so that figures taken on a busy machine can be told
 * apart, and child processes timed with CPU time and peak RSS (GNU time when present).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

interface CpuTicks {
  idle: number;
  total: number;
}

function cpuTicks(): CpuTicks | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    return { idle: v[3] + (v[4] ?? 0), total: v.reduce((a, b) => a + b, 0) };
  } catch {
    return null;
  }
}

/**
 * Milliseconds of a fixed floating-point loop (a dependent multiply–add over a 512 KB array; the fastest of three
 * runs). On a shared host the same work's speed varies between minutes while the idle share stays near 1, so
 * every bench line carries the probe taken just before it (`fpProbeMs`): compare figures at similar probes.
 */
function fpProbeMs(): number {
  const m = new Float64Array(1 << 16);
  const x = 1.0001;
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    for (let r = 0; r < 170; r++) for (let i = 0; i < m.length; i++) m[i] = m[i] * x + 1;
    best = Math.min(best, performance.now() - t);
  }
  if (!(m[7] > 0)) throw new Error('probe: the loop was not run');
  return round(best, 1);
}

let openWindows = 0;
let outerProbe = 0;

/** A measurement window: wall time, this process's CPU time, the machine's idle share and load, and the speed probe taken before it. */
export class Window {
  // The probe runs before the outermost open window only: a window opened inside another (bench-train's per-repeat
  // windows, a ratio line's pair) reuses that probe, so no probe is ever timed inside a window.
  private readonly probe = openWindows++ === 0 ? (outerProbe = fpProbeMs()) : outerProbe;
  private closed = false;
  private readonly t0 = performance.now();
  private readonly c0 = process.cpuUsage();
  private readonly k0 = cpuTicks();

  /** Fields to add to a bench line: idleShare (0..1, null off Linux), load1 at the end, fpProbeMs, wall and own CPU seconds. */
  close(): { wallSeconds: number; cpuSeconds: number; idleShare: number | null; load1: number; fpProbeMs: number } {
    const k1 = cpuTicks();
    const c = process.cpuUsage(this.c0);
    if (!this.closed) {
      this.closed = true;
      openWindows--;
    }
    const idleShare = this.k0 && k1 && k1.total > this.k0.total ? (k1.idle - this.k0.idle) / (k1.total - this.k0.total) : null;
    return {
      wallSeconds: round((performance.now() - this.t0) / 1000, 3),
      cpuSeconds: round((c.user + c.system) / 1e6, 3),
      idleShare: idleShare === null ? null : round(idleShare, 3),
      load1: round(loadavg()[0], 2),
      fpProbeMs: this.probe,
    };
  }
}

export function round(x: number, d: number): number {
  const f = 10 ** d;
  return Math.round(x * f) / f;
}

export interface ChildRun {
  stdout: string;
  wallSeconds: number;
  /** User + system CPU seconds of the child (all its threads), null without GNU time. */
  cpuSeconds: number | null;
  /** Peak resident set size of the child in MB, null without GNU time. */
  peakRssMB: number | null;
  idleShare: number | null;
  load1: number;
  /** fpProbeMs taken before the child started (see fpProbeMs). */
  fpProbeMs: number;
}

const GNU_TIME = '/usr/bin/time';

/** Run `node [--import tsx] args` and measure it (wall, CPU, peak RSS, idle share of the machine meanwhile). */
export function runNode(args: string[], opts: { tsx?: boolean; env?: Record<string, string> } = {}): Promise<ChildRun> {
  const nodeArgs = opts.tsx === false ? args : ['--import', 'tsx', ...args];
  const tdir = mkdtempSync(join(tmpdir(), 'dpaudit-bench-time-'));
  const tfile = join(tdir, 'time');
  const useTime = existsSync(GNU_TIME);
  const [cmd, argv] = useTime ? [GNU_TIME, ['-f', '%U %S %M', '-o', tfile, process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
  const w = new Window();
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...opts.env } });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('close', (code) => {
      const win = w.close();
      let cpuSeconds: number | null = null;
      let peakRssMB: number | null = null;
      if (useTime && existsSync(tfile)) {
        const last = readFileSync(tfile, 'utf8').trim().split('\n').pop() ?? '';
        const [u, s, m] = last.split(/\s+/).map(Number);
        if (Number.isFinite(u) && Number.isFinite(s)) cpuSeconds = round(u + s, 2);
        if (Number.isFinite(m)) peakRssMB = round(m / 1024, 1);
      }
      rmSync(tdir, { recursive: true, force: true });
      if (code !== 0) reject(new Error(`${args.join(' ')} exited ${code}`));
      else
        resolve({
          stdout: out,
          wallSeconds: win.wallSeconds,
          cpuSeconds,
          peakRssMB,
          idleShare: win.idleShare,
          load1: win.load1,
          fpProbeMs: win.fpProbeMs,
        });
    });
  });
}

/** The median of the values (the mean of the middle two for an even count). */
export function median(v: readonly number[]): number {
  const a = [...v].sort((x, y) => x - y);
  return a.length % 2 ? a[(a.length - 1) / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
}
