import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeNpy, encodeNpy } from '../../../src/io/npy.js';
import { DpauditError } from '../../../src/errors.js';

/** Hand-built .npy v1.0 bytes: preamble, header padded with spaces to a 64-byte boundary, '\n', data. */
function handBuilt(dict: string, data: Uint8Array): Buffer {
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  const header = dict + ' '.repeat(total - 11 - dict.length) + '\n';
  const pre = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8];
  return Buffer.concat([Buffer.from(pre), Buffer.from(header, 'latin1'), Buffer.from(data)]);
}

test('float32 [2, 3] is written exactly as numpy writes it (header, padding, little-endian C order)', () => {
  const values = [1, -2.5, 3, 0.25, 5, 6];
  const dataBytes = Buffer.alloc(24);
  values.forEach((v, i) => {
    dataBytes.writeFloatLE(v, 4 * i);
  });
  const expected = handBuilt("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", dataBytes);
  const got = encodeNpy(Float32Array.from(values), [2, 3]);
  assert.deepEqual(got, expected);
  // 10 + 60 characters of dict + '\n' > 64: the data starts at byte 128.
  assert.equal(expected.length, 128 + 24);
  assert.equal(got.readUInt16LE(8), 118);
  assert.equal(got[127], 0x0a);
});

test('int32 1-D shape is written as (n,) and round-trips', () => {
  const dataBytes = Buffer.alloc(12);
  [7, -1, 2147483647].forEach((v, i) => {
    dataBytes.writeInt32LE(v, 4 * i);
  });
  const expected = handBuilt("{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }", dataBytes);
  assert.deepEqual(encodeNpy(Int32Array.from([7, -1, 2147483647]), [3]), expected);
  const r = decodeNpy(expected);
  assert.equal(r.dtype, 'int32');
  assert.deepEqual(r.shape, [3]);
  assert.deepEqual(Array.from(r.data), [7, -1, 2147483647]);
});

test('reads a header numpy wrote with a long header (> 64 bytes) and float64 data', () => {
  const dataBytes = Buffer.alloc(16);
  dataBytes.writeDoubleLE(0.1, 0);
  dataBytes.writeDoubleLE(-3, 8);
  const dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), 'extra_note_padding_key_for_length': 1, }";
  const r = decodeNpy(handBuilt(dict, dataBytes));
  assert.equal(r.dtype, 'float64');
  assert.deepEqual(r.shape, [1, 2]);
  assert.deepEqual(Array.from(r.data), [0.1, -3]);
});

test('empty arrays have shape (0,) and no data bytes', () => {
  const b = encodeNpy(new Int32Array(0), [0]);
  assert.equal(b.length % 64, 0);
  assert.deepEqual(decodeNpy(b).shape, [0]);
});

test('bad files are one-line DpauditErrors naming the file', () => {
  const ok = encodeNpy(Float32Array.from([1, 2]), [2]);
  const cases: [Buffer, RegExp][] = [
    [Buffer.from('hello world, not npy'), /magic/],
    [ok.subarray(0, ok.length - 1), /data bytes/],
    [handBuilt("{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", Buffer.alloc(8)), /Fortran/],
    [handBuilt("{'descr': '<u2', 'fortran_order': False, 'shape': (2,), }", Buffer.alloc(4)), /dtype <u2/],
  ];
  for (const [buf, re] of cases) {
    assert.throws(
      () => decodeNpy(buf, '/x/logits.npy'),
      (e: unknown) => e instanceof DpauditError && /\/x\/logits\.npy/.test(e.message) && re.test(e.message),
    );
  }
});
