/* Offline repeat visits: registers the site's service worker (<site>/sw.js, see
 * site_src/service-worker.template.js) and, once the page's Python is ready, asks it to keep the
 * runtime the page just loaded.
 *
 * Only over http(s): opened from disk (file://) the site works as before, with no service worker.
 * Sets <html data-offline="ready"> once the pages and, on a page with widgets, the runtime are
 * cached ("partial" when some runtime file was no longer in the browser's HTTP cache: it is cached
 * when the next visit loads it).
 */
import { withRuntime } from "./modules/page-handoff.js";

function registerServiceWorker() {
  if (!/^https?:$/.test(window.location.protocol) || !("serviceWorker" in navigator)) return;
  const script = document.currentScript;
  if (!script) return;
  // The script lives in <site>/assets/lesson/: sw.js is at the site root, whose folder is its
  // scope, wherever the site is served from (a sub-path such as user.github.io/repo/).
  const workerUrl = new URL("../../sw.js", script.src).href;
  const container = navigator.serviceWorker;

  function register() {
    return container.register(workerUrl).catch((error) => {
      console.info(`Sin modo sin conexión: no se pudo registrar el service worker (${error.message}).`);
    });
  }

  function cacheRuntime() {
    container.addEventListener("message", (event) => {
      const report = event.data;
      if (!report || report.type !== "runtime-cached") return;
      document.documentElement.dataset.offline = report.missing.length ? "partial" : "ready";
    });
    container.startMessages();
    container.ready.then((registration) => registration.active.postMessage({ type: "cache-runtime" }));
  }

  if (!document.querySelector("[data-widget]")) {
    // No Python on this page: install after the page has loaded, so the worker's precache of
    // the site's pages and assets does not compete with the page itself.
    if (document.readyState === "complete") register();
    else window.addEventListener("load", register, { once: true });
    // An active worker has finished its install: pages and assets are cached.
    container.ready.then(() => { document.documentElement.dataset.offline = "ready"; });
    return;
  }
  // A page with widgets installs the worker once its Python is ready and the reader has paused
  // (or once it failed: the pages are worth keeping anyway), then makes sure the runtime's files
  // are cached too. Earlier, the precache (other pages, fonts, the editor: about 1.5 MB) shared
  // the network and the cores with Python's own start-up, and then, with caching the runtime
  // (~11 MB read, verified and stored), the reader's first moves. A reader saving data
  // ("paused") installs it after choosing to start Python. The runtime is created by the async
  // python-runtime.js, which may run after this.
  let registered = false;
  let asked = false;
  withRuntime((runtime) => runtime.subscribe((state) => {
    if (state === "failed" && !registered) {
      registered = true;
      whenIdle(register);
    }
    if (state === "ready" && !asked) {
      asked = true;
      runtime.whenQuiet(READER_PAUSE_MS).then(() => {
        if (!registered) register();
        registered = true;
        cacheRuntime();
      });
    }
  }));
}

/* Python had no figure or code to run for this long: the reader has paused (the service worker's
 * work then takes a second or two of both cores on a small machine). */
const READER_PAUSE_MS = 3000;

/* After the work in hand, within 2 s at most. */
function whenIdle(task) {
  if (typeof requestIdleCallback === "function") requestIdleCallback(task, { timeout: 2000 });
  else setTimeout(task, 200);
}

registerServiceWorker();
