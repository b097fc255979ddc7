/* A classic script added to a document: how the page fetches a script again that the network
 * dropped, reads the offline copy's files from disk (file:// refuses fetch) and runs a worker's
 * script in the search frame. Resolves once it has run; rejects, removing the element, when it
 * could not be fetched. */
export function loadScript(src, parent = document.head) {
  return new Promise((resolve, reject) => {
    const script = parent.ownerDocument.createElement("script");
    script.src = src;
    script.onload = resolve;
    script.onerror = () => {
      script.remove();
      reject(new Error(`no se pudo leer ${src}`));
    };
    parent.appendChild(script);
  });
}

/* The same script fetched again, bypassing a failed copy the browser may have kept. */
export function loadScriptAgain(src, parent = document.head) {
  return loadScript(`${src}?reintento=${Date.now()}`, parent);
}
