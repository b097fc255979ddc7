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

  // After the page has loaded, so installing the worker does not compete with the page itself.
  if (document.readyState === "complete") register();
  else window.addEventListener("load", register, { once: true });

  if (!document.querySelector("[data-widget]")) {
    // No Python on this page. An active worker has finished its install: pages and assets are cached.
    container.ready.then(() => { document.documentElement.dataset.offline = "ready"; });
    return;
  }
  // Once Python is ready, make sure its files are cached too. The runtime is created by the
  // async python-runtime.js, which may run after this script.
  let asked = false;
  withRuntime((runtime) => runtime.subscribe((state) => {
    if (state !== "ready" || asked) return;
    asked = true;
    cacheRuntime();
  }));
}

registerServiceWorker();
