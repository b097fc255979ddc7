/* python-runtime.js for widgets.js: it is async, in <head>, and the network may have dropped
 * it. Here already, announced later, or fetched again a few times; if it never arrives,
 * MissingRuntime stands in for it (the widgets say so and offer Reintentar). `folder` is where
 * the page's scripts are (assets/lesson/). */
import { loadScriptAgain } from "./load-script.js";
import { currentRuntime, withRuntime } from "./page-handoff.js";

/* True once `present()` holds, loading `src` up to `attempts` times, waiting longer each time. */
async function withScript(src, present, attempts = 3) {
  for (let attempt = 0; attempt < attempts && !present(); attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt));
    await loadScriptAgain(src).catch(() => {});
  }
  return Boolean(present());
}

function pageLoaded() {
  return new Promise((resolve) => {
    if (document.readyState === "complete") resolve();
    else window.addEventListener("load", resolve, { once: true });
  });
}

/* python-runtime.js: here already, announced later (it is async), or fetched again. */
export async function pythonRuntime(folder) {
  if (currentRuntime()) return currentRuntime();
  const announced = new Promise((resolve) => withRuntime(resolve));
  await Promise.race([announced, pageLoaded()]); // every async script has run by the load event
  await withScript(folder + "python-runtime.js", currentRuntime);
  return currentRuntime() || null;
}

/* Stands for a runtime whose script could not be fetched: failed, and Reintentar fetches it
 * again; once it runs, the widgets are handed over to it. */
export class MissingRuntime {
  constructor(widgets, folder) {
    this.widgets = widgets;
    this.folder = folder;
    this.listeners = [];
    this.state = "failed";
    this.retryable = true;
    this.lastText = "no se pudo descargar python-runtime.js";
  }

  subscribe(listener) {
    this.listeners.push(listener);
    listener(this.state, this.lastText, null);
  }

  emit(state) {
    this.state = state;
    this.listeners.forEach((listener) => listener(state, state === "loading" ? "Cargando Python…" : this.lastText, null));
  }

  render() {
    return Promise.reject(new Error(this.lastText));
  }

  prepare() {} // nothing is drawn ahead without Python; the runtime found by retry() is asked

  retry() {
    this.emit("loading");
    withScript(this.folder + "python-runtime.js", currentRuntime).then((found) => {
      if (!found) {
        this.emit("failed");
        return;
      }
      const runtime = currentRuntime();
      this.widgets.forEach((widget) => {
        widget.runtime = runtime;
        runtime.subscribe((state, text, progress) => widget.onRuntime(state, text, progress));
      });
    });
  }
}
