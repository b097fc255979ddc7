// modules/page-handoff.js: the separately loaded page scripts find each other whatever order
// they run in (python-runtime.js is async: before or after the deferred widgets.js).
import test from "node:test";
import assert from "node:assert/strict";

globalThis.window = {};
globalThis.document = new EventTarget();
const handoff = await import("../../site_src/js/modules/page-handoff.js");

test("a script that asks before the runtime exists gets it when it is published, once", () => {
  const seen = [];
  handoff.withRuntime((runtime) => seen.push(runtime));
  assert.equal(handoff.currentRuntime(), undefined);
  assert.deepEqual(seen, []);
  const runtime = { name: "first" };
  handoff.publishRuntime(runtime);
  assert.deepEqual(seen, [runtime]);
  handoff.publishRuntime({ name: "again" }); // a listener is called once
  assert.equal(seen.length, 1);
});

test("a script that asks after the runtime exists gets it at once", () => {
  const runtime = { name: "published" };
  handoff.publishRuntime(runtime);
  let seen = null;
  handoff.withRuntime((value) => { seen = value; });
  assert.equal(seen, runtime);
  assert.equal(handoff.currentRuntime(), runtime);
  assert.equal(window.leccionRuntime, runtime); // what the tests and the benchmark read
});

test("the browser's Worker is kept before the search frame's shim replaces it", () => {
  class NativeWorker {}
  class FrameWorker {}
  window.Worker = NativeWorker;
  handoff.keepNativeWorker();
  window.Worker = FrameWorker;
  assert.equal(handoff.nativeWorker(), NativeWorker);
});

test("widgets.js tells python-runtime.js that it ran", () => {
  assert.equal(handoff.widgetsScriptRan(), false);
  handoff.markWidgetsScript();
  assert.equal(handoff.widgetsScriptRan(), true);
});
