/**
 * Write the gate's files: `DIR/gate.json` next to results.json (atomically), optional JUnit XML and
 * Markdown, and the Markdown appended to $GITHUB_STEP_SUMMARY when that is set.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { DpauditError } from '../errors.js';
import { atomicWrite } from '../io/atomic.js';
import { formatJunit } from './junit.js';
import { formatMarkdown } from './markdown.js';
import type { GateResult } from './types.js';

export interface GateOutputOptions {
  /** Folder of results.json: gate.json goes here. */
  dir: string;
  junit?: string;
  markdown?: string;
  /** Usually process.env.GITHUB_STEP_SUMMARY. */
  stepSummary?: string;
}

export const GATE_FILE = 'gate.json';

function write(path: string, text: string, option: string): void {
  try {
    atomicWrite(path, text);
  } catch (e) {
    throw new DpauditError(`cannot write ${path} (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { location: { option }, cause: e });
  }
}

/** Write every requested output; returns the paths written. */
export function writeGateOutputs(r: GateResult, o: GateOutputOptions): string[] {
  const written: string[] = [];
  const gateJson = join(o.dir, GATE_FILE);
  write(gateJson, JSON.stringify(r, null, 2) + '\n', 'policy');
  written.push(gateJson);
  if (o.junit) {
    write(o.junit, formatJunit(r), 'junit');
    written.push(o.junit);
  }
  const md = o.markdown || o.stepSummary ? formatMarkdown(r) : '';
  if (o.markdown) {
    write(o.markdown, md, 'markdown');
    written.push(o.markdown);
  }
  if (o.stepSummary) {
    try {
      appendFileSync(o.stepSummary, md + '\n');
      written.push(o.stepSummary);
    } catch (e) {
      throw new DpauditError(`cannot append to $GITHUB_STEP_SUMMARY (${(e as NodeJS.ErrnoException).code ?? 'error'})`, {
        location: { file: o.stepSummary },
        cause: e,
      });
    }
  }
  return written;
}
