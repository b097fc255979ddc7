// modules/embedded-file.js: the offline copy's files (base64, gzip-compressed or not) decode to
// their exact bytes, in the page and in the worker. tests/unit/test_offline_bundle.py checks it
// against the scripts site_src/offline_bundle.py really writes.
import test from "node:test";
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { randomBytes } from "node:crypto";

import { decodeEmbedded } from "../../site_src/js/modules/embedded-file.js";

const text = Buffer.from("import numpy as np\n".repeat(5000) + "¿Qué pasa con ñ y €?\n", "utf8");

test("plain base64 decodes to the same bytes", async () => {
  const bytes = await decodeEmbedded({ data: text.toString("base64"), gzip: false });
  assert.ok(bytes instanceof ArrayBuffer);
  assert.deepEqual(Buffer.from(bytes), text);
});

test("gzip-compressed base64 is decompressed", async () => {
  const packed = gzipSync(text, { level: 9 });
  assert.ok(packed.length < text.length / 10);
  const bytes = await decodeEmbedded({ data: packed.toString("base64"), gzip: true });
  assert.deepEqual(Buffer.from(bytes), text);
});

test("binary data of several MB comes back whole, every byte value included", async () => {
  const binary = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(3_000_000)]);
  for (const gzip of [false, true]) {
    const data = (gzip ? gzipSync(binary) : binary).toString("base64");
    const bytes = await decodeEmbedded({ data, gzip });
    assert.equal(bytes.byteLength, binary.length);
    assert.ok(Buffer.from(bytes).equals(binary), `gzip: ${gzip}`);
  }
});

test("an empty file is empty", async () => {
  assert.equal((await decodeEmbedded({ data: "", gzip: false })).byteLength, 0);
  assert.equal((await decodeEmbedded({ data: gzipSync(Buffer.alloc(0)).toString("base64"), gzip: true })).byteLength, 0);
});

test("a damaged gzip stream is refused, not returned half-decoded", async () => {
  const packed = gzipSync(text);
  const cut = packed.subarray(0, packed.length - 20).toString("base64");
  await assert.rejects(decodeEmbedded({ data: cut, gzip: true }));
  const flipped = Buffer.from(packed);
  flipped[flipped.length - 6] ^= 0xff; // the CRC-32 / length trailer
  await assert.rejects(decodeEmbedded({ data: flipped.toString("base64"), gzip: true }));
});

test("the worker's own fetch is used when given (self.fetch is Pyodide's there)", async () => {
  const asked = [];
  const fetchData = (url) => { asked.push(url); return fetch(url); };
  const bytes = await decodeEmbedded({ data: Buffer.from("abc").toString("base64"), gzip: false }, fetchData);
  assert.equal(Buffer.from(bytes).toString(), "abc");
  assert.deepEqual(asked, ["data:application/octet-stream;base64,YWJj"]);
});
