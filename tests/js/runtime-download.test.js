// modules/runtime-download.js: the runtime's files start stage by stage, arrive verified against
// the manifest's sha256 (the gzip copy decompressed), and a wrong file is refused in Spanish.
import test from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";

import { BootError, downloadFiles } from "../../site_src/js/modules/runtime-download.js";

const ROOT = "https://example.test/";
const LIMITS = { stall_ms: 5000, attempts: 2, backoff_ms: 1 };

function entry(bytes, stage, gzip = null) {
  return {
    sha256: createHash("sha256").update(bytes).digest("hex"), bytes: bytes.length,
    wire: gzip ? gzip.length : bytes.length, gzip: null, on_demand: false, core: stage === 0, stage,
  };
}

/* A server of `served` (url -> bytes) whose answers wait until release(url) is called. */
function heldServer(served) {
  const asked = [];
  const waiting = new Map();
  const fetch = (url) => {
    asked.push(url.slice(ROOT.length));
    return new Promise((resolve) => waiting.set(url.slice(ROOT.length), () => resolve(new Response(served[url.slice(ROOT.length)]))));
  };
  const release = (path) => waiting.get(path)();
  return { asked, fetch, release };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

test("a stage's files are asked for only once every file of the lower stages has arrived", async () => {
  const files = { "a.js": Buffer.from("core a"), "b.zip": Buffer.from("core b"), "numpy.whl": Buffer.from("numpy"),
    "six.whl": Buffer.from("six"), "matplotlib.whl": Buffer.from("matplotlib") };
  const stages = { "a.js": 0, "b.zip": 0, "numpy.whl": 1, "six.whl": 2, "matplotlib.whl": 3 };
  const manifest = Object.fromEntries(Object.entries(files).map(([path, bytes]) => [path, entry(bytes, stages[path])]));
  const server = heldServer(files);
  const jobs = downloadFiles(ROOT, LIMITS, manifest, { fetch: server.fetch, progress: () => {} });
  await tick();
  assert.deepEqual(server.asked, ["a.js", "b.zip"]);
  server.release("a.js");
  await tick();
  assert.deepEqual(server.asked, ["a.js", "b.zip"]); // b.zip has not arrived yet
  server.release("b.zip");
  await tick();
  assert.deepEqual(server.asked, ["a.js", "b.zip", "numpy.whl"]);
  server.release("numpy.whl");
  await tick();
  assert.deepEqual(server.asked.at(-1), "six.whl");
  server.release("six.whl");
  await tick();
  server.release("matplotlib.whl");
  for (const [path, job] of jobs) {
    const file = await job;
    assert.deepEqual(Buffer.from(file.bytes), files[path]);
    assert.equal(file.sha256, manifest[path].sha256);
  }
});

test("the gzip copy travels and the file arrives decompressed, with the progress in Spanish megabytes", async () => {
  const bytes = Buffer.from("import numpy as np\n".repeat(100_000));
  const packed = gzipSync(bytes);
  const manifest = { "pyodide/python_stdlib.zip": { ...entry(bytes, 0, packed), gzip: "pyodide/python_stdlib.zip.gz" } };
  const asked = [];
  const fetch = async (url) => { asked.push(url); return new Response(packed); };
  const shown = [];
  const jobs = downloadFiles(ROOT, LIMITS, manifest, { fetch, progress: (text) => shown.push(text) });
  const file = await jobs.get("pyodide/python_stdlib.zip");
  assert.deepEqual(asked, [ROOT + "pyodide/python_stdlib.zip.gz"]);
  assert.deepEqual(Buffer.from(file.bytes), bytes);
  const total = (packed.length / 1e6).toFixed(1).replace(".", ",");
  assert.equal(shown.at(-1), `Descargando Python: ${total} de ${total} MB…`);
});

test("bytes that are not the manifest's are refused, after trying again", async () => {
  const manifest = { "pyodide/numpy.whl": entry(Buffer.from("the right numpy"), 1) };
  let tries = 0;
  const fetch = async () => { tries++; return new Response("another build's numpy"); };
  const jobs = downloadFiles(ROOT, LIMITS, manifest, { fetch, progress: () => {} });
  await assert.rejects(jobs.get("pyodide/numpy.whl"), (error) => {
    assert.ok(error instanceof BootError);
    assert.match(error.message, /^numpy\.whl no es el archivo de esta versión del sitio .*; se intentó 2 veces$/);
    return true;
  });
  assert.equal(tries, 2);
});
