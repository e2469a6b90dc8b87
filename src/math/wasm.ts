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
 * `make()` on first call, kept for the thread; null when it throws (no WebAssembly, or no SIMD, here): the caller
 * then runs the JavaScript loop the kernel reproduces. The lazy instance of every embedded kernel.
 */
export function lazyKernel<T>(make: () => T): () => T | null {
  let value: T | null | undefined;
  return () => {
    if (value === undefined) {
      try {
        value = make();
      } catch {
        value = null;
      }
    }
    return value;
  };
}

/** The compiled module of embedded base64 bytes; throws when the runtime cannot compile it (e.g. no SIMD). */
export function compileWasm(base64: string): object {
  return new Wasm.Module(Buffer.from(base64, 'base64'));
}

/** A new instance of a compiled module; its exports typed by the caller. */
export function instantiateWasm<E>(module: object, imports: object): E {
  return new Wasm.Instance(module, imports).exports as E;
}
