/* "Editar y ejecutar": every Python code block of the lesson becomes, on request, an editor
 * (CodeMirror, bundled into assets/lesson/code-editor.js and loaded only then) whose code runs
 * in the page's Python worker (python-runtime.js, the one the widgets use), each run in a
 * fresh namespace of its own (py/code_runner.py).
 *
 * What the reader gets under the editor, in the element with data-run-output: the printed text,
 * every figure as an img (alt = its titles), an exception's last line with its line number.
 * "Detener" ends the worker (the only way to stop an endless loop without SharedArrayBuffer) and
 * the runtime starts a new one; the widgets redraw by themselves. Edits are kept in
 * localStorage per block until "Restaurar".
 */
import { loadScript } from "./modules/load-script.js";
import { codeEditor, currentRuntime } from "./modules/page-handoff.js";

const blocks = [...document.querySelectorAll(".md-content div.language-python.highlight")];
const editorURL = new URL("code-editor.js", document.currentScript.src).href;
const pageName = window.location.pathname.split("/").pop() || "index.html";
const STOPPED = "Ejecución detenida";
let editorLoaded = null;

function loadEditor() {
  if (!editorLoaded) {
    editorLoaded = loadScript(editorURL).then(codeEditor, () => {
      editorLoaded = null; // the next click fetches it again
      throw new Error("no se pudo leer el editor (code-editor.js)");
    });
  }
  return editorLoaded;
}

/* Stored edits: {original, code}; an edit of code that has since changed on the site is
 * dropped rather than shown against the wrong block. */
const storage = {
  key: (id) => `leccion:codigo:${pageName}:${id}`,
  read(id, original) {
    try {
      const saved = JSON.parse(window.localStorage.getItem(this.key(id)) || "null");
      return saved && saved.original === original ? saved.code : null;
    } catch (error) {
      return null; // storage disabled or unreadable: start from the original
    }
  },
  write(id, original, code) {
    try {
      if (code === original) window.localStorage.removeItem(this.key(id));
      else window.localStorage.setItem(this.key(id), JSON.stringify({ original, code }));
    } catch (error) { /* storage full or disabled: the edit lives until the page closes */ }
  },
};

function button(text, className) {
  const element = document.createElement("button");
  element.type = "button";
  element.className = `md-button ${className}`;
  element.textContent = text;
  return element;
}

class CodeBlock {
  constructor(highlight, number) {
    this.highlight = highlight;
    this.number = number;
    this.id = `bloque-${number}`;
    this.original = highlight.querySelector("code").textContent.replace(/\n$/, "");
    this.runs = 0;
    this.openButton = button("Editar y ejecutar", "cr-open");
    this.openButton.setAttribute("aria-label", `Editar y ejecutar el bloque de código ${number}`);
    this.openButton.addEventListener("click", () => this.open(true));
    highlight.before(this.openButton);
    if (storage.read(this.id, this.original) !== null) this.open(false);
  }

  async open(focus) {
    this.openButton.disabled = true;
    let Editor;
    try {
      Editor = await loadEditor();
    } catch (error) {
      this.openButton.disabled = false;
      this.openButton.after(Object.assign(document.createElement("p"), {
        className: "cr-status", textContent: `No se pudo abrir el editor: ${error.message}.`,
      }));
      return;
    }
    this.Editor = Editor;
    this.buildPanel();
    this.view = Editor.create({
      parent: this.editorHost,
      text: storage.read(this.id, this.original) ?? this.original,
      label: `Código Python del bloque ${this.number} (editable; Ctrl+Enter lo ejecuta)`,
      onRun: () => this.run(),
      onChange: (text) => storage.write(this.id, this.original, text),
    });
    this.highlight.hidden = true;
    this.openButton.hidden = true;
    if (focus) this.view.focus();
  }

  buildPanel() {
    const panel = document.createElement("div");
    panel.className = "cr-panel";
    panel.dataset.codeBlock = this.id;
    this.editorHost = document.createElement("div");
    this.editorHost.className = "cr-editor";
    const actions = document.createElement("div");
    actions.className = "cr-actions";
    this.runButton = button("Ejecutar", "md-button--primary cr-run");
    this.stopButton = button("Detener", "cr-stop");
    this.restoreButton = button("Restaurar", "cr-restore");
    this.stopButton.disabled = true;
    this.runButton.addEventListener("click", () => this.run());
    this.stopButton.addEventListener("click", () => this.stop());
    this.restoreButton.addEventListener("click", () => this.restore());
    actions.append(this.runButton, this.stopButton, this.restoreButton);
    this.status = document.createElement("p");
    this.status.className = "cr-status";
    this.status.setAttribute("role", "status");
    this.output = document.createElement("div");
    this.output.className = "cr-output";
    this.output.setAttribute("data-run-output", "");
    this.output.setAttribute("aria-label", `Resultado del bloque ${this.number}`);
    this.output.setAttribute("role", "region");
    this.output.hidden = true;
    panel.append(this.editorHost, actions, this.status, this.output);
    this.highlight.after(panel);
  }

  async run() {
    const runtime = currentRuntime();
    if (!runtime || this.running) return;
    this.running = true;
    const run = ++this.runs;
    this.output.dataset.runState = "running";
    this.runButton.disabled = true;
    this.stopButton.disabled = false;
    this.status.textContent = runtime.state === "ready"
      ? "Ejecutando el bloque…" : "Ejecutando el bloque en cuanto Python termine de cargar…";
    try {
      const output = await runtime.run(this.id, this.view.state.doc.toString(), this.original);
      this.show(output, run);
    } catch (error) {
      this.showFailure(error, run);
    } finally {
      this.running = false;
      this.runButton.disabled = false;
      this.stopButton.disabled = true;
    }
  }

  stop() {
    if (!this.running) return;
    this.status.textContent = "Deteniendo…";
    currentRuntime().restart(STOPPED);
  }

  restore() {
    this.Editor.setText(this.view, this.original);
    storage.write(this.id, this.original, this.original);
    this.status.textContent = "Se restauró el código original del bloque.";
  }

  show({ text, figures, exception }, run) {
    const parts = [];
    if (text) parts.push(Object.assign(document.createElement("pre"), { className: "cr-text", textContent: text }));
    figures.forEach((figure) => {
      const image = new Image(figure.width, figure.height);
      image.className = "lw-figure cr-figure";
      image.alt = figure.alt;
      image.src = URL.createObjectURL(new Blob([figure.svg], { type: "image/svg+xml" }));
      parts.push(image);
    });
    if (exception) {
      const where = exception.line ? `Error en la línea ${exception.line}: ` : "Error: ";
      parts.push(Object.assign(document.createElement("pre"), {
        className: "cr-error", textContent: where + exception.message,
      }));
    }
    if (!parts.length) {
      parts.push(Object.assign(document.createElement("p"), {
        className: "cr-empty", textContent: "El código terminó sin imprimir ni dibujar nada.",
      }));
    }
    this.replaceOutput(parts, exception ? "error" : "done", run);
    const drawn = figures.length ? ` Dibujó ${figures.length === 1 ? "una figura" : `${figures.length} figuras`}.` : "";
    this.status.textContent = exception
      ? `La ejecución terminó con un error${exception.line ? ` en la línea ${exception.line}` : ""}.${drawn}`
      : `Ejecución terminada.${drawn}`;
  }

  showFailure(error, run) {
    const stopped = error.detail && error.detail.name === "Stopped";
    const text = stopped
      ? "Ejecución detenida. Python se reinicia: los controles de la lección vuelven solos en unos segundos."
      : `No se pudo ejecutar el bloque: ${error.message}.`;
    this.replaceOutput([Object.assign(document.createElement("p"), { className: "cr-error", textContent: text })],
      stopped ? "stopped" : "failed", run);
    this.status.textContent = text;
    // A Python that broke (not the reader's exception) is replaced, as Detener does.
    if (!stopped && error.detail && error.detail.fatal) currentRuntime().restart("Python se reinició");
  }

  replaceOutput(parts, state, run) {
    this.output.querySelectorAll("img[src^='blob:']").forEach((image) => URL.revokeObjectURL(image.src));
    this.output.replaceChildren(...parts);
    this.output.hidden = false;
    this.output.dataset.runState = state;
    this.output.dataset.run = String(run);
  }
}

blocks.forEach((highlight, index) => new CodeBlock(highlight, index + 1));
