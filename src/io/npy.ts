import { readFileSync } from 'node:fs';
import { DpauditError } from '../errors.js';
import { atomicWrite } from './atomic.js';

/**
 * NumPy `.npy` files, format version 1.0: the magic string "\x93NUMPY", version bytes 1 0, a little-endian
 * uint16 header length, an ASCII Python-dict header ({'descr': '<f4', 'fortran_order': False, 'shape': (n, d), })
 * padded with spaces and ended by a newline so that the data starts at a multiple of 64 bytes, then the
 * array in C (row-major) order. Written: '<f4' (float32) and '<i4' (int32). Read: also versions 2.0/3.0
 * (uint32 header length) and '<f8' (converted to float32 on request), C order only.
 */
export type NpyArray =
  | { dtype: 'float32'; shape: number[]; data: Float32Array }
  | { dtype: 'int32'; shape: number[]; data: Int32Array }
  | { dtype: 'float64'; shape: number[]; data: Float64Array };

const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]);

function shapeText(shape: number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** The bytes of a .npy v1.0 file holding `data` with `shape` (product of shape = data.length). */
export function encodeNpy(data: Float32Array | Int32Array, shape: number[]): Buffer {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new Error(`npy: shape ${shapeText(shape)} does not hold ${data.length} values`);
  const descr = data instanceof Float32Array ? '<f4' : '<i4';
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText(shape)}, }`;
  // 10 bytes of preamble + header (dict, spaces, '\n') is a multiple of 64.
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  const header = dict + ' '.repeat(total - 10 - dict.length - 1) + '\n';
  const pre = Buffer.alloc(10);
  MAGIC.copy(pre, 0);
  pre[6] = 1;
  pre[7] = 0;
  pre.writeUInt16LE(header.length, 8);
  // Typed arrays are little-endian on every platform Node runs on that we support (x64, arm64).
  const body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.concat([pre, Buffer.from(header, 'latin1'), body]);
}

/** Write a .npy file atomically. */
export function writeNpy(path: string, data: Float32Array | Int32Array, shape: number[] = [data.length]): void {
  atomicWrite(path, encodeNpy(data, shape));
}

function bad(file: string, message: string): DpauditError {
  return new DpauditError(`not a valid .npy file: ${message}`, { location: { file } });
}

/** Parse .npy bytes; `file` names the file in error messages. */
export function decodeNpy(buf: Uint8Array, file = '(npy)'): NpyArray {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.length < 10 || !b.subarray(0, 6).equals(MAGIC)) throw bad(file, 'no NUMPY magic string');
  const major = b[6];
  let headerLen: number;
  let start: number;
  if (major === 1) {
    headerLen = b.readUInt16LE(8);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (b.length < 12) throw bad(file, 'truncated header');
    headerLen = b.readUInt32LE(8);
    start = 12;
  } else throw bad(file, `unsupported format version ${major}.${b[7]}`);
  if (b.length < start + headerLen) throw bad(file, 'truncated header');
  const header = b.subarray(start, start + headerLen).toString(major === 3 ? 'utf8' : 'latin1');
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeMatch = /'shape'\s*:\s*\(([^)]*)\)/.exec(header);
  if (descr === undefined || fortran === undefined || !shapeMatch) throw bad(file, 'header lacks descr, fortran_order or shape');
  if (fortran === 'True') throw bad(file, 'Fortran (column-major) order; write a C-ordered array (numpy.ascontiguousarray)');
  const shape = shapeMatch[1]
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => Number(s.replace(/L$/, '')));
  if (shape.some((n) => !Number.isSafeInteger(n) || n < 0)) throw bad(file, `bad shape (${shapeMatch[1]})`);
  const count = shape.reduce((a, x) => a * x, 1);
  const dataStart = start + headerLen;
  const size = { '<f4': 4, '<i4': 4, '<f8': 8 }[descr];
  if (size === undefined) throw bad(file, `dtype ${descr} (expected '<f4' float32 or '<i4' int32)`);
  if (b.length !== dataStart + count * size)
    throw bad(file, `${b.length - dataStart} data bytes for shape ${shapeText(shape)} of ${descr} (expected ${count * size})`);
  const copy = new Uint8Array(b.subarray(dataStart)); // aligned copy
  if (descr === '<f4') return { dtype: 'float32', shape, data: new Float32Array(copy.buffer, 0, count) };
  if (descr === '<i4') return { dtype: 'int32', shape, data: new Int32Array(copy.buffer, 0, count) };
  return { dtype: 'float64', shape, data: new Float64Array(copy.buffer, 0, count) };
}

/** Read a .npy file. */
export function readNpy(path: string): NpyArray {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw new DpauditError(`cannot read file (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { location: { file: path } });
  }
  return decodeNpy(buf, path);
}
