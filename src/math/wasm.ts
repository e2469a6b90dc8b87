/**
 * The runtime's WebAssembly API for dpaudit's embedded kernels (lib "ES2022" without DOM declares none): compile
 * the base64 bytes that scripts/build-wasm.ts embeds, and instantiate them with their imports.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
}

const Wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/**
 * The module of embedded base64 bytes, compiled on first call and kept for the thread; null when this runtime cannot
 * compile it (no WebAssembly, or no SIMD): the caller then runs the JavaScript loop the kernel reproduces.
 */
export function lazyModule(base64: string): () => object | null {
  let module: object | null | undefined;
  return () => {
    if (module === undefined) {
      try {
        module = compileWasm(base64);
      } catch {
        module = null;
      }
    }
    return module;
  };
}

/**
 * The thread's instance of an embedded kernel: `build(module)` on first call, kept; null when the runtime cannot
 * compile the module (lazyModule). An error in `build` (a layout that does not fit, a broken guard) is thrown, not
 * turned into the slow path: only a missing runtime feature falls back to JavaScript.
 */
export function lazyKernel<T>(base64: string, build: (module: object) => T): () => T | null {
  const module = lazyModule(base64);
  let value: T | null | undefined;
  return () => {
    if (value === undefined) {
      const m = module();
      value = m === null ? null : build(m);
    }
    return value;
  };
}

/** Grow a kernel's memory to at least `bytes`; false when WebAssembly memory cannot grow that far. */
export function ensureBytes(memory: WasmMemory, bytes: number): boolean {
  const have = memory.buffer.byteLength;
  if (bytes <= have) return true;
  try {
    memory.grow(Math.ceil((bytes - have) / 65536));
    return true;
  } catch {
    return false;
  }
}

/** The compiled module of embedded base64 bytes; throws when the runtime cannot compile it (e.g. no SIMD). */
function compileWasm(base64: string): object {
  return new Wasm.Module(Buffer.from(base64, 'base64'));
}

/** A new instance of a compiled module; its exports typed by the caller. */
export function instantiateWasm<E>(module: object, imports: object): E {
  return new Wasm.Instance(module, imports).exports as E;
}
