// modules/load-script.js: a classic script added to a document, resolved once it ran, removed
// and reported in Spanish when it could not be fetched. A small stand-in for the DOM: Node has none.
import test from "node:test";
import assert from "node:assert/strict";

import { loadScript, loadScriptAgain } from "../../site_src/js/modules/load-script.js";

/* A container whose document records the scripts it creates; `outcome(src)` says how each ends. */
function fakeContainer(outcome) {
  const children = [];
  const ownerDocument = {
    createElement(tag) {
      assert.equal(tag, "script");
      const script = { remove() { children.splice(children.indexOf(script), 1); } };
      return script;
    },
  };
  return {
    ownerDocument,
    children,
    appendChild(script) {
      children.push(script);
      setTimeout(() => (outcome(script.src) ? script.onload() : script.onerror()), 0);
    },
  };
}

test("resolves once the script has loaded, and leaves it in the document", async () => {
  const container = fakeContainer(() => true);
  await loadScript("https://example.test/assets/lesson/widgets.js", container);
  assert.deepEqual(container.children.map((script) => script.src), ["https://example.test/assets/lesson/widgets.js"]);
});

test("a script that cannot be fetched rejects in Spanish and is removed", async () => {
  const container = fakeContainer(() => false);
  await assert.rejects(loadScript("offline/index.js", container), { message: "no se pudo leer offline/index.js" });
  assert.equal(container.children.length, 0);
});

test("the scripts of a frame are created by the frame's own document", async () => {
  const container = fakeContainer(() => true);
  let created = 0;
  const create = container.ownerDocument.createElement;
  container.ownerDocument.createElement = (tag) => { created++; return create(tag); };
  await loadScript("search_index.js", container);
  assert.equal(created, 1);
});

test("fetching again asks for a new URL each time, never the failed copy", async () => {
  const container = fakeContainer((src) => src.includes("?reintento="));
  await loadScriptAgain("assets/lesson/python-runtime.js", container);
  await new Promise((resolve) => setTimeout(resolve, 2));
  await loadScriptAgain("assets/lesson/python-runtime.js", container);
  const [first, second] = container.children.map((script) => script.src);
  assert.match(first, /^assets\/lesson\/python-runtime\.js\?reintento=\d+$/);
  assert.notEqual(first, second);
});
