/* Start Pyodide from the memory snapshot made at build time (site_src/snapshot/), or say why not.
 *
 * The build boots the site's Python in headless Chromium (numpy, matplotlib and the lesson's
 * modules imported, matplotlib warmed up) and saves what a new worker needs to be that Python:
 *   - Pyodide's own memory snapshot (the linear memory, its trailing zeros cut off);
 *   - the in-memory files (the unpacked packages live outside the linear memory);
 *   - where each extension module (.so) sat: its memory and function-table bases, in load order;
 *   - the loader's tables (libraries by name, dlopen handles) and the open file descriptors.
 * Pyodide 0.27 only restores the memory. Just before it does, this file re-creates the rest:
 * files, then every .so instantiated again at its recorded bases, then the loader's tables.
 *
 * The snapshot fits only the engine it was made in (the function table's layout differs between
 * engines), so it is used only where the manifest's engine fingerprint matches and the function
 * table has the recorded length, both checked before anything is restored. Any mismatch throws
 * SnapshotRefused before the memory is touched: the caller then boots the normal way.
 *
 * Layout of the (gzip-compressed) snapshot file: "LSS1", u32 header length, the JSON header,
 * zero padding to 8 bytes, then the blobs the header points at (offsets from the blob start).
 */
"use strict";

const SNAPSHOT_MAGIC = "LSS1";

class SnapshotRefused extends Error {
  constructor(reason) {
    super(reason);
    this.name = "SnapshotRefused";
  }
}

/** What must match between the engine that made the snapshot and this one. */
function snapshotEngineFingerprint() {
  const brands = self.navigator && navigator.userAgentData ? navigator.userAgentData.brands : [];
  return {
    chromium: brands.some(({ brand }) => brand === "Chromium"),
    stackSwitching: typeof WebAssembly === "object" && typeof WebAssembly.Suspending === "function",
    typeReflection: typeof WebAssembly === "object" && typeof WebAssembly.Function === "function",
    gunzip: typeof DecompressionStream === "function",
  };
}

/** Why this engine cannot use the snapshot described by manifest, or "" if it can. */
function snapshotMismatch(manifest) {
  if (!manifest) return "no snapshot in this build";
  const here = snapshotEngineFingerprint();
  for (const [key, value] of Object.entries(manifest.engine)) {
    if (here[key] !== value) return `engine differs (${key}: ${here[key]}, snapshot: ${value})`;
  }
  return "";
}

/** Download, check (sha256, hex), gunzip and parse the snapshot file: {header, blobs}. */
async function fetchSnapshot(url, sha256) {
  const name = url.split("/").pop();
  const response = await fetch(url);
  if (!response.ok) throw new SnapshotRefused(`${name}: HTTP ${response.status}`);
  const compressed = await response.arrayBuffer();
  if (sha256) {
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", compressed));
    const actual = Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
    if (actual !== sha256) throw new SnapshotRefused(`${name}: sha256 does not match the build's`);
  }
  const stream = new Blob([compressed]).stream().pipeThrough(new DecompressionStream("gzip"));
  return parseSnapshot(new Uint8Array(await new Response(stream).arrayBuffer()));
}

function parseSnapshot(bytes) {
  if (new TextDecoder().decode(bytes.subarray(0, 4)) !== SNAPSHOT_MAGIC) {
    throw new SnapshotRefused("not a snapshot file");
  }
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset + 4, 4).getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  const blobStart = Math.ceil((8 + headerLength) / 8) * 8;
  return { header, blobs: bytes.subarray(blobStart) };
}

/** Pyodide's memory snapshot without its trailing zeros: the hook below sizes the memory. */
function pyodideMemorySnapshot({ header, blobs }) {
  const { offset, stored } = header.memory;
  return blobs.subarray(offset, offset + stored);
}

/**
 * Arrange for the next _createPyodideModule (Pyodide's pyodide.asm.js, already loaded) to finish
 * the restore just before Pyodide copies the memory back. snapshot: the parsed snapshot or a
 * promise of it. Returns a function that takes the hook away (if it was not used).
 */
function hookSnapshotRestore(snapshot, mark = () => {}) {
  const create = self._createPyodideModule;
  if (typeof create !== "function") throw new Error("pyodide.asm.js must be loaded first");
  self._createPyodideModule = async (settings) => {
    self._createPyodideModule = create;
    const restored = await snapshot;
    // Pyodide sizes the memory by the snapshot's length; the zeros above are not in the file
    // (the memory above the new module's own few megabytes starts zeroed).
    settings.INITIAL_MEMORY = restored.header.memory.length;
    let tableAtStart = -1;
    settings.preRun = [...(settings.preRun || []), (Module) => { tableAtStart = Module.wasmTable.length; }];
    const Module = await create(settings);
    mark("snapshot-runtime");
    if (tableAtStart !== restored.header.table.atStart) {
      throw new SnapshotRefused(`function table has ${tableAtStart} slots at start, snapshot expects ${restored.header.table.atStart}`);
    }
    await restoreOutsideMemory(Module, restored);
    mark("snapshot-libraries");
    return Module;
  };
  return () => {
    self._createPyodideModule = create;
  };
}

async function restoreOutsideMemory(Module, { header, blobs }) {
  const table = Module.wasmTable;
  restoreFiles(Module.FS, header.files, blobs);
  await restoreLibraries(Module, header.libraries);
  if (table.length > header.table.length) {
    throw new SnapshotRefused(`function table grew to ${table.length}, snapshot had ${header.table.length}`);
  }
  table.grow(header.table.length - table.length);
  for (const { index, library, symbol } of header.table.lateEntries) {
    const dso = Module.LDSO.loadedLibsByName[library];
    const entry = dso && dso.exports[symbol];
    if (typeof entry !== "function") throw new SnapshotRefused(`table slot ${index}: ${library} has no ${symbol}`);
    Module.setWasmTableEntry(index, entry);
    Module.updateTableMap(index, 1);
  }
  reopenFiles(Module.FS, header.openFiles);
}

function restoreFiles(FS, files, blobs) {
  for (const { path, mode } of files.directories) {
    try { FS.mkdirTree(path, mode); } catch (error) { /* exists */ }
  }
  for (const { path, mode, offset, size } of files.regular) {
    FS.writeFile(path, blobs.subarray(offset, offset + size), { canOwn: false });
    FS.chmod(path, mode);
  }
  for (const { path, target } of files.links) {
    try { FS.unlink(path); } catch (error) { /* absent */ }
    FS.symlink(target, path);
  }
}

/* Each .so again at its recorded bases, in load order. loadWebAssemblyModule takes the bases
 * from a dlopen handle whose "already loaded" flag is set: a scratch one at the memory's end
 * serves (the memory is overwritten by the snapshot right after). Before each library the
 * function table is grown to where it was, so the slots handed out while loading it (its
 * symbols' GOT entries) are the same ones again. */
async function restoreLibraries(Module, libraries) {
  const { LDSO, FS, wasmTable: table } = Module;
  const scratch = Module.HEAPU8.length - 64;
  const files = {
    findObject: (name, dontResolveLastLink) => FS.findObject(libraries.paths[name] || name, dontResolveLastLink),
    readFile: (name, options) => FS.readFile(libraries.paths[name] || name, options),
  };
  for (const library of libraries.loaded) {
    if (table.length > library.tableBase) {
      throw new SnapshotRefused(`${library.name}: function table at ${table.length}, expected ${library.tableBase}`);
    }
    table.grow(library.tableBase - table.length);
    Module.HEAPU8.fill(0, scratch, scratch + 40);
    Module.HEAPU8[scratch + 8] = 1;
    Module.HEAPU32[(scratch + 12) >>> 2] = library.memoryBase;
    Module.HEAPU32[(scratch + 20) >>> 2] = library.tableBase;
    const flags = { loadAsync: true, nodelete: true, allowUndefined: true, global: library.global, fs: files };
    await Module.loadDynamicLibrary(library.name, flags, library.global ? null : {}, scratch);
    delete LDSO.loadedLibsByHandle[scratch];
  }
  for (const [key, name] of Object.entries(libraries.byName)) {
    LDSO.loadedLibsByName[key] = LDSO.loadedLibsByName[name];
  }
  for (const [handle, name] of Object.entries(libraries.byHandle)) {
    LDSO.loadedLibsByHandle[handle] = LDSO.loadedLibsByName[name];
  }
}

/* Files Python held open (matplotlib keeps its font open), at the same descriptor and position. */
function reopenFiles(FS, openFiles) {
  const CREATE_OR_TRUNCATE = 64 | 128 | 512; // O_CREAT | O_EXCL | O_TRUNC
  for (const { fd, path, flags, position } of openFiles) {
    if (FS.streams[fd]) throw new SnapshotRefused(`descriptor ${fd} is already open`);
    const stream = FS.open(path, flags & ~CREATE_OR_TRUNCATE);
    FS.streams[stream.fd] = null;
    stream.fd = fd;
    FS.streams[fd] = stream;
    stream.position = position;
  }
}

/** After loadPyodide: what Pyodide's own snapshot does not carry back. */
function finishSnapshotRestore(pyodide, { header }) {
  Object.assign(pyodide.loadedPackages, header.loadedPackages);
  // loadPyodide inserts "" in sys.path once more after a restore.
  pyodide.runPython(`import sys
while sys.path.count("") > 1:
    sys.path.remove("")`);
}

/**
 * The worker's entry point: Pyodide restored from the snapshot, or null when the snapshot does
 * not fit here (opened from disk, no snapshot in this build, another engine, a refused check):
 * the caller then boots the normal way. wasmFailure(): a promise that rejects if the wasm fails
 * to load (Pyodide itself would wait forever). mark(stage): notes when each step ended.
 * SNAPSHOT ({file, sha256, engine} or null) is written above this file by the build
 * (site_src/memory_snapshot.py).
 */
async function startFromSnapshot(root, files, wasmFailure, mark = () => {}) {
  const mismatch = files ? "opened from disk" : snapshotMismatch(typeof SNAPSHOT === "undefined" ? null : SNAPSHOT);
  if (mismatch) return null;
  let unhook = () => {};
  try {
    // Everything downloads at once: the snapshot here, Pyodide's own files in loadPyodide.
    const snapshot = fetchSnapshot(root + SNAPSHOT.file, SNAPSHOT.sha256).then((parsed) => {
      mark("snapshot-fetched");
      const headerMismatch = snapshotMismatch(parsed.header);
      if (headerMismatch) throw new SnapshotRefused(headerMismatch);
      return parsed;
    });
    snapshot.catch(() => {}); // reported by loadPyodide, which waits for it
    if (typeof _createPyodideModule !== "function") {
      importScripts(root + "pyodide/pyodide.js", root + "pyodide/pyodide.asm.js");
    }
    unhook = hookSnapshotRestore(snapshot, mark);
    const loading = loadPyodide({ indexURL: root + "pyodide/", _loadSnapshot: snapshot.then(pyodideMemorySnapshot) });
    const pyodide = await Promise.race([loading, wasmFailure()]);
    finishSnapshotRestore(pyodide, await snapshot);
    return pyodide;
  } catch (error) {
    // Refused before the memory was touched, or failed after: either way a new Pyodide
    // instance boots the normal way (this one is dropped).
    unhook();
    console.warn(`Memory snapshot not used: ${error && error.message || error}`);
    return null;
  }
}
