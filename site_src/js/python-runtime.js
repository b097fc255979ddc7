/* The page's one Python: starts the worker (Pyodide + numpy + matplotlib + py/) and carries the
 * render requests of every widget, in the messages of site_src/protocol/protocol.json (inlined
 * above this script by the build as PROTOCOL). Injected into <head> by site_src/build_hooks.py on pages that
 * have widgets, so the runtime loads while the rest of the page is still arriving;
 * widgets.js binds the widgets to it (window.leccionRuntime) once the page is parsed.
 */
(function () {
  "use strict";

  // The script lives in <site>/assets/lesson/: the site root is two folders up, wherever the
  // site is served from (a sub-path, a plain folder).
  const siteRoot = new URL("../../", document.currentScript.src).href;

  // The browser's own Worker, even where Material's file:// shim replaced window.Worker.
  const NativeWorker = window.LeccionNativeWorker || window.Worker;

  // A render that has not answered by then means the worker is gone (crashed, out of memory).
  const RENDER_TIMEOUT_MS = 30000;

  class PythonRuntime {
    constructor(root) {
      this.root = root;
      this.nextId = 1;
      this.waiting = new Map(); // request id -> {resolve, reject, timer}
      this.listeners = [];
      this.pending = []; // messages sent before the worker exists (file:// start is asynchronous)
      this.state = "loading";
      this.start();
    }

    start() {
      this.state = "loading";
      const fromDisk = window.location.protocol === "file:";
      const ready = fromDisk ? this.workerFromDisk() : Promise.resolve({
        worker: new NativeWorker(this.root + "assets/lesson/pyodide-worker.js"),
      });
      ready.then(({ worker, files }) => {
        this.worker = worker;
        this.worker.onmessage = (event) => this.onMessage(event.data);
        this.worker.onerror = (event) => {
          event.preventDefault();
          this.lost(event.message || "el proceso de Python se detuvo");
        };
        this.worker.postMessage(protocolMessage("to_worker", "init", { root: this.root, files: files || null }));
        this.pending.forEach((message) => this.worker.postMessage(message));
        this.pending = [];
      }).catch((error) => this.fail(`el navegador no permite iniciar Python (${error.message})`));
    }

    /* Opened from disk: the runtime comes as classic scripts in offline/ (only in the
     * downloadable copy), and the worker is made from a Blob: browsers refuse file URLs there. */
    async workerFromDisk() {
      // Read once: a restart (Detener) makes a new worker from the same files.
      if (!this.fromDisk) this.fromDisk = this.readFromDisk();
      const { workerURL, files } = await this.fromDisk;
      return { worker: new NativeWorker(workerURL), files };
    }

    async readFromDisk() {
      this.emit("loading", "Leyendo Python desde la carpeta de la lección…");
      await loadScript(this.root + "offline/index.js").catch(() => {
        throw new Error("esta copia no trae la carpeta offline/; descarguen el zip de la lección");
      });
      const offline = window.LeccionOffline;
      await Promise.all(offline.scripts.map((name) => loadScript(this.root + "offline/" + name)));
      const workerFile = offline.files["assets/lesson/pyodide-worker.js"];
      const encoded = await fetch(`data:application/octet-stream;base64,${workerFile.data}`);
      const stream = workerFile.gzip ? encoded.body.pipeThrough(new DecompressionStream("gzip")) : encoded.body;
      const source = new Blob([await new Response(stream).arrayBuffer()], { type: "text/javascript" });
      return { workerURL: URL.createObjectURL(source), files: offline.files };
    }

    /* The worker died after it had been ready: drop it; the next render starts a new one. */
    lost(reason) {
      if (this.state !== "ready") {
        this.fail(reason);
        return;
      }
      this.worker.terminate();
      this.worker = null;
      this.emit("lost", reason);
      this.waiting.forEach(({ reject, timer }) => { clearTimeout(timer); reject(new Error(reason)); });
      this.waiting.clear();
    }

    subscribe(listener) {
      this.listeners.push(listener);
      listener(this.state, this.lastText);
    }

    emit(state, text) {
      this.state = state;
      this.lastText = text;
      this.listeners.forEach((listener) => listener(state, text));
    }

    fail(reason) {
      if (this.state === "failed") return;
      if (this.worker) this.worker.terminate();
      this.emit("failed", reason);
      this.waiting.forEach(({ reject, timer }) => { clearTimeout(timer); reject(new Error(reason)); });
      this.waiting.clear();
    }

    onMessage(message) {
      if (!isDeclaredMessage("to_page", message)) return;
      if (message.type === "progress") this.emit("loading", message.text);
      else if (message.type === "ready") {
        this.timings = message.timings;
        document.documentElement.dataset.pythonTimings = JSON.stringify(message.timings);
        this.emit("ready");
      } else if (message.type === "failed") this.fail(message.error.message);
      else if (message.type === "result" || message.type === "error") this.settle(message);
      else if (message.type === "run_result") this.settle({ ...message, type: "result", result: message.output });
      else if (message.type === "run_error") this.settle({ ...message, type: "error" });
    }

    /* The answer to one render request: its figure, or an error as data. */
    settle(message) {
      const pending = this.waiting.get(message.id);
      if (!pending) return;
      this.waiting.delete(message.id);
      clearTimeout(pending.timer);
      if (message.type === "result") {
        pending.resolve(message.result);
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
      if (this.state === "failed") return Promise.reject(new Error(this.lastText));
      if (this.state === "lost") this.start();
      const id = this.nextId++;
      return new Promise((resolve, reject) => {
        this.waiting.set(id, { resolve, reject, timer: null });
        const message = protocolMessage("to_worker", "run", { id, block, code, original });
        if (this.worker) this.worker.postMessage(message);
        else this.pending.push(message);
      });
    }

    /* Stop whatever Python is doing (an endless loop included) by ending its worker and
     * starting a new one: without SharedArrayBuffer (GitHub Pages cannot send the headers it
     * needs) there is no other way to interrupt it. Pending requests fail with `reason`; the
     * widgets see "loading" then "ready" and draw again by themselves. */
    restart(reason) {
      if (this.worker) this.worker.terminate();
      this.worker = null;
      this.pending = [];
      const error = Object.assign(new Error(reason), { detail: protocolError("Stopped", reason, true) });
      this.waiting.forEach(({ reject, timer }) => { clearTimeout(timer); reject(error); });
      this.waiting.clear();
      this.start();
      this.emit("loading", "Reiniciando Python…");
    }

    render(widget, values) {
      if (this.state === "failed") return Promise.reject(new Error(this.lastText));
      if (this.state === "lost") this.start(); // the request waits for the new worker
      const id = this.nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => this.lost("Python no respondió a tiempo"), RENDER_TIMEOUT_MS);
        this.waiting.set(id, { resolve, reject, timer });
        const message = protocolMessage("to_worker", "render", { id, widget, values });
        if (this.worker) this.worker.postMessage(message);
        else this.pending.push(message);
      });
    }
  }

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = () => reject(new Error(`no se pudo leer ${src}`));
      document.head.appendChild(script);
    });
  }


  window.leccionRuntime = new PythonRuntime(siteRoot);
  // This script is async: scripts that ran before it wait for this event (see widgets.js).
  document.dispatchEvent(new Event("leccion:runtime"));
})();
