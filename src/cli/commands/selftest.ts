import type { Argv, CommandModule } from 'yargs';
import { commandOptions } from '../options.js';
import { mergeConfig } from '../../config/merge.js';
import { DpauditError } from '../../errors.js';
import { defaultOf } from '../../options/registry.js';
import { validateOptions } from '../../options/validate.js';
import { runSelftest, type SelftestReport } from '../../selftest/run.js';
import type { GlobalArgs } from '../globals.js';
import { makeLogger, printJson } from '../../log/logger.js';
import { initBackend, tf, type BackendRequest } from '../../backend/index.js';
import { judgeDpsgd, runDpsgdSelftest, type DpsgdVerdict } from '../../selftest/dpsgd.js';
import { dpsgdSelftestConfig, embeddedSelftestData } from '../../selftest/dpsgd-setup.js';

interface Args extends GlobalArgs {
  trials?: number;
  dpsgd?: string;
}

export const DEFAULT_SELFTEST_TRIALS = defaultOf('trials');

/** `dpaudit selftest`: the auditors on mechanisms with known privacy; exit 0 when every check holds, 1 otherwise. */
export const selftestCommand: CommandModule<object, Args> = {
  command: 'selftest',
  describe: 'check the privacy auditors on mechanisms with known privacy (Gaussian, randomized response, a broken one)',
  builder: (y: Argv) => commandOptions(y, 'selftest') as unknown as Argv<Args>,
  handler: async (argv) => {
    const a = validateOptions('selftest', mergeConfig(argv) as Args);
    const log = makeLogger(a);
    const trials = a.trials ?? DEFAULT_SELFTEST_TRIALS;
    const seed = a.seed ?? defaultOf('seed');
    log.verbose(`selftest: ${trials} trials per mechanism, seed ${seed}`);
    const size = (a.dpsgd ?? defaultOf('dpsgd')) as 'off' | 'short' | 'full';
    const report = runSelftest({ trials, seed });
    let dpsgd: DpsgdVerdict | null = null;
    if (size !== 'off') {
      await initBackend((a.backend as BackendRequest | undefined) ?? 'auto');
      const { options, maxRows } = dpsgdSelftestConfig(size, seed);
      const ds = embeddedSelftestData(maxRows, seed, log);
      log.verbose(`selftest: DP-SGD pipeline (${size}) on ${ds.splits.train.length} training rows`);
      dpsgd = judgeDpsgd(await runDpsgdSelftest(tf(), ds, options));
    }
    if (a.json) printJson(dpsgd ? { ...report, dpsgd } : report);
    else process.stdout.write(formatReport(report) + (dpsgd ? formatDpsgd(dpsgd) : ''));
    if (!report.pass || (dpsgd && !dpsgd.pass)) {
      const failed = report.mechanisms.filter((m) => !m.pass).map((m) => m.name);
      if (dpsgd && !dpsgd.pass) failed.push('dp-sgd pipeline');
      throw new DpauditError(`self-test failed: ${failed.join(', ')}`, { exitCode: 1 });
    }
  },
};

function f(x: number, d = 3): string {
  return Number.isFinite(x) ? x.toFixed(d) : String(x);
}

function formatReport(r: SelftestReport): string {
  const lines: string[] = [
    `${r.title}: ${r.trials} trials per mechanism, ${r.perSide} members + ${r.perSide} non-members per trial, ${r.canaries} canaries per one-run audit (k⁺ = ${r.oneRunGuesses.kPlus}, k⁻ = ${r.oneRunGuesses.kMinus}), seed ${r.seed}`,
  ];
  for (const m of r.mechanisms) {
    lines.push(
      '',
      `${m.pass ? 'PASS' : 'FAIL'}  ${m.name}: ${m.description}`,
      `      claim ${m.claim}; true ε = ${f(m.trueEpsilon)}${m.claimedEpsilon !== m.trueEpsilon ? `, claimed ε = ${f(m.claimedEpsilon)}` : ''} at δ = ${m.delta}`,
    );
    for (const c of m.checks)
      lines.push(`      ${c.pass ? 'ok  ' : 'FAIL'} ${c.what}: ${c.events}/${c.trials} (binomial p = ${f(c.pValue, 4)})`);
    if (m.flagged)
      lines.push(`      ${m.flagged.pass ? 'ok  ' : 'FAIL'} flagged as a violation in ${m.flagged.events}/${m.flagged.trials} trials`);
    const b = Object.entries(m.bounds)
      .map(([k, s]) => `${k} ${f(s.mean)}`)
      .join(', ');
    lines.push(`      mean ε bounds: ${b}`);
    const t = Object.entries(m.tightness)
      .map(([k, s]) => `${k} ${f(s.mean)} [${f(s.min)}, ${f(s.max)}]`)
      .join(', ');
    if (t) lines.push(`      tightness ε_lb / ε: ${t}`);
  }
  lines.push('', `${r.pass ? 'self-test passed' : 'self-test FAILED'} in ${f(r.seconds, 1)} s`, ...r.notes.map((n) => `note: ${n}`));
  return lines.join('\n') + '\n';
}

function formatDpsgd(d: DpsgdVerdict): string {
  const r = d.report;
  const lines = [
    '',
    `${d.pass ? 'PASS' : 'FAIL'}  ${r.title} (C = ${r.clip}, ${f(r.seconds, 1)} s)`,
    '      fault            ε   canaries  m        detected  untestable  fired (SNJ / f-DP)  mean ε_lb (SNJ / f-DP)',
  ];
  for (const c of r.cells)
    lines.push(
      `      ${c.fault.padEnd(15)} ${String(c.epsilon).padEnd(3)} ${c.canaryKind.padEnd(9)} ${String(c.m).padEnd(8)} ${`${c.detected}/${c.runs}`.padEnd(9)} ${`${c.untestable}/${c.runs}`.padEnd(11)} ${`${c.fired.snj} / ${c.fired.fdpCurve}`.padEnd(19)} ${f(c.meanEpsilonLb)} / ${f(c.meanFdpEpsilonLb)}`,
    );
  lines.push(`      correct trainer false FAIL: ${r.falseFail.events}/${r.falseFail.runs}`);
  for (const c of d.checks) lines.push(`      ${c.pass ? 'ok  ' : 'FAIL'} ${c.what}`);
  lines.push(...r.notes.map((n) => `note: ${n}`));
  return lines.join('\n') + '\n';
}
