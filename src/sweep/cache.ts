import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { atomicWrite } from '../io/atomic.js';
import type { JobOutput } from './job.js';

/**
 * On-disk cache of job outputs (per-example logits: never part of results.json or the report).
 * Key = SHA-256 of (data fingerprint, resolved config, code version, job spec). Files are written
 * atomically, so an interrupted sweep leaves only whole entries and `--resume` can skip them.
 * Format: 4-byte little-endian header length, JSON header, then the typed arrays' bytes.
 */
export function cacheKey(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

type Typed = Float32Array | Float64Array | Uint8Array | Int32Array;
const ctors = { Float32Array, Float64Array, Uint8Array, Int32Array } as const;
type CtorName = keyof typeof ctors;

function isTyped(v: unknown): v is Typed {
  return v instanceof Float32Array || v instanceof Float64Array || v instanceof Uint8Array || v instanceof Int32Array;
}

export function serialize(value: JobOutput): Buffer {
  const chunks: Buffer[] = [];
  let offset = 0;
  const header = JSON.stringify(value, (_k, v) => {
    if (isTyped(v)) {
      const b = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
      const pad = (8 - (offset % 8)) % 8;
      if (pad) chunks.push(Buffer.alloc(pad));
      offset += pad;
      const ref = { __typed: v.constructor.name as CtorName, offset, length: v.length };
      chunks.push(Buffer.from(b));
      offset += b.byteLength;
      return ref;
    }
    return v;
  });
  const h = Buffer.from(header, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(h.length, 0);
  return Buffer.concat([len, h, ...chunks]);
}

export function deserialize(buf: Buffer): JobOutput {
  const hl = buf.readUInt32LE(0);
  const header = buf.subarray(4, 4 + hl).toString('utf8');
  const base = 4 + hl;
  return JSON.parse(header, (_k, v) => {
    if (v && typeof v === 'object' && '__typed' in v) {
      const C = ctors[(v as { __typed: CtorName }).__typed];
      const { offset, length } = v as { offset: number; length: number };
      const bytes = buf.subarray(base + offset, base + offset + length * C.BYTES_PER_ELEMENT);
      const copy = new Uint8Array(bytes); // aligned copy
      return new C(copy.buffer, 0, length);
    }
    return v;
  }) as JobOutput;
}

export class JobCache {
  constructor(readonly dir: string) {}
  path(key: string): string {
    return join(this.dir, `${key}.bin`);
  }
  has(key: string): boolean {
    return existsSync(this.path(key));
  }
  get(key: string): JobOutput {
    return deserialize(readFileSync(this.path(key)));
  }
  put(key: string, value: JobOutput): void {
    atomicWrite(this.path(key), serialize(value));
  }
}
