// modules/stored-zip-entries.js: the stored members of a zip as views of its bytes; anything it
// cannot read plainly (compressed, ZIP64, damaged) is left out, never guessed.
import test from "node:test";
import assert from "node:assert/strict";
import { deflateRawSync } from "node:zlib";
import { randomBytes } from "node:crypto";

import { allStoredZipEntries, storedZipEntries } from "../../site_src/js/modules/stored-zip-entries.js";
import { WheelFiles } from "../../site_src/js/modules/wheel-files.js";

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

test("all members, folders included, only when every one is stored and readable", () => {
  const members = [
    { name: "six.py", data: text },
    { name: "six-1.16.0.dist-info/", data: Buffer.alloc(0) },
    { name: "six-1.16.0.dist-info/RECORD", data: Buffer.from("x") },
  ];
  const all = allStoredZipEntries(makeZip(members));
  assert.deepEqual(all.map((entry) => entry.name), members.map((member) => member.name));
  assert.ok(Buffer.from(all[0].bytes).equals(text));
  assert.equal(all[1].bytes.length, 0);
  assert.equal(allStoredZipEntries(makeZip([...members, { name: "packed.py", data: text, deflate: true }])), null);
  const zip = makeZip(members);
  const directory = zip.readUInt32LE(zip.length - 6);
  const moved = Buffer.from(zip);
  moved.writeUInt32LE(123456, directory + 42);
  assert.equal(allStoredZipEntries(moved), null, "a member not where the directory says");
  const short = Buffer.from(zip);
  short.writeUInt16LE(4, short.length - 12); // the end record announces a member more
  assert.equal(allStoredZipEntries(short), null, "fewer members than announced");
  assert.equal(allStoredZipEntries(randomBytes(3000)), null);
});

/* A file system with only what WheelFiles uses, recording every call. */
function fakeFS() {
  const calls = [];
  return {
    calls,
    files: new Map(),
    mkdirTree(path) { calls.push(["mkdirTree", path]); },
    writeFile(path, bytes, options) { calls.push(["writeFile", path, options]); this.files.set(path, bytes); },
  };
}

test("a wheel's members are written under the target, each folder made once, as views", () => {
  const FS = fakeFS();
  const zip = asArrayBuffer(makeZip([
    { name: "pkg/__init__.py", data: text },
    { name: "pkg/_core/lib.so", data: so },
    { name: "pkg/_core/more.py", data: Buffer.from("y = 2") },
    { name: "pkg-1.0.dist-info/", data: Buffer.alloc(0) },
    { name: "pkg-1.0.dist-info/METADATA", data: Buffer.from("Name: pkg") },
  ]));
  const files = new WheelFiles(FS);
  assert.deepEqual(files.names(zip), ["pkg/__init__.py", "pkg/_core/lib.so", "pkg/_core/more.py",
    "pkg-1.0.dist-info/", "pkg-1.0.dist-info/METADATA"]);
  files.write(zip, "/lib/site");
  assert.deepEqual(FS.calls.filter(([call]) => call === "mkdirTree").map(([, path]) => path),
    ["/lib/site/pkg", "/lib/site/pkg/_core", "/lib/site/pkg-1.0.dist-info"]);
  assert.deepEqual([...FS.files.keys()], ["/lib/site/pkg/__init__.py", "/lib/site/pkg/_core/lib.so",
    "/lib/site/pkg/_core/more.py", "/lib/site/pkg-1.0.dist-info/METADATA"]);
  assert.ok(Buffer.from(FS.files.get("/lib/site/pkg/_core/lib.so")).equals(so));
  assert.equal(FS.files.get("/lib/site/pkg/_core/lib.so").buffer, zip, "the download's bytes, not a copy");
  assert.ok(FS.calls.filter(([call]) => call === "writeFile").every(([, , options]) => options.canOwn));
  files.leftToPyodide();
  assert.deepEqual(files.counts(), { unpacked_here: 1, unpacked_by_pyodide: 1 });
});

test("a wheel with a compressed member is not listed, and writing it is refused", () => {
  const files = new WheelFiles(fakeFS());
  const zip = makeZip([{ name: "a.py", data: text }, { name: "b.py", data: text, deflate: true }]);
  assert.equal(files.names(zip), null);
  assert.throws(() => files.write(zip, "/lib/site"), /stored members/);
  assert.deepEqual(files.counts(), { unpacked_here: 0, unpacked_by_pyodide: 0 });
});
