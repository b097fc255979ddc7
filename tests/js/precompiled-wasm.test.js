// modules/precompiled-wasm.js: a precompiled module is used only for identical bytes; anything
// else reaches the original WebAssembly.instantiate unchanged.
import test from "node:test";
import assert from "node:assert/strict";

import { PrecompiledWasm, sameBytes } from "../../site_src/js/modules/precompiled-wasm.js";

/* A whole wasm module exporting answer() -> `value` (0..63: a one-byte LEB128). */
function wasmAnswering(value) {
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
    0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, // types: () -> i32
    0x03, 0x02, 0x01, 0x00, // one function of type 0
    0x07, 0x0a, 0x01, 0x06, ...Buffer.from("answer"), 0x00, 0x00, // export "answer" = function 0
    0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, value, 0x0b, // body: i32.const value
  ]);
}

/* WebAssembly.instantiate that records what it was given. */
function recordingInstantiate() {
  const calls = [];
  const instantiate = (source, imports) => {
    calls.push(source instanceof WebAssembly.Module ? "module" : "bytes");
    return WebAssembly.instantiate(source, imports);
  };
  return { calls, instantiate };
}

test("identical bytes (another copy) instantiate the module compiled in the background", async () => {
  const compiled = [];
  const cache = new PrecompiledWasm((bytes) => { compiled.push(bytes.byteLength); return WebAssembly.compile(bytes); });
  cache.add(wasmAnswering(42));
  await cache.compileAll();
  assert.deepEqual(compiled, [wasmAnswering(42).byteLength], "compiled once, ahead");
  const { calls, instantiate } = recordingInstantiate();
  const result = await cache.wrap(instantiate)(wasmAnswering(42).slice(), {});
  assert.ok(result.module instanceof WebAssembly.Module);
  assert.ok(result.instance instanceof WebAssembly.Instance);
  assert.equal(result.instance.exports.answer(), 42);
  assert.deepEqual(calls, ["module"]);
  assert.equal(compiled.length, 1, "not compiled again");
  assert.deepEqual(cache.counts(), { loaded: 1, precompiled: 1, compiled_ahead: 1 });
});

test("compileAll compiles one module at a time, in the order they were added", async () => {
  const events = [];
  let running = 0;
  const cache = new PrecompiledWasm(async (bytes) => {
    running++;
    events.push(`start ${bytes[bytes.length - 2]} (${running} running)`);
    await new Promise((resolve) => setTimeout(resolve, 5));
    running--;
    return WebAssembly.compile(bytes);
  });
  for (const value of [3, 1, 2]) cache.add(wasmAnswering(value));
  await cache.compileAll();
  assert.deepEqual(events, ["start 3 (1 running)", "start 1 (1 running)", "start 2 (1 running)"]);
});

test("a module asked for before its turn compiles at once, and only once", async () => {
  const compiled = [];
  const cache = new PrecompiledWasm((bytes) => { compiled.push(bytes[bytes.length - 2]); return WebAssembly.compile(bytes); });
  cache.add(wasmAnswering(1));
  cache.add(wasmAnswering(2));
  const wrapped = cache.wrap(WebAssembly.instantiate.bind(WebAssembly));
  assert.equal((await wrapped(wasmAnswering(2), {})).instance.exports.answer(), 2);
  assert.deepEqual(compiled, [2]);
  await cache.compileAll();
  assert.deepEqual(compiled, [2, 1]);
  assert.deepEqual(cache.counts(), { loaded: 1, precompiled: 1, compiled_ahead: 0 });
});

test("bytes of the same size that differ go to the original instantiate", async () => {
  const cache = new PrecompiledWasm();
  cache.add(wasmAnswering(42));
  await cache.compileAll();
  const { calls, instantiate } = recordingInstantiate();
  const result = await cache.wrap(instantiate)(wasmAnswering(43), {});
  assert.equal(result.instance.exports.answer(), 43);
  assert.deepEqual(calls, ["bytes"]);
  assert.deepEqual(cache.counts(), { loaded: 1, precompiled: 0, compiled_ahead: 0 });
});

test("an ArrayBuffer, or a view at an odd offset of a larger buffer, is compared byte for byte", async () => {
  const cache = new PrecompiledWasm();
  const inside = new Uint8Array(100);
  inside.set(wasmAnswering(7), 3);
  cache.add(inside.subarray(3, 3 + wasmAnswering(7).byteLength));
  const wrapped = cache.wrap(WebAssembly.instantiate.bind(WebAssembly));
  const first = await wrapped(wasmAnswering(7).buffer, {});
  const larger = new Uint8Array(64);
  larger.set(wasmAnswering(7), 1);
  const view = new DataView(larger.buffer, 1, wasmAnswering(7).byteLength);
  assert.equal((await wrapped(view, {})).module, first.module);
  assert.equal(cache.used, 2);
});

test("a module that failed to compile is compiled again by the original, which reports its error", async () => {
  const cache = new PrecompiledWasm();
  const broken = wasmAnswering(5);
  broken[broken.length - 1] = 0x00; // no `end`: not a valid module
  cache.add(broken);
  await cache.compileAll(); // does not throw
  const { calls, instantiate } = recordingInstantiate();
  await assert.rejects(cache.wrap(instantiate)(broken.slice(), {}), WebAssembly.CompileError);
  assert.deepEqual(calls, ["bytes"]);
  assert.deepEqual(cache.counts(), { loaded: 1, precompiled: 0, compiled_ahead: 0 });
});

test("a Module goes through unchanged and yields an Instance, as WebAssembly.instantiate does", async () => {
  const cache = new PrecompiledWasm();
  const module = await WebAssembly.compile(wasmAnswering(9));
  cache.add(wasmAnswering(9));
  const { calls, instantiate } = recordingInstantiate();
  const instance = await cache.wrap(instantiate)(module, {});
  assert.ok(instance instanceof WebAssembly.Instance);
  assert.equal(instance.exports.answer(), 9);
  assert.deepEqual(calls, ["module"]);
  assert.deepEqual(cache.counts(), { loaded: 0, precompiled: 0, compiled_ahead: 0 });
});

test("the same bytes added twice are kept once; different ones of one size both count", async () => {
  const cache = new PrecompiledWasm();
  cache.add(wasmAnswering(1));
  cache.add(wasmAnswering(1).slice());
  cache.add(wasmAnswering(2));
  assert.equal(cache.size, 2);
  const wrapped = cache.wrap(WebAssembly.instantiate.bind(WebAssembly));
  assert.equal((await wrapped(wasmAnswering(2), {})).instance.exports.answer(), 2);
  assert.equal((await wrapped(wasmAnswering(1), {})).instance.exports.answer(), 1);
  assert.equal(cache.used, 2);
});

test("sameBytes: every byte counts, aligned or not", () => {
  const a = new Uint8Array(1001).map((_, i) => i * 7);
  const b = a.slice();
  assert.ok(sameBytes(a, b));
  for (const at of [0, 3, 500, 999, 1000]) {
    const c = a.slice();
    c[at] ^= 1;
    assert.ok(!sameBytes(a, c), `byte ${at}`);
    const shifted = new Uint8Array(1002);
    shifted.set(c, 1);
    assert.ok(!sameBytes(a, shifted.subarray(1)), `byte ${at}, unaligned`);
  }
  assert.ok(!sameBytes(a, a.subarray(1)));
});
