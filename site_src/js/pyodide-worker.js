/* The page's one Python: Pyodide + numpy + matplotlib + the lesson's py/ modules, in a Web Worker.
 *
 * It speaks the protocol declared in site_src/protocol/protocol.json (messages.js): init, render,
 * prepare and run requests in, progress, ready, failed, result, error, run_result and run_error out.
 * Errors travel as {name, message, fatal}.
 *
 * Bundled by esbuild (site_src/js_bundle.py) into a classic worker script with what it imports:
 * RUNTIME_FILES (written by the build, site_src/runtime_manifest.py: the sha256, size and gzip
 * copy of every file this worker loads) and js-sha256, for contexts without crypto.subtle such
 * as a plain-http classroom server.
 *
 * Boot stages: download every start-up file (the core's first, then the packages' stages;
 * retried, bounded) -> verify each against its sha256 -> start the core -> load the packages
 * stage by stage, importing each stage's modules while the next downloads -> import the py/
 * modules. The files marked
 * on_demand (the rest of the stdlib and packages) are fetched only when a reader's code imports a
 * module they hold (see "the rest of the runtime" below).
 */
import { sha256 } from "js-sha256";
import { decodeEmbedded } from "./modules/embedded-file.js";
import { PrecompiledWasm } from "./modules/precompiled-wasm.js";
import {
  BootError, contentType, downloadFiles, fileName, notThisBuild, startFiles, verifiedDigest,
} from "./modules/runtime-download.js";
import { storedZipEntries } from "./modules/stored-zip-entries.js";
import { WheelFiles } from "./modules/wheel-files.js";
import { isDeclaredMessage, protocolError, protocolMessage } from "../protocol/messages.js";
import PACKAGES_FILE from "../runtime/packages.json" with { type: "json" };
import RUNTIME_FILES from "generated/runtime-files.json" with { type: "json" };

// The packages in the order they are downloaded and loaded: site_src/runtime/packages.json.
const PACKAGE_STAGES = PACKAGES_FILE.stages;
const MODULE_DIR = "/home/pyodide/leccion";
// The lesson's modules are on Python's path from its start (as PYTHONPATH is for CPython).
const LESSON_PATH = { env: { PYTHONPATH: MODULE_DIR }, fsInit: (FS) => FS.mkdirTree(MODULE_DIR) };
const MODULES_PATH = "py/modules.json";

// How downloads are bounded. The page may pass shorter values (init.limits, for tests); with
// these, a file that never answers is reported about 25 s after it was asked for.
const DEFAULT_LIMITS = {
  stall_ms: 7000, // no byte from any download for this long: the silent ones are retried
  attempts: 3, // tries per file
  backoff_ms: 500, // wait before the 2nd try; doubled before each next one
};
// This script's second role: the worker that downloads the runtime for the Python worker.
const DOWNLOADER_NAME = "lesson-runtime-downloads";

// The browser's fetch: answerFrom() replaces self.fetch for Pyodide, never for our downloads.
const networkFetch = self.fetch.bind(self);

let booting = null;
let pyodide = null;
let renderInPython = null;

self.onmessage = self.name === DOWNLOADER_NAME ? serveDownloads : (event) => {
  const message = event.data;
  if (!isDeclaredMessage("to_worker", message)) return;
  if (message.type === "init" && !booting) {
    booting = boot(message.root, message.files, { ...DEFAULT_LIMITS, ...(message.limits || {}) });
  } else if (message.type === "render") {
    lastRequestAt = performance.now();
    handleRender(message);
  } else if (message.type === "prepare") {
    handlePrepare(message);
  } else if (message.type === "run") {
    lastRequestAt = performance.now();
    handleRun(message);
  }
};

// Milliseconds since the worker started, per boot stage: read by the benchmark.
const timings = {};
function mark(stage) {
  timings[stage] = Math.round(performance.now());
}

function send(type, fields) {
  self.postMessage(protocolMessage("to_page", type, fields));
}

function progress(text, loaded = null, total = null) {
  send("progress", { text, loaded, total });
}

async function boot(root, embedded, limits) {
  try {
    // 1. Download (or, opened from disk, decode) every runtime file at once, each verified.
    const files = embedded ? fromEmbedded(root, embedded) : download(root, limits);
    mark("download-started");
    answerFrom(root, files);
    precompileSideModules(files);
    // 2. Start the core: Pyodide's two scripts run from their verified bytes.
    for (const path of ["pyodide/pyodide.js", "pyodide/pyodide.asm.js"]) {
      const { bytes } = await files.get(path);
      importScripts(URL.createObjectURL(new Blob([bytes], { type: "text/javascript" })));
    }
    // A file missing for good fails the boot at once, not when Pyodide asks for it.
    const failure = anyFailure(files);
    pyodide = await Promise.race([loadPyodide({ indexURL: root + "pyodide/", ...LESSON_PATH }), wasmFailure(), failure]);
    mark("core");
    // 3. The packages (their wheels are already downloading or here), stage by stage.
    progress("Cargando numpy y matplotlib…");
    unpackWheelsHere();
    installRemainderFinder(root, embedded);
    for (const [index, stage] of PACKAGE_STAGES.entries()) {
      await loadStage(stage, failure);
      mark(`stage-${index + 1}`);
    }
    mark("packages");
    // 4. The lesson's modules.
    progress("Preparando los módulos de la lección…");
    const { bytes } = await files.get(MODULES_PATH);
    const modules = JSON.parse(new TextDecoder().decode(bytes));
    for (const [name, source] of Object.entries(modules)) {
      pyodide.FS.writeFile(`${MODULE_DIR}/${name}`, source);
    }
    // The site ships only the fonts the figures use (see site_src/runtime_optimizer.py);
    // mathtext still asks for its STIX fallbacks once and would log a line for each.
    pyodide.runPython(`import logging
logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)`);
    // py/quick_imports.py: the same modules, minus work nothing needs before the first figure.
    quickImports = pyodide.pyimport("quick_imports");
    const widgetRender = quickImports.import_quickly("widget_render");
    renderInPython = widgetRender.render;
    prepareInPython = widgetRender;
    mark("imports");
    send("ready", { timings, side_modules: precompiled.counts(), wheels: wheelFiles.counts() });
    // The figures the page asked for while Python started; the warm-up draws the first of them,
    // one in the reader's view first (the reader's first move on it then finds it built).
    // Renders wait for this (same worker thread) only if they arrive within it (~0.3 s).
    const asked = earlyPrepares;
    earlyPrepares = null;
    asked.forEach(queuePrepare);
    widgetRender.warm_up();
    mark("warm");
    lastRequestAt = performance.now(); // a reader may be about to move a slider: give them time
    scheduleIdleWork();
  } catch (error) {
    // Our own failures are Spanish sentences; anything else (Pyodide's English internals) is
    // logged for developers and summed up for the reader.
    const ours = error instanceof BootError;
    if (!ours) console.info("Python boot failed:", error);
    const text = ours ? error.message : "Python no pudo arrancar en este navegador";
    send("failed", { error: protocolError(error && error.name, text, true), retryable: true });
  }
}

/* One stage of site_src/runtime/packages.json: its packages loaded, then what the lesson would
 * import from them anyway, imported now: Python works while the next stage's wheels download. */
async function loadStage({ packages, imports }, failure) {
  const errors = [];
  await Promise.race([failure, pyodide.loadPackage(packages, {
    messageCallback: () => {},
    errorCallback: (text) => errors.push(text),
  })]);
  if (errors.length) {
    console.info("loadPackage:", errors.join(" "));
    throw new BootError("no se pudieron cargar numpy y matplotlib");
  }
  for (const name of imports) pyodide.pyimport(name).destroy();
}

/* --- files: downloaded over http(s), or handed over by a page opened from disk ------------- */

/* Work for the worker's idle time, one small step per task, once no request has come for
 * QUIET_MS: a reader moving sliders keeps Python to themselves (in the bench, drawing ahead
 * while the first widget's moves came in right after ready made them wait: p95 406 ms instead
 * of 114), and a request that arrives during a step waits for that one step, not for all.
 * Time counts from the last request, or from ready.
 * First the figures the page asked to have drawn ahead (widget_render.prepare: the reader's
 * first move then finds them built and the code warm), then what quick_imports postponed
 * (artists' set() signatures and docstrings, only help() texts). */
let quickImports = null;
let prepareInPython = null;
let idleTimer = null;
let postponedImportsLeft = true;
const QUIET_MS = 1500;
// Before a figure of a widget in the reader's view (prepare "soon"): a reader who scrolled to
// it and reads is not moving sliders; one who pauses on a widget for this long may meet the
// drawing of the next one (~0.1-0.25 s, once per widget).
const SOON_QUIET_MS = 500;
let lastRequestAt = 0;
function quietMs() {
  let soon = false;
  try {
    soon = Boolean(prepareInPython && prepareInPython.next_soon());
  } catch (error) {
    console.info("widget_render.next_soon failed:", error);
  }
  return soon ? SOON_QUIET_MS : QUIET_MS;
}
/* (Re)arms the timer of the next idle step; `again`: a new request may have changed its time. */
function scheduleIdleWork(again = false) {
  if (!quickImports || (idleTimer !== null && !again)) return;
  clearTimeout(idleTimer);
  idleTimer = setTimeout(doIdleWork, Math.max(0, lastRequestAt + quietMs() - performance.now()));
}
function doIdleWork() {
  idleTimer = null;
  if (performance.now() < lastRequestAt + quietMs()) {
    scheduleIdleWork(); // a request came meanwhile
    return;
  }
  let left = 0;
  try {
    left = prepareInPython ? prepareInPython.prepare_next() : 0;
  } catch (error) {
    // The page's own render of that widget will tell the reader; drawing ahead stops here.
    console.info("widget_render.prepare_next failed:", error);
  }
  if (left === 0 && postponedImportsLeft) {
    try {
      postponedImportsLeft = quickImports.finish_one() > 0;
      if (!postponedImportsLeft) mark("postponed-done");
    } catch (error) {
      postponedImportsLeft = false;
      console.info("quick_imports.finish_one failed:", error); // only help() texts are at stake
    }
  }
  if (left > 0 || postponedImportsLeft) scheduleIdleWork();
}

/* The page asks for a widget's figure to be drawn ahead of the reader's first move; no answer.
 * Asked while Python starts, it is queued when Python is ready, before the warm-up. */
let earlyPrepares = [];
function handlePrepare(request) {
  if (earlyPrepares) {
    earlyPrepares.push(request);
    return;
  }
  queuePrepare(request);
  scheduleIdleWork(Boolean(request.soon)); // sooner, for a widget in view
}

function queuePrepare({ widget, values, layout, soon }) {
  if (!prepareInPython) return;
  let pyValues = null;
  try {
    pyValues = pyodide.toPy(values);
    prepareInPython.prepare(widget, pyValues, layout, Boolean(soon));
  } catch (error) {
    console.info("widget_render.prepare failed:", error); // e.g. an unknown widget: nothing to draw
  } finally {
    if (pyValues && pyValues.destroy) pyValues.destroy();
  }
}

/* A reader's edited code block (py/code_runner.py). Its exception is part of its output; only a
 * broken Python is an error. An endless loop never returns: the page terminates this worker. */
let runInPython = null;
async function handleRun({ id, block, code, original }) {
  await booting;
  if (!pyodide) {
    send("run_error", { id, block, error: protocolError("RuntimeError", "Python no está disponible", true) });
    return;
  }
  let pyOutput = null;
  try {
    if (!runInPython) runInPython = pyodide.pyimport("code_runner").run;
    quickImports?.finish_all(); // the reader's code sees matplotlib as a plain import leaves it
    pyOutput = runInPython(code, original);
    const output = pyOutput.toJs({ dict_converter: Object.fromEntries });
    send("run_result", { id, block, output });
  } catch (error) {
    send("run_error", { id, block, error: renderError(error) });
  } finally {
    if (pyOutput && pyOutput.destroy) pyOutput.destroy();
  }
}

/* Downloaded over http(s): by a worker of its own where the browser allows one inside a worker,
 * so the downloads go on at full speed while Python keeps this thread busy (loading a stage, then
 * importing from it: at 20 Mbit/s the next stage's bytes stopped arriving meanwhile); else here. */
function download(root, limits) {
  const local = () => downloadFiles(root, limits, RUNTIME_FILES, { fetch: networkFetch, progress });
  if (typeof Worker !== "function" || !self.location.protocol.startsWith("http")) return local();
  let downloader;
  try {
    downloader = new Worker(self.location.href, { name: DOWNLOADER_NAME });
  } catch {
    return local();
  }
  const files = new Map();
  const settle = new Map();
  for (const [path] of startFiles(RUNTIME_FILES)) {
    const job = new Promise((resolve, reject) => settle.set(path, { resolve, reject }));
    job.catch(() => {}); // reported by anyFailure() or when Pyodide asks for it
    files.set(path, job);
  }
  downloader.onmessage = ({ data: message }) => {
    if (!isDeclaredMessage("from_downloader", message)) return;
    if (message.type === "progress") {
      progress(message.text, message.loaded, message.total);
    } else if (message.type === "file") {
      const { module, ...file } = message.file;
      settle.get(message.path).resolve(module ? { ...file, module: Promise.resolve(module) } : file);
    } else if (message.type === "failed") {
      settle.get(message.path).reject(new BootError(message.message));
    }
  };
  downloader.onerror = (event) => {
    event.preventDefault();
    const failure = new BootError("no se pudo iniciar la descarga de Python en este navegador");
    settle.forEach(({ reject }) => reject(failure)); // a settled promise ignores it
  };
  downloader.postMessage(protocolMessage("to_downloader", "download", { root, limits }));
  Promise.allSettled([...files.values()]).then(() => downloader.terminate()); // its work is done
  return files;
}

/* The downloader's side: every file, then its bytes handed over (moved, not copied), with the wasm
 * module compiled while it arrived. */
function serveDownloads({ data: message }) {
  if (!isDeclaredMessage("to_downloader", message) || message.type !== "download") return;
  const tell = (type, fields, transfer = []) => self.postMessage(protocolMessage("from_downloader", type, fields), transfer);
  const progressOut = (text, loaded, total) => tell("progress", { text, loaded, total });
  const files = downloadFiles(message.root, message.limits, RUNTIME_FILES, { fetch: networkFetch, progress: progressOut });
  files.forEach((job, path) => job.then(async (file) => {
    const module = file.module ? await file.module.catch(() => null) : null;
    tell("file", { path, file: { ...file, module } }, [file.bytes]);
  }, (error) => tell("failed", { path, message: error.message })));
}

/* Opened from disk (file://), a worker can neither fetch nor importScripts file URLs. The page
 * hands over every file as base64 (gzip-compressed for some, see site_src/offline_bundle.py);
 * each is decoded and verified like a download. */
function fromEmbedded(root, embedded) {
  const files = new Map();
  for (const [path] of startFiles(RUNTIME_FILES)) {
    const file = embedded[path];
    if (!file) {
      files.set(path, Promise.reject(new BootError(missingFromCopy(path))));
      continue;
    }
    files.set(path, (async () => {
      const bytes = await decodeEmbedded(file, networkFetch);
      return { type: file.type, bytes, sha256: await verifiedDigest(path, bytes, RUNTIME_FILES) };
    })());
  }
  files.forEach((job) => job.catch(() => {}));
  progress("Leyendo Python desde la carpeta de la lección…");
  return files;
}

/* The build's prepared runtime (site_src/runtime_optimizer.py) has on-demand archives and its
 * own modules in the stdlib zip; an official one (LESSON_RUNTIME=official) has neither. */
function optimizedRuntime() {
  return Object.values(RUNTIME_FILES).some((entry) => entry.on_demand);
}

/* --- the wheels, unpacked from JavaScript ---------------------------------------------------- */

/* The build's runtime stores its wheels' members uncompressed and ships wheel_unpacker.py in its
 * stdlib zip: each wheel's files are then written from its downloaded bytes (modules/wheel-files.js)
 * instead of Pyodide unzipping it in Python. An official runtime (LESSON_RUNTIME=official) has
 * neither: Pyodide unpacks as usual. */
const wheelFiles = new WheelFiles(null);
function unpackWheelsHere() {
  if (!optimizedRuntime()) return;
  wheelFiles.FS = pyodide.FS;
  pyodide.pyimport("wheel_unpacker").install(wheelFiles);
}

/* --- the rest of the runtime, on demand ----------------------------------------------------- */

/* Start-up ships only what the widgets use; the rest of the stdlib and of the packages waits in
 * the on-demand archives. remainder_finder.py (in the stdlib zip, see
 * site_src/runtime/remainder_finder.py) asks for one when a reader's code imports a module it
 * holds. Python's import is synchronous, and so is this: an XMLHttpRequest (allowed in a worker),
 * or the offline copy's base64, then the same sha256 check as every file (js-sha256: crypto.subtle
 * has no synchronous form). Returns the bytes, or a Spanish sentence saying why not. */
function installRemainderFinder(root, embedded) {
  if (!optimizedRuntime()) return;
  pyodide.pyimport("remainder_finder").install((name) => {
    const path = `pyodide/${name}`;
    if (!RUNTIME_FILES[path]) return `${name} no forma parte de este sitio`;
    let bytes = null;
    let reason = "";
    for (let attempt = 1; attempt <= 2 && !bytes; attempt++) {
      try {
        bytes = embedded ? embeddedBytesSync(embedded, path) : downloadSync(root + path, attempt);
      } catch (error) {
        reason = error instanceof BootError ? error.message : `no se pudo descargar ${name} (sin conexión con el servidor)`;
        continue;
      }
      if (sha256(bytes.buffer) !== RUNTIME_FILES[path].sha256) {
        reason = notThisBuild(path);
        bytes = null;
      }
    }
    return bytes || reason;
  });
}

function downloadSync(url, attempt) {
  const request = new XMLHttpRequest();
  request.open("GET", url, false);
  request.responseType = "arraybuffer";
  // A second try revalidates: the HTTP cache may hold another build's copy.
  if (attempt > 1) request.setRequestHeader("Cache-Control", "no-cache");
  request.send();
  if (request.status !== 200) throw new BootError(`el servidor respondió ${request.status} al pedir ${fileName(url)}`);
  return new Uint8Array(request.response);
}

/* The offline copy never gzips these (site_src/offline_bundle.py): plain base64. */
function embeddedBytesSync(embedded, path) {
  const file = embedded[path];
  if (!file) throw new BootError(missingFromCopy(path));
  const text = atob(file.data);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

function missingFromCopy(path) {
  return `falta ${path} en la carpeta offline/ de esta copia`;
}

/* Rejects as soon as any file has failed for good. */
function anyFailure(files) {
  return new Promise((_, reject) => files.forEach((job) => job.catch(reject)));
}

/* --- serving Pyodide's own requests from the verified files --------------------------------- */

/* Pyodide fetch()es its files (the wasm, the stdlib, the lock, the wheels): answer those from the
 * verified downloads; anything else goes to the network as usual. */
function answerFrom(root, files) {
  const wasmModules = new WeakMap(); // Response -> compiled module (compiled while downloading)
  self.fetch = async (resource, options) => {
    const url = resource instanceof Request ? resource.url : String(resource); // string or URL
    const path = url.startsWith(root) ? url.slice(root.length) : null;
    if (!path || !files.has(path)) return networkFetch(resource, options);
    const file = await files.get(path);
    if (options && options.integrity) checkLockIntegrity(path, options.integrity, file.sha256);
    const response = new Response(lazyBody(file.bytes), { headers: { "Content-Type": file.type } });
    if (file.module) wasmModules.set(response, file.module);
    return response;
  };
  const instantiateStreaming = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = async (source, imports) => {
    const response = await source;
    const compiled = wasmModules.get(response);
    const module = compiled && await compiled.catch(() => null);
    if (!module) return instantiateStreaming.call(WebAssembly, response, imports);
    return { module, instance: await WebAssembly.instantiate(module, imports) };
  };
}

/* The packages' extension modules (.so files: wasm side modules, 9 MB for numpy, matplotlib and
 * pillow) are compiled in the background while the core boots, instead of one after another
 * inside loadPackage. Pyodide instantiates each one from the bytes it unpacked:
 * WebAssembly.instantiate, wrapped, answers from the compiled module when the bytes are
 * identical (modules/precompiled-wasm.js). Whatever cannot be found this way (a compressed
 * member, a failed compile) is compiled by Pyodide as usual. Chromium's V8 compiles a module's
 * functions lazily, on their first call: compiling ahead saves its decoding and validation. */
const precompiled = new PrecompiledWasm();

function precompileSideModules(files) {
  if (typeof WebAssembly.compile !== "function") return;
  WebAssembly.instantiate = precompiled.wrap(WebAssembly.instantiate.bind(WebAssembly));
  compileInTurn(files).then(() => mark("side-modules-compiled"));
}

/* Each wheel's modules are registered as soon as it is verified, and compiled one at a time
 * once the core's own wasm has compiled: on a machine with few cores, 20 compilations at once
 * slowed the core's start more than they saved later. In the order the stages load them; a
 * module Pyodide asks for before its turn starts compiling at once. */
async function compileInTurn(files) {
  const rank = (path) => RUNTIME_FILES[path].stage; // in the order they are loaded
  const wheels = [...files.keys()].filter((path) => path.endsWith(".whl")).sort((a, b) => rank(a) - rank(b));
  const registered = wheels.map((path) => files.get(path).then((file) => {
    for (const library of storedZipEntries(file.bytes, (name) => name.endsWith(".so"))) precompiled.add(library.bytes);
  }, () => {}));
  const core = files.get("pyodide/pyodide.asm.wasm");
  await (core && core.then((file) => file.module, () => null));
  for (const wheel of registered) {
    await wheel;
    await precompiled.compileAll();
  }
}

/* A body that copies the verified bytes only if it is read (reading copies them once). The wasm's
 * body is never read when its module was compiled while downloading: that saves copying 10 MB
 * on this thread while the core boots. (A Response made from the bytes would copy them at once.) */
function lazyBody(bytes) {
  return new ReadableStream({
    pull(controller) {
      controller.enqueue(new Uint8Array(bytes));
      controller.close();
    },
  });
}

/* Pyodide also passes the lock's sha256 of each wheel: the verified digest must agree with it. */
function checkLockIntegrity(path, integrity, hex) {
  const [algorithm, expected] = integrity.split("-", 2);
  if (algorithm !== "sha256" || !hex) throw new BootError(`${fileName(path)}: no se pudo comprobar su sha256`);
  const actual = btoa(String.fromCharCode(...hex.match(/../g).map((pair) => parseInt(pair, 16))));
  if (actual !== expected) throw new BootError(`${fileName(path)}: el sha256 no coincide con pyodide-lock.json`);
}

/* Pyodide 0.27 reports a wasm it cannot instantiate only with console.warn("wasm instantiation
 * failed!") and then never settles: turn that warning into a boot failure. */
function wasmFailure() {
  return new Promise((resolve, reject) => {
    const warn = console.warn;
    console.warn = (...args) => {
      warn.apply(console, args);
      if (String(args[0]).includes("wasm instantiation failed")) {
        console.warn = warn;
        reject(new BootError("pyodide.asm.wasm no se pudo iniciar en este navegador"));
      }
    };
  });
}

/* --- renders -------------------------------------------------------------------------------- */

async function handleRender({ id, widget, values, shown, layout }) {
  await booting;
  if (!renderInPython) {
    send("error", { id, widget, error: protocolError("RuntimeError", "Python no está disponible", true) });
    return;
  }
  let pyValues = null;
  let pyResult = null;
  try {
    pyValues = pyodide.toPy(values);
    pyResult = renderInPython(widget, pyValues, shown, layout);
    const converting = performance.now();
    const result = pyResult.toJs({ dict_converter: Object.fromEntries });
    const timings = {
      ...result.timings,
      serialize: performance.now() - converting,
      sent: performance.timeOrigin + performance.now(),
    };
    send("result", { id, widget, result, timings });
  } catch (error) {
    send("error", { id, widget, error: renderError(error) });
  } finally {
    if (pyValues && pyValues.destroy) pyValues.destroy();
    if (pyResult && pyResult.destroy) pyResult.destroy();
  }
}

/* A Python exception (PythonError) leaves the interpreter usable: its last traceback line is the
 * exception and its (Spanish) message. Anything else thrown by a call into Python (a wasm trap,
 * stack or memory exhaustion, "Pyodide already fatally failed") means this Python is done. */
function renderError(error) {
  const PythonError = pyodide && pyodide.ffi && pyodide.ffi.PythonError;
  if (PythonError && error instanceof PythonError) {
    const lines = String(error.message).trim().split("\n");
    const last = lines[lines.length - 1];
    const name = error.type || last.split(":")[0];
    return protocolError(name, last.startsWith(name + ": ") ? last.slice(name.length + 2) : last, false);
  }
  return protocolError(error && error.name, "Python sufrió un error interno", true);
}
