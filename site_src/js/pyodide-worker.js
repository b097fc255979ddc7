/* The page's one Python: Pyodide + numpy + matplotlib + the lesson's py/ modules, in a Web Worker.
 *
 * It speaks the protocol declared in site_src/protocol/protocol.json (inlined above this line by
 * the build as PROTOCOL, with protocolMessage / protocolError): init, render and run requests in,
 * progress, ready, failed, result, error, run_result and run_error out. Errors travel as
 * {name, message, fatal}.
 */
"use strict";

const PACKAGES = PYODIDE_PACKAGES; // inlined by the build from site_src/runtime/packages.json
const MODULE_DIR = "/home/pyodide/leccion";
// The lesson's modules are on Python's path from its start (as PYTHONPATH is for CPython).
const LESSON_PATH = { env: { PYTHONPATH: MODULE_DIR }, fsInit: (FS) => FS.mkdirTree(MODULE_DIR) };

let booting = null;
let pyodide = null;
let renderInPython = null;

self.onmessage = (event) => {
  const message = event.data;
  if (!isDeclaredMessage("to_worker", message)) return;
  if (message.type === "init" && !booting) {
    booting = boot(message.root, message.files);
  } else if (message.type === "render") {
    handleRender(message);
  } else if (message.type === "run") {
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

function progress(text) {
  send("progress", { text });
}

async function boot(root, files) {
  try {
    progress("Cargando Python en su navegador (Pyodide)…");
    if (files) {
      await answerFromFiles(root, files);
    } else {
      answerFrom(prefetchPackages(root));
      importScripts(root + "pyodide/pyodide.js");
    }
    pyodide = await Promise.race([loadPyodide({ indexURL: root + "pyodide/", ...LESSON_PATH }), wasmFailure()]);
    mark("core");
    progress("Cargando numpy y matplotlib…");
    // A wheel that is missing or fails its sha256 check is reported here, not thrown.
    const packageErrors = [];
    await pyodide.loadPackage(PACKAGES, {
      messageCallback: () => {},
      errorCallback: (text) => packageErrors.push(text),
    });
    if (packageErrors.length) throw new Error(packageErrors.join(" "));
    mark("packages");
    progress("Preparando los módulos de la lección…");
    const response = await fetch(root + "py/modules.json");
    if (!response.ok) throw new Error(`py/modules.json: HTTP ${response.status}`);
    const modules = await response.json();
    for (const [name, source] of Object.entries(modules)) {
      pyodide.FS.writeFile(`${MODULE_DIR}/${name}`, source);
    }
    // The site ships only the fonts the figures use (see site_src/runtime_optimizer.py);
    // mathtext still asks for its STIX fallbacks once and would log a line for each.
    pyodide.runPython(`import logging
logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)`);
    const widgetRender = pyodide.pyimport("widget_render");
    renderInPython = widgetRender.render;
    mark("imports");
    send("ready", { timings });
    // Renders wait for this (same worker thread) only if they arrive within its ~0.3 s.
    widgetRender.warm_up();
    mark("warm");
  } catch (error) {
    const detail = String(error && error.message || error).split("\n")[0];
    const name = error && error.name || "Error";
    send("failed", { error: protocolError(name, `no se pudieron cargar los archivos de Python: ${detail}`, true) });
  }
}

async function handleRender({ id, widget, values }) {
  await booting;
  if (!renderInPython) {
    send("error", { id, widget, error: protocolError("RuntimeError", "Python no está disponible", true) });
    return;
  }
  let pyValues = null;
  let pyResult = null;
  try {
    pyValues = pyodide.toPy(values);
    pyResult = renderInPython(widget, pyValues);
    const result = pyResult.toJs({ dict_converter: Object.fromEntries });
    send("result", { id, widget, result });
  } catch (error) {
    send("error", { id, widget, error: renderError(error) });
  } finally {
    if (pyValues && pyValues.destroy) pyValues.destroy();
    if (pyResult && pyResult.destroy) pyResult.destroy();
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
    pyOutput = runInPython(code, original);
    const output = pyOutput.toJs({ dict_converter: Object.fromEntries });
    send("run_result", { id, block, output });
  } catch (error) {
    send("run_error", { id, block, error: renderError(error) });
  } finally {
    if (pyOutput && pyOutput.destroy) pyOutput.destroy();
  }
}

/* Opened from disk (file://), a worker can neither fetch nor importScripts file URLs. The page
 * hands over every file as base64 (gzip-compressed for some, see site_src/offline_bundle.py):
 * decode them, run Pyodide's two scripts from Blob URLs, and answer Pyodide's own fetch() of
 * its files from memory. Wheels are still checked against the lock's sha256. */
async function answerFromFiles(root, files) {
  const contents = new Map();
  for (const [path, file] of Object.entries(files)) {
    const encoded = await fetch(`data:application/octet-stream;base64,${file.data}`);
    const stream = file.gzip ? encoded.body.pipeThrough(new DecompressionStream("gzip")) : encoded.body;
    const bytes = await new Response(stream).arrayBuffer();
    contents.set(root + path, Promise.resolve({ type: file.type, bytes }));
  }
  answerFrom(contents);
  for (const script of ["pyodide/pyodide.js", "pyodide/pyodide.asm.js"]) {
    const file = await contents.get(root + script);
    if (!file) throw new Error(`falta ${script} en la carpeta offline/`);
    importScripts(URL.createObjectURL(new Blob([file.bytes], { type: "text/javascript" })));
  }
}

/* Served over http: start downloading every wheel of the shipped lock now, in parallel with the
 * core (the wasm compiles meanwhile); Pyodide's own requests for them are answered from these
 * downloads, so nothing is fetched twice. */
function prefetchPackages(root) {
  const contents = new Map();
  const download = (url, type) => fetch(url).then((response) => {
    if (!response.ok) throw new Error(`${url.split("/").pop()}: HTTP ${response.status}`);
    return response.arrayBuffer();
  }).then((bytes) => ({ type, bytes }));
  const lockURL = root + "pyodide/pyodide-lock.json";
  const lock = download(lockURL, "application/json");
  contents.set(lockURL, lock);
  lock.then(({ bytes }) => {
    const packages = JSON.parse(new TextDecoder().decode(bytes)).packages;
    for (const { file_name: fileName } of Object.values(packages)) {
      const url = root + "pyodide/" + fileName;
      const wheel = download(url, "application/zip");
      wheel.catch(() => {}); // reported when Pyodide asks for it
      contents.set(url, wheel);
    }
  }).catch(() => {}); // Pyodide's own request for the lock reports the failure
  return contents;
}

/* Answer fetch() of these URLs (url -> Promise of {type, bytes}) from memory; anything else goes
 * to the network as usual. Pyodide's integrity option (the lock's sha256) is checked here. */
function answerFrom(contents) {
  const networkFetch = self.fetch.bind(self);
  self.fetch = async (resource, options) => {
    const url = resource instanceof Request ? resource.url : String(resource); // string or URL
    const pending = contents.get(url);
    if (!pending) return networkFetch(resource, options);
    const file = await pending;
    if (options && options.integrity) await checkIntegrity(url, file.bytes, options.integrity);
    return new Response(file.bytes.slice(0), { headers: { "Content-Type": file.type } });
  };
}

async function checkIntegrity(url, bytes, integrity) {
  const [algorithm, expected] = integrity.split("-", 2);
  if (algorithm !== "sha256" || !(self.crypto && crypto.subtle)) return;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const actual = btoa(String.fromCharCode(...digest));
  if (actual !== expected) throw new Error(`${url.split("/").pop()}: el sha256 no coincide con pyodide-lock.json`);
}

/* Pyodide 0.27 reports a missing or corrupt pyodide.asm.wasm only with console.warn("wasm
 * instantiation failed!") and then never settles: turn that warning into a boot failure. */
function wasmFailure() {
  return new Promise((resolve, reject) => {
    const warn = console.warn;
    console.warn = (...args) => {
      warn.apply(console, args);
      if (String(args[0]).includes("wasm instantiation failed")) {
        console.warn = warn;
        reject(new Error("pyodide.asm.wasm no se pudo cargar o está dañado"));
      }
    };
  });
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
