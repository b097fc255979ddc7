/* What the page's separately loaded scripts hand each other. Within one script everything is an
 * import; these scripts are bundled apart because they load at different moments (the runtime
 * async in <head> so Python starts early; the widgets deferred; the editor on request) and each
 * may be dropped by the network and fetched again. Every window name they share is read and
 * written here, and nowhere else.
 */

/* --- the browser's own Worker: native-worker.js keeps it before the search frame's shim
 * (iframe-worker.js) replaces window.Worker on file:// pages; the Python worker needs the real one. */
export function keepNativeWorker() {
  window.LeccionNativeWorker = window.Worker;
}

export function nativeWorker() {
  return window.LeccionNativeWorker || window.Worker;
}

/* --- the page's one Python (python-runtime.js): the widgets, the code blocks and the service
 * worker's registration use it; tests and the benchmark read window.leccionRuntime too. */
const RUNTIME_ANNOUNCED = "leccion:runtime";

export function publishRuntime(runtime) {
  window.leccionRuntime = runtime;
  document.dispatchEvent(new Event(RUNTIME_ANNOUNCED));
}

/* The runtime if its script has run, else undefined. */
export function currentRuntime() {
  return window.leccionRuntime;
}

/* Calls `use(runtime)` now, or once python-runtime.js (async: it may run later) has run. */
export function withRuntime(use) {
  if (window.leccionRuntime) use(window.leccionRuntime);
  else document.addEventListener(RUNTIME_ANNOUNCED, () => use(window.leccionRuntime), { once: true });
}

/* Shorter bounds that tests set before the page's scripts run. */
export function runtimeLimits() {
  return window.LeccionRuntimeLimits || null;
}

/* --- widgets.js has run: python-runtime.js fetches it again otherwise. */
export function markWidgetsScript() {
  window.leccionWidgetsScript = true;
}

export function widgetsScriptRan() {
  return Boolean(window.leccionWidgetsScript);
}

/* --- the offline copy's files, registered by the classic scripts of offline/ (written by
 * site_src/offline_bundle.py) once python-runtime.js has loaded them. */
export function offlineFiles() {
  return window.LeccionOffline;
}

/* --- the code editor bundle (site_src/editor/code-editor.mjs), loaded by code-runner.js. */
export function publishCodeEditor(editor) {
  window.LeccionEditor = editor; // bench/code_runs.js drives editors through it too
}

export function codeEditor() {
  return window.LeccionEditor;
}
