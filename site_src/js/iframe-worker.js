/* Search from disk: pages opened as file:// may not start Web Workers from files, so Material's
 * search worker runs in a hidden same-origin <iframe> instead, behind the Worker interface.
 *
 * Material's offline plugin expects a shim with "iframe-worker" in its path (mkdocs.yml
 * extra.polyfills). The npm package's shim writes an inline <script> into the frame, which the
 * site's Content-Security-Policy refuses; this one hands the frame its postMessage and
 * importScripts directly and loads the worker script with <script src>. The lesson's own Python
 * worker keeps the browser's Worker (native-worker.js runs first).
 */
(function () {
  "use strict";
  if (window.location.protocol !== "file:") return;

  function loadScript(frameDocument, src) {
    return new Promise((resolve, reject) => {
      const script = frameDocument.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = () => reject(new Error(`no se pudo leer ${src}`));
      frameDocument.body.appendChild(script);
    });
  }

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
        (previous, src) => previous.then(() => loadScript(scope.document, new URL(src, document.baseURI).href)),
        Promise.resolve());
      scope.addEventListener("error", (event) => this.emit(
        new ErrorEvent("error", { message: event.message, error: event.error }), this.onerror));
      this.started = loadScript(scope.document, new URL(url, document.baseURI).href);
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

  // Material's search worker looks for this name to find its lunr files next to its own script.
  window.IFrameWorker = FrameWorker;
  window.Worker = FrameWorker;
})();
