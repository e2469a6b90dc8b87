import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as TfModule from '@tensorflow/tfjs';
import { DpauditError } from '../errors.js';

/**
 * Compute backend selection. `auto` tries @tensorflow/tfjs-node (native TensorFlow; its binding is often
 * absent: any load error falls through), then @tensorflow/tfjs-backend-wasm (SIMD; threads are not used
 * in Node), then the plain JS `cpu` backend. The chosen backend is recorded in every result.
 */
export type BackendName = 'node' | 'wasm' | 'cpu';
export type BackendRequest = 'auto' | BackendName;

export type Tf = typeof TfModule;

// tfjs is loaded on first use (initBackend), so commands that train nothing start fast.
let tfjs: Tf = undefined as unknown as Tf;
async function loadTf(): Promise<Tf> {
  if (tfjs === undefined) tfjs = await import('@tensorflow/tfjs');
  return tfjs;
}

export interface BackendInfo {
  name: BackendName;
  /** tfjs's own backend id ('tensorflow', 'wasm', 'cpu'). */
  tfBackend: string;
  tfjsVersion: string;
  simd: boolean | null;
  /** Why earlier candidates were skipped (for --verbose). */
  notes: string[];
}

let active: BackendInfo | null = null;
const require = createRequire(import.meta.url);

/** The tfjs namespace; available after `initBackend()`. */
export function tf(): Tf {
  if (tfjs === undefined) throw new Error('dpaudit: initBackend() must run before tf()');
  return tfjs;
}

export function currentBackend(): BackendInfo | null {
  return active;
}

/**
 * Whether `auto` could pick the native backend here: @tensorflow/tfjs-node is installed with its native folder.
 * Its addon loads in one thread of a process only, so where it may load, which thread initialises first decides
 * the backend; where it cannot, `auto` gives every thread the same backend (wasm, else cpu).
 */
export function nativeBackendMayLoad(): boolean {
  try {
    return existsSync(join(dirname(require.resolve('@tensorflow/tfjs-node/package.json')), 'lib'));
  } catch {
    return false;
  }
}

async function tryNode(notes: string[]): Promise<boolean> {
  try {
    // The package name is built at run time so bundlers and type checks do not require it.
    const name = '@tensorflow/tfjs-node';
    await import(name);
    const ok = await tfjs.setBackend('tensorflow');
    if (!ok) notes.push('tfjs-node loaded but its backend did not initialise');
    return ok;
  } catch (e) {
    notes.push(`tfjs-node unavailable (${firstLine(e)})`);
    return false;
  }
}

async function tryWasm(notes: string[]): Promise<boolean> {
  try {
    const dir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
    const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
    setWasmPaths(join(dir, 'dist') + '/');
    tfjs.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    const ok = await tfjs.setBackend('wasm');
    if (!ok) notes.push('wasm backend did not initialise');
    return ok;
  } catch (e) {
    notes.push(`wasm unavailable (${firstLine(e)})`);
    return false;
  }
}

async function tryCpu(notes: string[]): Promise<boolean> {
  try {
    return await tfjs.setBackend('cpu');
  } catch (e) {
    notes.push(`cpu backend failed (${firstLine(e)})`);
    return false;
  }
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 160);
}

/** Initialise the backend once per process. A second call with a different explicit request switches. */
export async function initBackend(request: BackendRequest = 'auto'): Promise<BackendInfo> {
  if (active && (request === 'auto' || request === active.name)) return active;
  await loadTf();
  const notes: string[] = [];
  const order: BackendName[] = request === 'auto' ? ['node', 'wasm', 'cpu'] : [request];
  const attempt: Record<BackendName, (n: string[]) => Promise<boolean>> = { node: tryNode, wasm: tryWasm, cpu: tryCpu };
  // Silence tfjs's console hint about tfjs-node; dpaudit reports the backend itself.
  tfjs.env().set('IS_TEST', true);
  for (const name of order) {
    if (await attempt[name](notes)) {
      await tfjs.ready();
      const simd = name === 'wasm' ? tfjs.env().getBool('WASM_HAS_SIMD_SUPPORT') : null;
      active = { name, tfBackend: tfjs.getBackend(), tfjsVersion: tfjs.version.tfjs, simd, notes };
      return active;
    }
  }
  throw new DpauditError(`backend ${JSON.stringify(request)} is not available here: ${notes.join('; ')}`, {
    location: { option: 'backend' },
  });
}

export function describeBackend(b: BackendInfo): string {
  return `${b.name}${b.simd ? ' (SIMD)' : ''}, tfjs ${b.tfjsVersion}`;
}
