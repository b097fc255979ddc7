/* WebAssembly modules compiled ahead of their use, handed out only for identical bytes.
 *
 * Pyodide loads a package's extension modules (.so, wasm side modules) one after another, each
 * compiled only then: WebAssembly.instantiate(bytes read from its file system, imports). The
 * worker registers them as soon as their wheel is here and verified (add()), compiles them in
 * the background one at a time (compileAll()), and wraps WebAssembly.instantiate (wrap()):
 * called with bytes identical to a registered module's, it instantiates that compiled module
 * instead (starting its compilation at once if the background has not reached it yet).
 * Identical means every byte: the name or size of a file proves nothing. Anything else goes to
 * the original function. */
export class PrecompiledWasm {
  constructor(compile = (bytes) => WebAssembly.compile(bytes)) {
    this.compile = compile;
    this.entries = []; // {bytes, module: Promise<Module | null> once its compilation started}
    this.bySize = new Map(); // byteLength -> entries of that size
    this.seen = 0; // instantiations from bytes
    this.used = 0; // ... of which a registered module's compilation served
    this.ahead = 0; // ... of which that compilation had started before it was asked for
  }

  /* Register `bytes` (a Uint8Array that must not change afterwards) to be compiled. A member
   * of a zip rarely starts at a multiple of 4: it is copied so that comparisons go a word at a
   * time (Pyodide's copy, read from its file system, starts at 0). */
  add(bytes) {
    if (bytes.byteOffset % 4 !== 0) bytes = bytes.slice();
    const same = this.bySize.get(bytes.byteLength) || [];
    if (same.some((entry) => sameBytes(entry.bytes, bytes))) return;
    const entry = { bytes, module: null };
    same.push(entry);
    this.bySize.set(bytes.byteLength, same);
    this.entries.push(entry);
  }

  get size() {
    return this.entries.length;
  }

  /* Compile every registered module, one at a time (in the order added), until none is left. */
  async compileAll() {
    for (let i = 0; i < this.entries.length; i++) await this.compiled(this.entries[i]);
  }

  compiled(entry) {
    if (!entry.module) entry.module = Promise.resolve().then(() => this.compile(entry.bytes)).catch(() => null);
    return entry.module;
  }

  /* The registered entry whose bytes are identical to `binary` (a BufferSource), or null. */
  lookup(binary) {
    const bytes = asBytes(binary);
    if (!bytes) return null;
    return (this.bySize.get(bytes.byteLength) || []).find((candidate) => sameBytes(candidate.bytes, bytes)) || null;
  }

  /* WebAssembly.instantiate, answering from the registered modules where the bytes match. One
   * not compiled yet starts compiling now: it is needed. */
  wrap(instantiate) {
    return async (source, imports) => {
      if (asBytes(source)) this.seen++;
      const entry = this.lookup(source);
      const started = Boolean(entry && entry.module);
      const module = entry && await this.compiled(entry);
      if (!module) return instantiate(source, imports);
      const instance = await instantiate(module, imports); // given a Module: an Instance
      this.used++;
      if (started) this.ahead++;
      return { module, instance };
    };
  }

  /* What the worker reports (protocol.json, ready.side_modules). */
  counts() {
    return { loaded: this.seen, precompiled: this.used, compiled_ahead: this.ahead };
  }
}

/* A Uint8Array over a BufferSource; null for anything else (a WebAssembly.Module, ...). */
function asBytes(source) {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (ArrayBuffer.isView(source)) return new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  return null;
}

/* Every byte equal; compared 4 bytes at a time where both are aligned (several MB per module). */
export function sameBytes(a, b) {
  if (a.byteLength !== b.byteLength) return false;
  const length = a.byteLength;
  let i = 0;
  if (a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0) {
    const words = length >>> 2;
    const wa = new Uint32Array(a.buffer, a.byteOffset, words);
    const wb = new Uint32Array(b.buffer, b.byteOffset, words);
    for (; i < words; i++) if (wa[i] !== wb[i]) return false;
    i = words * 4;
  }
  for (; i < length; i++) if (a[i] !== b[i]) return false;
  return true;
}
