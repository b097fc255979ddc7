/* Build step, in a headless Chromium worker (driven by make_snapshot.py): boot the site's Python
 * as its worker does, warm matplotlib up, and save a snapshot that site_src/js/snapshot-restore.js
 * can bring back. The snapshot is PUT to upload_url; the message posted back is a summary.
 *
 * Message in: {root, modulesURL, uploadURL, widgets: [{name, values}]}.
 */
"use strict";

const PACKAGES = PYODIDE_PACKAGES; // inlined by make_snapshot.py from site_src/runtime/packages.json
const MODULE_DIR = "/home/pyodide/leccion";
const SKIPPED_PATHS = ["/dev", "/proc", "/lib/python312.zip"]; // made by Pyodide's own start

self.onmessage = async ({ data }) => {
  try {
    self.postMessage({ ok: true, summary: await makeSnapshot(data) });
  } catch (error) {
    self.postMessage({ ok: false, error: String(error && error.stack || error) });
  }
};

async function makeSnapshot({ root, uploadURL, widgets }) {
  const sideModules = recordSideModuleInstantiations();
  importScripts(root + "pyodide/pyodide.js", root + "pyodide/pyodide.asm.js");
  const tableAtStart = recordTableLengthAtStart();
  // As the site's worker does (LESSON_PATH there): the lesson's modules on PYTHONPATH.
  const pyodide = await loadPyodide({
    indexURL: root + "pyodide/", _makeSnapshot: true,
    env: { PYTHONPATH: MODULE_DIR }, fsInit: (FS) => FS.mkdirTree(MODULE_DIR),
  });
  const errors = [];
  await pyodide.loadPackage(PACKAGES, { messageCallback: () => {}, errorCallback: (text) => errors.push(text) });
  if (errors.length) throw new Error(errors.join(" "));
  const tableAfterPackages = pyodide._module.wasmTable.length;
  const modules = await (await fetch(root + "py/modules.json")).json();
  for (const [name, source] of Object.entries(modules)) {
    pyodide.FS.writeFile(`${MODULE_DIR}/${name}`, source);
  }
  pyodide.runPython(`import logging
logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)`);
  const widgetRender = pyodide.pyimport("widget_render");
  widgetRender.warm_up();
  const rendered = [];
  for (const { name, values } of widgets) {
    const pyValues = pyodide.toPy(values);
    const result = widgetRender.render(name, pyValues);
    rendered.push(result.get("svg"));
    result.destroy();
    pyValues.destroy();
  }
  widgetRender.destroy();
  // The renders' live figures go (a page's first render then builds its own, as after a normal
  // boot); what they warmed up stays.
  pyodide.runPython(`import gc, live_figure
for key in list(live_figure.LIVE):
    live_figure.forget(*key)
gc.collect()`);

  const Module = pyodide._module;
  const header = {
    engine: snapshotEngineFingerprint(),
    table: { atStart: await tableAtStart },
    libraries: describeLibraries(Module, sideModules),
    openFiles: openFiles(Module.FS),
    loadedPackages: { ...pyodide.loadedPackages },
  };
  header.table.length = Module.wasmTable.length;
  header.table.afterPackages = tableAfterPackages;
  const late = lateTableEntries(Module, tableAfterPackages);
  header.table.lateEntries = late.entries;
  header.table.unknown = late.unknown;
  const files = collectFiles(Module.FS, new Set(pyodide.runPython(IMPORTED_MODULE_FILES).toJs()));
  header.files = files.index;

  // Pyodide's snapshot accepts only the JS objects it knows at fixed places; its list of loaded
  // packages must look as it did at start (the restore puts the list back).
  for (const key of Object.keys(pyodide.loadedPackages)) delete pyodide.loadedPackages[key];
  const freed = zeroFreeMemory(Module);
  const memory = pyodide.makeMemorySnapshot();
  let stored = memory.length;
  while (stored > 0 && memory[stored - 1] === 0) stored--;
  header.memory = { offset: 0, stored, length: memory.length };
  files.shift(stored);
  const bytes = encodeSnapshot(header, [memory.subarray(0, stored), ...files.blobs]);
  // Sent compressed (the browser's driver would copy a large request body); the build
  // compresses it again, harder.
  const body = new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"));
  const response = await fetch(uploadURL, { method: "PUT", body: await new Response(body).blob() });
  if (!response.ok) throw new Error(`upload: HTTP ${response.status}`);
  return {
    rendered,
    header,
    sizes: { memory: memory.length, memoryStored: stored, heapInUse: freed.inUse, files: files.size, raw: bytes.length },
    freed,
  };
}

/* Files of modules already imported (their code is in the memory): the snapshot need not carry
 * them. Everything else stays, for imports that come later and for data files. */
const IMPORTED_MODULE_FILES = `import sys
[m.__spec__.origin for m in list(sys.modules.values())
 if getattr(m, "__spec__", None) and m.__spec__.has_location and m.__spec__.origin
 and m.__spec__.origin.endswith((".py", ".pyc")) and "/site-packages/" in m.__spec__.origin]`;

/* The bases each extension module got: read from the imports its instance is given. */
function recordSideModuleInstantiations() {
  const records = [];
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = function (source, imports) {
    const pending = instantiate.apply(this, arguments);
    if (!imports || !imports["GOT.mem"] || !imports.env) return pending;
    const record = { memoryBase: imports.env.__memory_base, tableBase: imports.env.__table_base };
    records.push(record);
    return pending.then((result) => {
      record.exports = result.instance.exports;
      return result;
    });
  };
  const Instance = WebAssembly.Instance;
  WebAssembly.Instance = function (module, imports) {
    if (imports && imports["GOT.mem"]) throw new Error("an extension module was loaded synchronously: not recorded");
    return new Instance(module, imports);
  };
  return records;
}

/* The function table's length when the runtime's files are set up (preRun), before Python
 * runs: a restore checks it at the same moment, before restoring anything. */
function recordTableLengthAtStart() {
  const create = self._createPyodideModule;
  return new Promise((resolve) => {
    self._createPyodideModule = (settings) => {
      self._createPyodideModule = create;
      settings.preRun = [...(settings.preRun || []), (Module) => resolve(Module.wasmTable.length)];
      return create(settings);
    };
  });
}

function describeLibraries(Module, sideModules) {
  const { LDSO, FS } = Module;
  const dsos = [...new Set(Object.values(LDSO.loadedLibsByName))].filter((dso) => dso.name !== "__main__");
  const nameOf = new Map();
  const loaded = sideModules.map((record) => {
    const exported = Object.values(record.exports).find((value) => typeof value === "function");
    const dso = dsos.find((candidate) => Object.values(candidate.exports).includes(exported));
    if (!dso) throw new Error(`an instantiated extension module (memory base ${record.memoryBase}) is not in the loader's table`);
    nameOf.set(dso, dso.name);
    return { name: dso.name, global: dso.global, memoryBase: record.memoryBase, tableBase: record.tableBase };
  });
  if (loaded.length !== dsos.length) throw new Error(`${dsos.length} libraries loaded, ${loaded.length} instantiations seen`);
  const paths = {};
  for (const { name } of loaded) {
    paths[name] = name.startsWith("/") ? name : findFile(FS, "/lib/python3.12/site-packages", name);
  }
  const byName = {};
  for (const [key, dso] of Object.entries(LDSO.loadedLibsByName)) {
    if (nameOf.has(dso) && key !== dso.name) byName[key] = dso.name;
  }
  const byHandle = {};
  for (const [handle, dso] of Object.entries(LDSO.loadedLibsByHandle)) {
    if (nameOf.has(dso)) byHandle[handle] = dso.name;
  }
  return { loaded, paths, byName, byHandle };
}

function findFile(FS, dir, name) {
  for (const entry of FS.readdir(dir)) {
    if (entry === "." || entry === "..") continue;
    const path = `${dir}/${entry}`;
    const stat = FS.lstat(path);
    if (FS.isDir(stat.mode)) {
      const found = findFile(FS, path, name);
      if (found) return found;
    } else if (entry === name) {
      return path;
    }
  }
  return null;
}

/* Slots added after every library was loaded: functions Python asked the loader for (dlsym). */
function lateTableEntries(Module, start) {
  const table = Module.wasmTable;
  const dsos = Object.values(Module.LDSO.loadedLibsByName).filter((dso) => dso.name !== "__main__");
  const entries = [];
  const unknown = [];
  for (let index = start; index < table.length; index++) {
    const entry = table.get(index);
    if (!entry) continue;
    const dso = dsos.find((candidate) => Object.values(candidate.exports).includes(entry));
    if (!dso) { unknown.push(index); continue; }
    const symbol = Object.keys(dso.exports).find((key) => dso.exports[key] === entry);
    entries.push({ index, library: dso.name, symbol });
  }
  return { entries, unknown };
}

function openFiles(FS) {
  const open = [];
  FS.streams.forEach((stream, fd) => {
    if (!stream || fd <= 2) return;
    open.push({ fd, path: stream.path, flags: stream.flags, position: stream.position });
  });
  return open;
}

/* Every directory, file and link of the in-memory file system that Pyodide's start does not make. */
function collectFiles(FS, skipped) {
  const index = { directories: [], regular: [], links: [] };
  const blobs = [];
  let size = 0;
  const walk = (dir) => {
    for (const entry of FS.readdir(dir)) {
      if (entry === "." || entry === "..") continue;
      const path = dir === "/" ? `/${entry}` : `${dir}/${entry}`;
      if (SKIPPED_PATHS.includes(path) || skipped.has(path)) continue;
      const stat = FS.lstat(path);
      if (FS.isLink(stat.mode)) {
        index.links.push({ path, target: FS.readlink(path) });
      } else if (FS.isDir(stat.mode)) {
        index.directories.push({ path, mode: stat.mode & 0o7777 });
        walk(path);
      } else if (FS.isFile(stat.mode)) {
        const data = FS.readFile(path);
        index.regular.push({ path, mode: stat.mode & 0o7777, offset: size, size: data.length });
        blobs.push(data);
        size += data.length;
      }
    }
  };
  walk("/");
  return {
    index, blobs, size,
    shift(by) { for (const file of index.regular) file.offset += by; },
  };
}

/* Free heap chunks still hold old data (temporaries of the imports): zero them so the snapshot
 * compresses. Take every free chunk below the heap's end with malloc (largest first), zero it,
 * then free them all. A request no free chunk can serve grows the heap: that new memory is zero
 * already, and the file does not store trailing zeros. */
function zeroFreeMemory(Module) {
  const malloc = Module._emscripten_builtin_malloc; // the same dlmalloc as malloc (not exported)
  const free = Module._emscripten_builtin_free || Module._free;
  const limit = Module._sbrk(0) >>> 0;
  const stats = mallocStats(Module, malloc, free);
  const blocks = [];
  let total = 0;
  // Larger free chunks are taken in 1 MB pieces; a request served from new memory is given
  // back at once, so the heap grows by 1 MB at most.
  for (let size = 1 << 20; size >= 16; size >>= 1) {
    for (;;) {
      const pointer = malloc(size) >>> 0;
      if (!pointer) break;
      if (pointer + size > limit) {
        free(pointer);
        break;
      }
      blocks.push(pointer);
      Module.HEAPU8.fill(0, pointer, pointer + size);
      total += size;
    }
  }
  for (const pointer of blocks) free(pointer);
  return { blocks: blocks.length, bytes: total, inUse: stats.inUse, limit, grown: Module._sbrk(0) >>> 0 };
}

/* dlmalloc's mallinfo: bytes in use and free below the heap's end. */
function mallocStats(Module, malloc, free) {
  const pointer = malloc(64) >>> 0;
  Module._mallinfo(pointer);
  const fields = Module.HEAPU32.subarray(pointer >>> 2, (pointer >>> 2) + 10);
  const stats = { inUse: fields[7], free: fields[8] };
  free(pointer);
  return stats;
}

function encodeSnapshot(header, blobs) {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const blobStart = Math.ceil((8 + json.length) / 8) * 8;
  const total = blobStart + blobs.reduce((sum, blob) => sum + blob.length, 0);
  const bytes = new Uint8Array(total);
  bytes.set(new TextEncoder().encode(SNAPSHOT_MAGIC), 0);
  new DataView(bytes.buffer).setUint32(4, json.length, true);
  bytes.set(json, 8);
  let offset = blobStart;
  for (const blob of blobs) {
    bytes.set(blob, offset);
    offset += blob.length;
  }
  return bytes;
}
