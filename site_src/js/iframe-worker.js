/* Search from disk: pages opened as file:// may not start Web Workers from files, so Material's
 * search worker runs in a hidden same-origin <iframe> instead, behind the Worker interface.
 *
 * Material's offline plugin expects a shim with "iframe-worker" in its path (mkdocs.yml
 * extra.polyfills). The npm package's shim writes an inline <script> into the frame, which the
 * site's Content-Security-Policy refuses; this one hands the frame its postMessage and
 * importScripts directly and loads the worker script with <script src>. The lesson's own Python
 * worker keeps the browser's Worker (native-worker.js runs first).
 */
import { loadScript } from "./modules/load-script.js";

class FrameWorker extends EventTarget {
  constructor(url) {
    super();
    this.onmessage = null;
    this.onerror = null;
    this.frame = document.createElement("iframe");
    this.frame.hidden = true;
    document.body.appendChild(this.frame);
    const scope = this.frame.contentWindow;
    // What a worker script calls: postMessage answers its creator, importScripts loads in order.
    scope.postMessage = (data) => this.emit(new MessageEvent("message", { data }), this.onmessage);
    scope.importScripts = (...urls) => urls.reduce(
      (previous, src) => previous.then(() => loadScript(new URL(src, document.baseURI).href, scope.document.body)),
      Promise.resolve());
    scope.addEventListener("error", (event) => this.emit(
      new ErrorEvent("error", { message: event.message, error: event.error }), this.onerror));
    this.started = loadScript(new URL(url, document.baseURI).href, scope.document.body);
    this.started.catch((error) => this.emit(new ErrorEvent("error", { message: error.message, error }), this.onerror));
  }

  emit(event, handler) {
    this.dispatchEvent(event);
    if (handler) handler.call(this, event);
  }

  postMessage(data) {
    this.started.then(() => {
      if (this.frame.contentWindow) {
        this.frame.contentWindow.dispatchEvent(new MessageEvent("message", { data: structuredClone(data) }));
      }
    }, () => {});
  }

  terminate() {
    this.frame.remove();
  }
}

if (window.location.protocol === "file:") {
  // Material's search worker looks for this name to find its lunr files next to its own script.
  window.IFrameWorker = FrameWorker;
  window.Worker = FrameWorker;
}
