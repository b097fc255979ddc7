// site_src/service-worker.template.js, run in a fake service-worker scope: a newer build's worker
// replaces the older one's cache, and the older worker, still answering a page's last requests,
// never creates its deleted cache again (it would stay on the reader's disk for good).
import test from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import vm from "node:vm";

const TEMPLATE = readFileSync(new URL("../../site_src/service-worker.template.js", import.meta.url), "utf8");
const SCOPE = "https://example.test/repo/";
const RUNTIME_FILE = "pyodide/python_stdlib.zip";

/* CacheStorage as the spec has it: open() creates a missing cache, match({cacheName}) does not. */
class Caches {
  constructor() { this.byName = new Map(); }
  async open(name) {
    if (!this.byName.has(name)) this.byName.set(name, new Map());
    return cacheOf(this.byName.get(name));
  }
  async has(name) { return this.byName.has(name); }
  async keys() { return [...this.byName.keys()]; }
  async delete(name) { return this.byName.delete(name); }
  async match(request, options = {}) {
    const names = options.cacheName ? [options.cacheName] : [...this.byName.keys()];
    for (const name of names) {
      const found = this.byName.has(name) && await cacheOf(this.byName.get(name)).match(request);
      if (found) return found;
    }
    return undefined;
  }
}

function cacheOf(entries) {
  const key = (request) => (typeof request === "string" ? request : request.url);
  return {
    async match(request) { return entries.get(key(request))?.clone(); },
    async put(request, response) { entries.set(key(request), response); },
  };
}

const sha256 = (text) => createHash("sha256").update(text).digest("hex");

function manifestOf(files) {
  return {
    version: sha256(JSON.stringify(files)).slice(0, 16),
    files: Object.fromEntries(Object.entries(files).map(([path, text]) => [path, sha256(text)])),
    precache: Object.keys(files).filter((path) => !path.startsWith("pyodide/")),
    runtime: Object.keys(files).filter((path) => path.startsWith("pyodide/")),
  };
}

/* One build's sw.js running in its own global scope; the host serves `served` (path -> text). */
function startWorker(manifest, caches, served, sent) {
  const listeners = {};
  const scope = {
    caches, crypto: globalThis.crypto, URL, Request, Response, Headers, setTimeout, clearTimeout, console,
    location: new URL("sw.js", SCOPE),
    registration: { scope: SCOPE },
    clients: { claim: async () => {} },
    skipWaiting: async () => {},
    addEventListener: (type, listener) => { listeners[type] = listener; },
    fetch: async (request) => {
      const path = new URL(typeof request === "string" ? request : request.url).pathname.slice("/repo/".length);
      sent.push(path);
      return path in served ? new Response(served[path]) : new Response("", { status: 404 });
    },
  };
  scope.self = scope;
  vm.runInNewContext(TEMPLATE.replace("/*MANIFEST*/null", JSON.stringify(manifest)), scope);

  /* Dispatches one event and waits for everything it asked to wait for. */
  return async (type, fields = {}) => {
    const pending = [];
    let answer;
    listeners[type]({
      ...fields,
      waitUntil: (promise) => pending.push(promise),
      respondWith: (promise) => { answer = promise; },
    });
    const response = await answer;
    // waitUntil may be called while the answer is worked out: settle until no new promise comes.
    for (let settled = 0; settled < pending.length;) {
      const count = pending.length;
      await Promise.allSettled(pending.slice(settled));
      settled = count;
    }
    return response;
  };
}

const fetchEvent = (path) => ({ request: new Request(SCOPE + path) });

test("an older build's worker answering a page after the newer one activated leaves no cache behind", async () => {
  const caches = new Caches();
  const sent = [];
  const oldBuild = { "index.html": "<html>old</html>", [RUNTIME_FILE]: "PK stdlib" };
  const newBuild = { "index.html": "<html>new</html>", [RUNTIME_FILE]: "PK stdlib" };
  const oldManifest = manifestOf(oldBuild);
  const newManifest = manifestOf(newBuild);

  const oldWorker = startWorker(oldManifest, caches, oldBuild, sent);
  await oldWorker("install");
  await oldWorker("activate");
  const runtime = await oldWorker("fetch", fetchEvent(RUNTIME_FILE));
  assert.equal(await runtime.text(), "PK stdlib");
  assert.deepEqual(await caches.keys(), [`leccion-offline|${oldManifest.version}|${SCOPE}`]);

  // The host now serves the new build; its worker installs and activates.
  const newWorker = startWorker(newManifest, caches, newBuild, sent);
  sent.length = 0;
  await newWorker("install");
  await newWorker("activate");
  const newCache = `leccion-offline|${newManifest.version}|${SCOPE}`;
  assert.deepEqual(await caches.keys(), [newCache]);
  assert.deepEqual(sent, ["index.html"], "the unchanged runtime came from the older cache, not the host");

  // Requests the older worker was still answering when the page reloaded, and the page's request
  // to keep the runtime, which reached it before the newer worker took the page over.
  const again = await oldWorker("fetch", fetchEvent(RUNTIME_FILE));
  assert.equal(await again.text(), "PK stdlib", "the page still gets its file");
  await oldWorker("fetch", fetchEvent("index.html"));
  assert.deepEqual(await caches.keys(), [newCache], "the older build's cache was created again");
  const reports = [];
  await oldWorker("message", { data: { type: "cache-runtime" }, source: { postMessage: (report) => reports.push(structuredClone(report)) } });
  assert.deepEqual(reports[0].missing, [RUNTIME_FILE], "the older worker reports that it kept nothing");
  assert.deepEqual(await caches.keys(), [newCache], "the older build's cache was created again");
});

test("the current worker caches a runtime file the first time it passes through", async () => {
  const caches = new Caches();
  const sent = [];
  const build = { "index.html": "<html></html>", [RUNTIME_FILE]: "PK stdlib" };
  const worker = startWorker(manifestOf(build), caches, build, sent);
  await worker("install");
  await worker("activate");
  await worker("fetch", fetchEvent(RUNTIME_FILE));
  sent.length = 0;
  const second = await worker("fetch", fetchEvent(RUNTIME_FILE));
  assert.equal(await second.text(), "PK stdlib");
  assert.deepEqual(sent, [], "answered from the cache");
  const reports = [];
  await worker("message", { data: { type: "cache-runtime" }, source: { postMessage: (report) => reports.push(structuredClone(report)) } });
  assert.deepEqual(reports, [{ type: "runtime-cached", version: manifestOf(build).version, missing: [] }]);
});
