/* The page's one Python: starts the worker (Pyodide + numpy + matplotlib + py/) and carries the
 * render requests of every widget, in the messages of site_src/protocol/protocol.json. Loaded
 * async in <head> (site_src/overrides/main.html) on pages that have widgets or code blocks, so
 * the runtime loads while the rest of the page is still arriving; widgets.js binds the widgets
 * to it (published through modules/page-handoff.js) once the page is parsed.
 *
 * States (told to subscribers with a Spanish text): loading -> ready; ready -> lost (the worker
 * died; the next render starts a new one); loading -> failed (retry() starts again: the
 * widgets' "Reintentar"); paused (the reader's browser asks to save data: start() on request).
 * Whatever fails, a bounded time later the state is ready or failed, never loading for good.
 */
import { decodeEmbedded } from "./modules/embedded-file.js";
import { loadScript, loadScriptAgain } from "./modules/load-script.js";
import {
  nativeWorker, offlineFiles, publishRuntime, runtimeLimits, widgetsScriptRan,
} from "./modules/page-handoff.js";
import { showScriptMissing } from "./modules/script-missing-notice.js";
import { isDeclaredMessage, protocolError, protocolMessage } from "../protocol/messages.js";
// How many bytes starting Python downloads (offered to readers saving data): written by the
// build from the runtime's manifest (site_src/runtime_manifest.py).
import RUNTIME_SUMMARY from "generated/runtime-summary.json" with { type: "json" };

const RUNTIME_DOWNLOAD_BYTES = RUNTIME_SUMMARY.download_bytes;

// The script lives in <site>/assets/lesson/: the site root is two folders up, wherever the
// site is served from (a sub-path, a plain folder).
const siteRoot = new URL("../../", document.currentScript.src).href;

// The browser's own Worker, even where Material's file:// shim replaced window.Worker.
const NativeWorker = nativeWorker();

// Tests pass shorter bounds (window.LeccionRuntimeLimits); the worker bounds each download.
const limits = runtimeLimits();
// A started worker that says nothing for this long (no progress) is given up on.
const BOOT_SILENCE_MS = (limits && limits.boot_silence_ms) || 30000;
// A render that has not answered by then means the worker is gone (crashed, out of memory).
// Counted from when the request reaches a ready worker: a restart's boot is not in it.
const RENDER_TIMEOUT_MS = (limits && limits.render_timeout_ms) || 30000;
// Tries of the worker's own script (the worker then retries each file itself).
const SCRIPT_RETRIES = 2;

class PythonRuntime {
  constructor(root) {
    this.root = root;
    this.nextId = 1;
    this.waiting = new Map(); // request id -> {resolve, reject, message, timer}
    this.listeners = [];
    this.scriptRetries = 0;
    this.downloadBytes = RUNTIME_DOWNLOAD_BYTES;
    this.lastActivityAt = 0; // the last render or run asked for or answered (whenQuiet)
    const connection = navigator.connection;
    if (connection && connection.saveData && window.location.protocol !== "file:") {
      this.state = "paused"; // the widgets offer to start it (and say how much it downloads)
      this.lastText = "Su navegador pide ahorrar datos: Python no se descargó.";
    } else {
      this.start();
    }
  }

  /* A new worker (the previous one, if any, is dropped): from "paused", "failed" or "lost". */
  start() {
    this.stopWorker();
    this.prepared = new Set(); // widget|layout asked to the new worker to be drawn ahead
    let worker;
    try {
      worker = this.startWorker();
    } catch (error) {
      this.fail(`el navegador no permite iniciar Python (${error.message})`, false);
      return;
    }
    this.worker = worker;
    this.emit("loading", "Cargando Python en su navegador (Pyodide)…");
    this.watchBoot();
    worker.ready.then(({ files }) => {
      if (this.worker !== worker) return; // replaced meanwhile
      let heard = false;
      worker.onmessage = (event) => {
        heard = true;
        this.onMessage(event.data);
      };
      worker.onerror = (event) => {
        event.preventDefault();
        // The worker's own script did not load (a dropped request): start again, a few times.
        if (!heard && this.state === "loading" && this.scriptRetries < SCRIPT_RETRIES) {
          this.scriptRetries++;
          this.stopWorker();
          setTimeout(() => this.start(), 500 * 2 ** this.scriptRetries);
          return;
        }
        this.lost("el proceso de Python se detuvo");
      };
      worker.postMessage(protocolMessage("to_worker", "init", { root: this.root, files: files || null, limits }));
    }).catch((error) => this.fail(`el navegador no permite iniciar Python (${error.message})`, false));
  }

  /* Reintentar / Activar los controles. */
  retry() {
    if (this.state === "ready" || this.state === "loading") return;
    this.scriptRetries = 0;
    this.start();
  }

  /* A Worker-like handle at once, whose `ready` says when it can take messages (opened from
   * disk, the worker's code is read first). */
  startWorker() {
    if (window.location.protocol !== "file:") {
      const worker = new NativeWorker(this.root + "assets/lesson/pyodide-worker.js");
      worker.ready = Promise.resolve({});
      return worker;
    }
    const handle = {
      onmessage: null,
      onerror: null,
      real: null,
      postMessage(message) { this.real.postMessage(message); },
      terminate() { this.terminated = true; if (this.real) this.real.terminate(); },
    };
    handle.ready = this.readFromDisk().then(({ workerURL, files }) => {
      if (handle.terminated) return new Promise(() => {});
      handle.real = new NativeWorker(workerURL);
      handle.real.onmessage = (event) => handle.onmessage && handle.onmessage(event);
      handle.real.onerror = (event) => handle.onerror && handle.onerror(event);
      return { files };
    });
    return handle;
  }

  /* Opened from disk: the runtime comes as classic scripts in offline/ (only in the
   * downloadable copy), and the worker is made from a Blob: browsers refuse file URLs there.
   * Read once; a failed read is tried again by the next start. */
  readFromDisk() {
    this.diskFiles = this.diskFiles || (async () => {
      this.emit("loading", "Leyendo Python desde la carpeta de la lección…");
      await loadScript(this.root + "offline/index.js").catch(() => {
        throw new Error("esta copia no trae la carpeta offline/; descarguen el zip de la lección");
      });
      const offline = offlineFiles();
      await Promise.all(offline.scripts.map((name) => loadScript(this.root + "offline/" + name)));
      const workerFile = offline.files["assets/lesson/pyodide-worker.js"];
      const source = new Blob([await decodeEmbedded(workerFile)], { type: "text/javascript" });
      return { workerURL: URL.createObjectURL(source), files: offline.files };
    })();
    this.diskFiles.catch(() => { this.diskFiles = null; });
    return this.diskFiles;
  }

  stopWorker() {
    clearTimeout(this.bootTimer);
    if (this.worker) {
      this.worker.onmessage = null;
      this.worker.onerror = null;
      this.worker.terminate();
      this.worker = null;
    }
  }

  /* Loading must keep moving: each progress message restarts this clock. */
  watchBoot() {
    clearTimeout(this.bootTimer);
    this.bootTimer = setTimeout(() => this.fail("Python dejó de responder mientras se cargaba"), BOOT_SILENCE_MS);
  }

  /* The worker died after it had been ready: drop it; the next render starts a new one. */
  lost(reason) {
    if (this.state !== "ready") {
      this.fail(reason);
      return;
    }
    this.stopWorker();
    this.emit("lost", reason);
    this.rejectWaiting(reason);
  }

  fail(reason, retryable = true) {
    if (this.state === "failed") return;
    this.stopWorker();
    this.retryable = retryable;
    this.emit("failed", reason);
    this.rejectWaiting(reason);
  }

  /* Pending requests end with a fatal error as data (name: "RuntimeError" when Python failed
   * or was lost, "Stopped" when the reader stopped it): the widgets show the runtime's state. */
  rejectWaiting(reason, name = "RuntimeError") {
    const error = () => Object.assign(new Error(reason), { detail: protocolError(name, reason, true) });
    this.waiting.forEach(({ reject, timer }) => { clearTimeout(timer); reject(error()); });
    this.waiting.clear();
  }

  subscribe(listener) {
    this.listeners.push(listener);
    listener(this.state, this.lastText, this.progress);
  }

  emit(state, text, progress = null) {
    this.state = state;
    this.lastText = text;
    this.progress = progress;
    this.listeners.forEach((listener) => listener(state, text, progress));
  }

  onMessage(message) {
    if (!isDeclaredMessage("to_page", message)) return;
    if (message.type === "progress") {
      this.watchBoot();
      const progress = message.total ? { loaded: message.loaded, total: message.total } : null;
      this.emit("loading", message.text, progress);
    } else if (message.type === "ready") {
      clearTimeout(this.bootTimer);
      this.scriptRetries = 0;
      this.timings = message.timings;
      document.documentElement.dataset.pythonTimings = JSON.stringify(message.timings);
      document.documentElement.dataset.pythonSideModules = JSON.stringify(message.side_modules);
      document.documentElement.dataset.pythonWheels = JSON.stringify(message.wheels);
      this.lastActivityAt = performance.now();
      this.emit("ready");
      this.waiting.forEach((request) => this.post(request)); // asked for while it started
    } else if (message.type === "failed") this.fail(message.error.message, message.retryable);
    else if (message.type === "result" || message.type === "error") this.settle(message);
    else if (message.type === "run_result") this.settle({ ...message, type: "result", result: message.output });
    else if (message.type === "run_error") this.settle({ ...message, type: "error" });
  }

  /* The answer to one render or run request, or an error as data. */
  settle(message) {
    const pending = this.waiting.get(message.id);
    if (!pending) return;
    this.waiting.delete(message.id);
    this.lastActivityAt = performance.now();
    clearTimeout(pending.timer);
    if (message.type === "result") {
      if (message.widget) {
        // Where a render's time went, for the benchmark (bench/sliders.js listens).
        const received = performance.timeOrigin + performance.now();
        document.dispatchEvent(new CustomEvent("leccion:render-timings", {
          detail: { widget: message.widget, values: message.result.values, received, ...message.timings },
        }));
      }
      pending.resolve(message.result); // a figure, or a code block's run_output
      return;
    }
    const error = Object.assign(new Error(message.error.message), { detail: message.error });
    pending.reject(error);
    // This Python can do no more work: the next render starts a new worker.
    if (message.error.fatal) this.lost(message.error.message);
  }

  /* Run a reader's code block (code-runner.js); resolves with its output (run_output). No
   * time limit: an endless loop is the reader's to stop, with restart(). */
  run(block, code, original) {
    if (this.state === "failed" || this.state === "paused") return Promise.reject(new Error(this.lastText));
    if (this.state === "lost") this.start();
    this.lastActivityAt = performance.now();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const message = protocolMessage("to_worker", "run", { id, block, code, original });
      const request = { resolve, reject, timer: null, timed: false, message };
      this.waiting.set(id, request);
      if (this.state === "ready") this.post(request);
    });
  }

  /* Stop whatever Python is doing (an endless loop included) by ending its worker and
   * starting a new one: without SharedArrayBuffer (GitHub Pages cannot send the headers it
   * needs) there is no other way to interrupt it. Pending requests fail with `reason`; the
   * widgets see "loading" then "ready" and draw again by themselves. */
  restart(reason) {
    this.stopWorker();
    this.rejectWaiting(reason, "Stopped");
    this.scriptRetries = 0;
    this.start();
    if (this.state === "loading") this.emit("loading", "Reiniciando Python…");
  }

  /* shown: the revision of this widget's figure the page shows (null if none), so that Python
   * may answer with only the groups that changed. layout: "narrow" or "wide" (the page's width). */
  render(widget, values, shown = null, layout = "wide") {
    if (this.state === "failed" || this.state === "paused") return Promise.reject(new Error(this.lastText));
    if (this.state === "lost") this.start(); // the request waits for the new worker
    this.lastActivityAt = performance.now();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const message = protocolMessage("to_worker", "render", { id, widget, values, shown, layout });
      const request = { resolve, reject, timer: null, timed: true, message };
      this.waiting.set(id, request);
      if (this.state === "ready") this.post(request);
    });
  }

  /* Resolves once Python is ready and has had no render or run to do for `quietMs`: for work
   * that would compete with the reader's moves for the machine's cores (the service worker's
   * caching of the site and the runtime, bench: slider p50 17 ms without it, 29 with it). */
  whenQuiet(quietMs) {
    return new Promise((resolve) => {
      const check = () => {
        const left = this.lastActivityAt + quietMs - performance.now();
        const quiet = this.state === "ready" && this.waiting.size === 0 && left <= 0;
        if (quiet || this.state === "failed") resolve(); // failed: no Python to compete with
        else setTimeout(check, Math.max(left, 100));
      };
      check();
    });
  }

  /* Ask Python to draw a widget's figure ahead, in its idle time (py/widget_render.py prepare):
   * no answer, nothing shown; the reader's first move then finds the figure built. Asked while
   * Python starts, the first figure asked for is drawn as soon as it is ready. `soon`: the
   * widget is in the reader's view: drawn first, after a shorter pause. Once per widget and
   * layout for each worker, and once more when it first comes into view. */
  prepare(widget, values, layout = "wide", soon = false) {
    const worker = this.worker; // none between a failed worker script and its next try
    if (!worker || (this.state !== "ready" && this.state !== "loading")) return;
    const key = `${widget}|${layout}`;
    if (this.prepared.has(`${key}|soon`) || (!soon && this.prepared.has(key))) return;
    this.prepared.add(soon ? `${key}|soon` : key);
    const message = protocolMessage("to_worker", "prepare", { widget, values, layout, soon });
    // After init, which start() posts once the worker can take messages.
    worker.ready.then(() => { if (this.worker === worker) worker.postMessage(message); });
  }

  post(request) {
    if (request.posted) return;
    request.posted = true;
    if (request.timed) request.timer = setTimeout(() => this.lost("Python no respondió a tiempo"), RENDER_TIMEOUT_MS);
    this.worker.postMessage(request.message);
  }
}

/* widgets.js (deferred) binds the widgets to this runtime. If the network dropped it, fetch it
 * again a few times; then tell the reader in each widget and offer Reintentar. */
function recoverWidgets(attempt = 0) {
  if (widgetsScriptRan()) return;
  loadScriptAgain(`${siteRoot}assets/lesson/widgets.js`).catch(() => {
    if (attempt < 2) {
      setTimeout(() => recoverWidgets(attempt + 1), 1000 * 2 ** attempt);
      return;
    }
    showScriptMissing("widgets.js", () => recoverWidgets(0));
  });
}
if (document.readyState === "complete") recoverWidgets();
else window.addEventListener("load", () => recoverWidgets(), { once: true });

// This script is async: scripts that ran before it wait for it (see page-handoff.js).
publishRuntime(new PythonRuntime(siteRoot));
