// modules/stored-zip-entries.js: the stored members of a zip as views of its bytes; anything it
// cannot read plainly (compressed, ZIP64, damaged) is left out, never guessed.
import test from "node:test";
import assert from "node:assert/strict";
import { deflateRawSync } from "node:zlib";
import { randomBytes } from "node:crypto";

import { storedZipEntries } from "../../site_src/js/modules/stored-zip-entries.js";

/* A zip written by hand, byte by byte as APPNOTE.TXT lays it out. Each member:
 * {name, data, deflate?, localExtra?, centralExtra?, descriptor?}; `comment` ends the file. */
function makeZip(members, comment = "") {
  const parts = [];
  const central = [];
  let offset = 0;
  for (const member of members) {
    const name = Buffer.from(member.name, "utf8");
    const stored = member.deflate ? deflateRawSync(member.data) : member.data;
    const localExtra = member.localExtra || Buffer.alloc(0);
    const centralExtra = member.centralExtra || Buffer.alloc(0);
    const flags = (member.descriptor ? 0x08 : 0) | 0x800;
    const method = member.deflate ? 8 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    // With a data descriptor the local sizes are 0; the directory has the real ones.
    local.writeUInt32LE(member.descriptor ? 0 : stored.length, 18);
    local.writeUInt32LE(member.descriptor ? 0 : member.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(localExtra.length, 28);
    const descriptor = member.descriptor ? Buffer.alloc(16) : Buffer.alloc(0);
    if (member.descriptor) {
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(stored.length, 8);
      descriptor.writeUInt32LE(member.data.length, 12);
    }
    parts.push(local, name, localExtra, stored, descriptor);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(flags, 8);
    entry.writeUInt16LE(method, 10);
    entry.writeUInt32LE(stored.length, 20);
    entry.writeUInt32LE(member.data.length, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt16LE(centralExtra.length, 30);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, name, centralExtra);
    offset += local.length + name.length + localExtra.length + stored.length + descriptor.length;
  }
  const directory = Buffer.concat(central);
  const commentBytes = Buffer.from(comment, "utf8");
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(commentBytes.length, 20);
  return Buffer.concat([...parts, directory, end, commentBytes]);
}

const so = randomBytes(70_000);
const text = Buffer.from("def f():\n    return 1\n".repeat(200));

function asArrayBuffer(buffer) {
  return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.length);
}

test("stored members come back as views of the zip's own bytes, in directory order", () => {
  const zip = asArrayBuffer(makeZip([
    { name: "numpy/__init__.py", data: text },
    { name: "numpy/_core/_umath.cpython-312-wasm32-emscripten.so", data: so },
    { name: "numpy-2.0.2.dist-info/RECORD", data: Buffer.from("x") },
  ]));
  const entries = storedZipEntries(zip);
  assert.deepEqual(entries.map((entry) => entry.name),
    ["numpy/__init__.py", "numpy/_core/_umath.cpython-312-wasm32-emscripten.so", "numpy-2.0.2.dist-info/RECORD"]);
  assert.ok(Buffer.from(entries[1].bytes).equals(so));
  assert.equal(entries[1].bytes.buffer, zip, "a view, not a copy");
  assert.equal(Buffer.from(entries[2].bytes).toString(), "x");
});

test("the filter picks members by name", () => {
  const zip = makeZip([{ name: "a.py", data: text }, { name: "b/c.so", data: so }, { name: "d.so.txt", data: text }]);
  const entries = storedZipEntries(zip, (name) => name.endsWith(".so"));
  assert.deepEqual(entries.map((entry) => entry.name), ["b/c.so"]);
  assert.ok(Buffer.from(entries[0].bytes).equals(so));
});

test("compressed members are left out; the stored ones around them still come back", () => {
  const zip = makeZip([
    { name: "one.so", data: so },
    { name: "packed.so", data: so, deflate: true },
    { name: "two.so", data: text },
  ]);
  const entries = storedZipEntries(zip);
  assert.deepEqual(entries.map((entry) => entry.name), ["one.so", "two.so"]);
  assert.ok(Buffer.from(entries[1].bytes).equals(text));
});

test("local extra fields, data descriptors and a zip comment do not shift the bytes", () => {
  const zip = makeZip([
    { name: "first.so", data: text, localExtra: Buffer.alloc(28, 7), centralExtra: Buffer.alloc(4, 1) },
    { name: "second.so", data: so, descriptor: true },
    { name: "third.so", data: Buffer.from("PK\x05\x06 inside a member") },
  ], "a comment with PK\x05\x06 in it");
  const entries = storedZipEntries(zip);
  assert.deepEqual(entries.map((entry) => entry.name), ["first.so", "second.so", "third.so"]);
  assert.ok(Buffer.from(entries[0].bytes).equals(text));
  assert.ok(Buffer.from(entries[1].bytes).equals(so));
  assert.equal(Buffer.from(entries[2].bytes).toString(), "PK\x05\x06 inside a member");
});

test("a Uint8Array at an offset of a larger buffer is read within its own bounds", () => {
  const zip = makeZip([{ name: "lib.so", data: so }]);
  const larger = Buffer.concat([Buffer.alloc(13, 0xee), zip, Buffer.alloc(5, 0xee)]);
  const view = new Uint8Array(larger.buffer, larger.byteOffset + 13, zip.length);
  const [entry] = storedZipEntries(view);
  assert.ok(Buffer.from(entry.bytes).equals(so));
});

test("what is not a readable zip gives nothing, and never throws", () => {
  const zip = makeZip([{ name: "a.so", data: so }, { name: "b.so", data: text }]);
  assert.deepEqual(storedZipEntries(new ArrayBuffer(0)), []);
  assert.deepEqual(storedZipEntries(randomBytes(5000)), []);
  assert.deepEqual(storedZipEntries(zip.subarray(0, zip.length - 30)), [], "cut short: no end record");
  const zip64 = Buffer.from(zip);
  zip64.writeUInt32LE(0xffffffff, zip64.length - 6); // directory offset: ZIP64's marker
  assert.deepEqual(storedZipEntries(zip64), []);
  const moved = Buffer.from(zip);
  const directory = moved.readUInt32LE(moved.length - 6);
  moved.writeUInt32LE(123456, directory + 42); // the first member's local header: not there
  assert.deepEqual(storedZipEntries(moved).map((entry) => entry.name), ["b.so"]);
  const lying = Buffer.from(zip);
  lying.writeUInt32LE(10_000_000, directory + 20); // sizes past the end of the data
  lying.writeUInt32LE(10_000_000, directory + 24);
  assert.deepEqual(storedZipEntries(lying).map((entry) => entry.name), ["b.so"]);
});
