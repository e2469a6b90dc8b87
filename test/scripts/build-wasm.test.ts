import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KERNELS, compileWat, generatedModule } from '../../scripts/build-wasm.js';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

for (const k of KERNELS) {
  test(`embedded WebAssembly bytes of ${k.wat} are current (recompiled with wabt)`, async () => {
    const bytes = await compileWat(k.wat, readFileSync(join(root, k.wat), 'utf8'));
    assert.ok(bytes.length > 100);
    assert.equal(
      readFileSync(join(root, k.out), 'utf8'),
      generatedModule(k.wat, k.name, bytes),
      `${k.out} is stale: run node --import tsx scripts/build-wasm.ts`,
    );
  });
}
