import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DpauditError } from '../../errors.js';
import { atomicWrite } from '../../io/atomic.js';
import { readNpy, writeNpy } from '../../io/npy.js';
import type { StackProgress } from '../stack.js';
import type { JobInputs, ModelRunFacts, Trainer, TrainResult } from '../trainer.js';
import { trainerReportSchema, type JobFile } from './schema.js';

/** How to run an external trainer (`--trainer`, or `trainer:` in the config file). */
export interface ExternalTrainerSpec {
  /** Program and arguments; the job file's path is appended. Run without a shell. */
  command: string[];
  /** Stated version of the trainer (part of the cache key). */
  version: string | null;
  /** Working folder of the trainer: the config file's folder, else the current one. */
  cwd: string;
  /** Seconds before the trainer is killed (null: no limit). */
  timeoutSeconds: number | null;
}

/** Process groups of running trainers: stopped if dpaudit exits first (an error in another job, Ctrl-C). */
const running = new Set<number>();
let exitHook = false;
function track(pid: number): void {
  running.add(pid);
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const p of running) {
      try {
        process.kill(-p, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

/** A file-system-safe form of a job id ("s0/dp@1/models" → "s0_dp@1_models"). */
export function jobFileName(jobId: string): string {
  return jobId.replace(/[^A-Za-z0-9@.+=-]/g, '_');
}

/** The last non-empty lines of a log file, on one line. */
export function lastLogLines(path: string, n = 5): string {
  if (!existsSync(path)) return '(no log)';
  const lines = readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (lines.length === 0) return '(log is empty)';
  const tail = lines.slice(-n).join(' | ');
  return tail.length > 400 ? `…${tail.slice(-400)}` : tail;
}

/**
 * A trainer that is another program (PyTorch, scikit-learn, any language), driven through the job-file
 * protocol: dpaudit writes the job's inputs as .npy files and a job.json under `OUT/trainer/<job>/`,
 * runs `COMMAND job.json` (stdin closed, stdout and stderr to `OUT/logs/<job>.log`), then checks and
 * reads the logits and the report. Any failure is a one-line DpauditError (exit 2) naming the job, the
 * file and the last lines of the log.
 */
export class ExternalTrainer implements Trainer {
  readonly name: string;
  readonly cacheIdentity: { command: string[]; version: string | null };
  constructor(
    readonly spec: ExternalTrainerSpec,
    private readonly outDir: string,
    private readonly csv: string,
  ) {
    this.name = `external trainer ${spec.command.join(' ')}`;
    this.cacheIdentity = { command: spec.command, version: spec.version };
  }

  async train(inputs: JobInputs, onStep?: (p: StackProgress) => void): Promise<TrainResult> {
    const name = jobFileName(inputs.jobId);
    const jobDir = resolve(this.outDir, 'trainer', name);
    const logPath = resolve(this.outDir, 'logs', `${name}.log`);
    // OUT/trainer/<job>/: job.json, in/ (inputs), out/ (outputs), work/ (the trainer's empty folder).
    rmSync(jobDir, { recursive: true, force: true });
    for (const sub of ['in', 'out', 'work']) mkdirSync(join(jobDir, sub), { recursive: true });
    const job = writeJobFiles(inputs, jobDir, this.csv);
    const jobPath = join(jobDir, 'job.json');
    atomicWrite(jobPath, JSON.stringify(job, null, 2) + '\n');
    const fail = (message: string, file: string) =>
      new DpauditError(`trainer job ${inputs.jobId}: ${message}; last lines of ${logPath}: ${lastLogLines(logPath)}`, {
        location: { file },
      });
    await this.run(jobPath, logPath, fail);
    onStep?.({ step: inputs.plan.steps, steps: inputs.plan.steps });
    return readOutputs(inputs, job, fail);
  }

  private run(jobPath: string, logPath: string, fail: (m: string, f: string) => DpauditError): Promise<void> {
    mkdirSync(resolve(logPath, '..'), { recursive: true });
    const fd = openSync(logPath, 'w');
    const [cmd, ...args] = this.spec.command;
    return new Promise<void>((resolveRun, reject) => {
      let timedOut = false;
      let timer: NodeJS.Timeout | undefined;
      const child = spawn(cmd, [...args, jobPath], {
        cwd: this.spec.cwd,
        stdio: ['ignore', fd, fd],
        // Own process group, so that a timeout kills the trainer and its children.
        detached: true,
        shell: false,
      });
      if (child.pid !== undefined) track(child.pid);
      const done = (err: DpauditError | null) => {
        if (child.pid !== undefined) running.delete(child.pid);
        if (timer) clearTimeout(timer);
        closeSync(fd);
        if (err) reject(err);
        else resolveRun();
      };
      child.on('error', (e: NodeJS.ErrnoException) =>
        done(fail(`cannot start ${JSON.stringify(cmd)} (${e.code ?? e.message}) in ${this.spec.cwd}`, jobPath)),
      );
      if (this.spec.timeoutSeconds !== null) {
        timer = setTimeout(() => {
          timedOut = true;
          try {
            if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
          } catch {
            child.kill('SIGKILL');
          }
        }, this.spec.timeoutSeconds * 1000);
      }
      child.on('exit', (code, signal) => {
        if (timedOut) done(fail(`timed out after ${this.spec.timeoutSeconds} s (--trainer-timeout) and was stopped`, jobPath));
        else if (code !== 0) done(fail(code === null ? `was killed by ${signal}` : `exited with code ${code}`, jobPath));
        else done(null);
      });
    });
  }
}

function npy(dir: string, file: string, data: Float32Array | Int32Array, shape?: number[]): string {
  const p = join(dir, file);
  writeNpy(p, data, shape);
  return p;
}

/** Write the job's inputs as .npy files under jobDir/in and return the job file's content. */
export function writeJobFiles(inputs: JobInputs, jobDir: string, csv: string): JobFile {
  const dir = join(jobDir, 'in');
  const { plan, train } = inputs;
  const mode = plan.arm === 'nondp' ? 'nondp' : plan.arm === 'cliponly' ? 'cliponly' : 'dp';
  return {
    schemaVersion: 1,
    jobId: inputs.jobId,
    workDir: join(jobDir, 'work'),
    data: {
      features: inputs.features ? npy(dir, 'features.npy', inputs.features.X, [inputs.nRows, inputs.features.d]) : null,
      labels: npy(dir, 'labels.npy', Float32Array.from(inputs.labels)),
      csvRows: npy(dir, 'csvRows.npy', inputs.csvRows),
      csv: resolve(csv),
      featureNames: inputs.features?.encoder.featureNames ?? [],
    },
    models: inputs.models.map((m) => ({
      index: m.index,
      seed: m.seeds.seed,
      trainRows: npy(dir, `trainRows-${m.index}.npy`, m.trainRows),
      streams: {
        init: m.seeds.init.map((x) => x ?? null),
        batches: m.seeds.batches.map((x) => x ?? null),
        noise: m.seeds.noise.map((x) => x ?? null),
      },
    })),
    privacy: {
      mode,
      noiseMultiplier: plan.noiseMultiplier,
      maxGradNorm: mode === 'nondp' ? null : train.clip,
      sampleRate: plan.sampleRate,
      steps: plan.steps,
      delta: plan.delta,
      targetEpsilon: plan.targetEpsilon,
      sampling: 'poisson',
      unit: inputs.units.kind,
      units: inputs.units.kind === 'patient' ? npy(dir, 'units.npy', inputs.units.unitOfRow) : null,
    },
    training: {
      epochs: train.epochs,
      learningRate: train.lr,
      optimizer: train.optimizer,
      momentum: train.momentum,
      expectedBatchSize: plan.sampleRate * plan.n,
      model: train.model,
      hidden: train.model === 'mlp' ? train.hidden : [],
    },
    scoreRows: npy(dir, 'scoreRows.npy', inputs.scoreRows),
    outputs: { logits: join(jobDir, 'out', 'logits.npy'), report: join(jobDir, 'out', 'report.json') },
  };
}

/** Check and read what the trainer wrote: logits [models, scoreRows] finite float32, and its report. */
export function readOutputs(inputs: JobInputs, job: JobFile, fail: (m: string, f: string) => DpauditError): TrainResult {
  const M = inputs.models.length;
  const S = inputs.scoreRows.length;
  const { logits: lp, report: rp } = job.outputs;
  if (!existsSync(lp)) throw fail('the trainer exited 0 but did not write outputs.logits', lp);
  const arr = readNpy(lp);
  if (arr.dtype === 'int32') throw fail(`logits have dtype int32 (expected float32)`, lp);
  if (arr.shape.length !== 2 || arr.shape[0] !== M || arr.shape[1] !== S)
    throw fail(`logits have shape [${arr.shape.join(', ')}], expected [${M}, ${S}] (models × scoreRows)`, lp);
  const logits = arr.dtype === 'float32' ? arr.data : Float32Array.from(arr.data);
  for (let k = 0; k < logits.length; k++) {
    if (!Number.isFinite(logits[k]))
      throw fail(`logit of model ${Math.floor(k / S)} on score row ${k % S} is ${logits[k]} (every logit must be finite)`, lp);
  }
  if (!existsSync(rp)) throw fail('the trainer exited 0 but did not write outputs.report', rp);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(rp, 'utf8'));
  } catch (e) {
    throw fail(`report is not valid JSON (${(e as Error).message})`, rp);
  }
  const parsed = trainerReportSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw fail(`report field ${issue.path.length ? issue.path.join('.') : '(top level)'}: ${issue.message}`, rp);
  }
  const report = parsed.data;
  const byIndex = new Map(report.models.map((m) => [m.index, m]));
  if (byIndex.size !== report.models.length) throw fail('report lists a model index twice', rp);
  const facts: ModelRunFacts[] = [];
  for (const m of inputs.models) {
    const r = byIndex.get(m.index);
    if (!r) throw fail(`report has no entry for model ${m.index}`, rp);
    facts.push({
      index: m.index,
      steps: r.steps,
      sampling: r.sampling,
      sampleRate: r.sampleRate,
      noiseMultiplier: r.noiseMultiplier,
      maxGradNorm: r.maxGradNorm,
      // Not every trainer counts batches: the expected batch size stands in.
      meanBatchSize: r.meanBatchSize ?? inputs.plan.sampleRate * m.trainRows.length,
      emptySteps: r.emptySteps ?? 0,
      optimizerSteps: r.optimizerSteps ?? r.steps,
      ...(r.epsilon === undefined ? {} : { epsilon: r.epsilon }),
    });
  }
  if (byIndex.size !== M) throw fail(`report lists ${byIndex.size} models, the job has ${M}`, rp);
  return { logits, facts, library: report.library };
}
