/* Binds every widget of the page (markup written at build time) to the page's Python worker
 * (started in <head> by python-runtime.js, handed over through modules/page-handoff.js).
 *
 * Where a slider value goes: input event -> Widget.onMove (snap to the declared positions,
 * update the readout) -> Widget.requestRender (only the latest values wait) -> PythonRuntime.render
 * -> worker -> result -> Widget.show (the figure, whole or patched by figure-patch.js; its
 * accessible name; the status message).
 */
import { LiveFigure } from "./modules/figure-patch.js";
import { markWidgetsScript } from "./modules/page-handoff.js";
import { MissingRuntime, pythonRuntime } from "./modules/runtime-script.js";
import { keepTallest } from "./modules/kept-height.js";
import * as settings from "./modules/widget-settings.js";
import { nearestIndex } from "./modules/widget-settings.js";

const roots = document.querySelectorAll("[data-widget]");
const scriptFolder = new URL(".", document.currentScript.src).href;
const URL_DELAY_MS = 300;
// A render that takes longer than this shows the spinner. A quick one (most slider moves) does
// not: a spinner that comes and goes within a frame or two only shifts the status text.
const SPINNER_DELAY_MS = 300;

class Widget {
  constructor(root, runtime) {
    this.root = root;
    this.runtime = runtime;
    this.spec = JSON.parse(root.dataset.spec);
    this.name = this.spec.widget;
    this.figure = new LiveFigure(root.querySelector(".lw-figure"));
    // The page asks Python for the figure that fits its width (py/lesson_style.py, Layout).
    this.narrow = window.matchMedia(root.dataset.narrowMedia);
    this.narrow.addEventListener("change", () => { if (this.live) this.requestRender(); });
    this.status = root.querySelector("[role=status]");
    this.reseedButton = root.querySelector(".lw-reseed");
    this.extraValues = {};
    this.inFlight = false;
    this.queued = false;
    this.controls = this.spec.controls.map((control) => this.bindControl(control));
    if (this.reseedButton) this.reseedButton.addEventListener("click", () => this.reseed());
    root.querySelector(".lw-copy-link").addEventListener("click", () => this.copyLink());
    root.querySelector(".lw-reset").addEventListener("click", () => this.reset());
    root.querySelector(".lw-zoom").addEventListener("click", () => FullScreen.open(this.figureElement()));
    root.querySelector(".lw-picture").addEventListener("click", () => FullScreen.open(this.figureElement()));
    this.linkNotices = this.applyLink();
    // Kept by the page's IntersectionObserver (bindAll), whose first answer comes a frame after
    // binding: not read from the layout here, which would lay out the page at start-up only for
    // KaTeX to change it right after (a widget in view then is asked for a second time, "soon").
    this.inView = false;
    runtime.subscribe((state, text) => this.onRuntime(state, text));
  }

  /* Asks Python to draw this widget's figure ahead of the reader's first move, unless it is
   * live already or set away from its pre-rendered figure (drawn once Python is ready); a
   * widget in view first. */
  askAhead() {
    if (!this.live && !this.moved()) this.runtime.prepare(this.name, this.values(), this.layout(), this.inView);
  }

  /* The widget came into the reader's view (or left it). */
  seen(inView) {
    this.inView = inView;
    if (inView) this.askAhead();
  }

  /* Settings from the page URL (a shared link), corrected if needed; shown before Python is
   * ready and drawn as soon as it is. Returns the Spanish notices about corrected values. */
  applyLink() {
    const fromLink = settings.read(this.spec, window.location.search);
    this.controls.forEach((bound) => {
      if (bound.control.name in fromLink.indexes) this.setIndex(bound, fromLink.indexes[bound.control.name]);
    });
    if (fromLink.seed !== null) this.extraValues[this.spec.seed_argument] = fromLink.seed;
    return fromLink.notices.join(" ");
  }

  copyLink() {
    const url = settings.link(this.spec, this.values(), this.root.id);
    const done = () => this.setStatus(`Enlace copiado: ${url}`);
    const fallback = () => this.setStatus(`Copien este enlace: ${url}`);
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(url).then(done, fallback);
    else fallback();
  }

  /* The seed's defaults (and the default random sample). */
  reset() {
    this.controls.forEach((bound) => this.setIndex(bound, nearestIndex(bound.control.positions, bound.control.value)));
    delete this.extraValues[this.spec.seed_argument];
    this.changed();
  }

  changed() {
    this.urlStale = true; // the page URL is updated when a figure is shown, not on every move
    this.requestRender();
    if (this.runtime.state !== "ready") this.rememberInUrl();
  }

  rememberInUrl() {
    if (!this.urlStale) return;
    this.urlStale = false;
    settings.remember(this.spec, this.values());
  }

  bindControl(control) {
    const input = this.root.querySelector(`input[name="${control.name}"]`);
    const output = this.root.querySelector(`output[for="${input.id}"]`);
    const bound = { control, input, output, index: nearestIndex(control.positions, control.value) };
    input.addEventListener("input", () => this.onMove(bound, nearestIndex(control.positions, Number(input.value))));
    input.addEventListener("keydown", (event) => this.onKey(bound, event));
    return bound;
  }

  /* Arrow keys move by one position of the seed's grid; Page keys by a tenth of the range. */
  onKey(bound, event) {
    const last = bound.control.positions.length - 1;
    const page = Math.max(1, Math.round(last / 10));
    const arrows = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1 };
    const moves = { PageUp: page, PageDown: -page, Home: -Infinity, End: Infinity };
    if (!(event.key in arrows) && !(event.key in moves)) return;
    event.preventDefault();
    const target = event.key in arrows ? this.arrowTarget(bound, arrows[event.key]) : bound.index + moves[event.key];
    const index = Math.min(last, Math.max(0, target));
    if (index !== bound.index) this.onMove(bound, index);
  }

  /* The next position at least half a step away: from the author's default off the grid
   * (lr = 0.1 between 0.06 and 0.11) the first press goes to 0.16, a change the figure shows. */
  arrowTarget(bound, direction) {
    const { positions, step } = bound.control;
    const from = positions[bound.index];
    let index = bound.index + direction;
    while (index > 0 && index < positions.length - 1 && Math.abs(positions[index] - from) < step / 2 - 1e-9) {
      index += direction;
    }
    return index;
  }

  onMove(bound, index) {
    const moved = index !== bound.index;
    this.setIndex(bound, index); // snaps the thumb even when the position stays
    if (moved) this.changed(); // a drag sends many input events per position: one render each
  }

  setIndex(bound, index) {
    const value = bound.control.positions[index];
    bound.index = index;
    bound.input.value = String(value);
    const readout = bound.control.readouts[index]; // formatted by Python (controls.py)
    bound.output.textContent = readout;
    bound.input.setAttribute("aria-valuetext", readout);
  }

  values() {
    const values = { ...this.extraValues };
    this.controls.forEach(({ control, index }) => { values[control.name] = control.positions[index]; });
    return values;
  }

  reseed() {
    this.extraValues[this.spec.seed_argument] = Math.floor(Math.random() * 2 ** 31);
    this.changed();
  }

  /* While the reader drags, only the latest values are computed: at most one request is in
   * flight per widget; moves made meanwhile collapse into one follow-up request. */
  requestRender() {
    // Before Python is ready the latest values are kept and drawn once it is; after a crash
    // (state "lost") the request itself starts a new worker.
    if (this.runtime.state !== "ready" && this.runtime.state !== "lost") return;
    if (this.inFlight) {
      this.queued = true;
      return;
    }
    this.inFlight = true;
    this.queued = false;
    this.setState("busy");
    this.runtime.render(this.name, this.values(), this.figure.revision, this.layout()).then(
      (result) => this.show(result),
      (error) => this.showError(error),
    ).finally(() => {
      this.inFlight = false;
      if (this.queued) this.requestRender();
      else if (this.root.dataset.state === "busy") this.setState("ready");
    });
  }

  layout() {
    return this.narrow.matches ? "narrow" : "wide";
  }

  figureElement() {
    return this.root.querySelector(".lw-figure");
  }

  show(result) {
    if (!this.live) {
      // From now on the figure comes from Python, in the layout asked for: the pre-rendered
      // narrow <source> must not take its place.
      this.live = true;
      this.root.querySelectorAll(".lw-picture source").forEach((source) => source.remove());
    }
    if (!this.figure.show(result)) {
      this.queued = true; // it patched a figure this page does not show: ask for a whole one
      return;
    }
    this.showTable(result.table || []);
    const notes = [this.linkNotices, result.message, ...(result.problems || [])].filter(Boolean);
    this.linkNotices = "";
    this.root.classList.toggle("lw-warning", Boolean(result.message));
    this.rememberSoon();
    this.setStatus(notes.length ? notes.join(" ") : result.alt);
  }

  /* The page URL follows the figures shown a moment later: replacing it takes the frame that
   * paints a figure a few ms, and while the reader drags only the last figure's values count. */
  rememberSoon() {
    clearTimeout(this.urlTimer);
    this.urlTimer = setTimeout(() => this.rememberInUrl(), URL_DELAY_MS);
  }

  /* Rows keep their order from one render to the next: only the cells' text changes. */
  showTable(rows) {
    const body = this.root.querySelector(".lw-table tbody");
    if (!body) return;
    rows.forEach(([quantity, value], index) => {
      let row = body.rows[index];
      if (!row) {
        row = body.insertRow();
        const header = document.createElement("th");
        header.scope = "row";
        row.appendChild(header);
        row.insertCell();
      }
      // A cell given its own text again is laid out again: only changed text is set.
      if (row.cells[0].textContent !== quantity) row.cells[0].textContent = quantity;
      if (row.cells[1].textContent !== value) row.cells[1].textContent = value;
    });
    while (body.rows.length > rows.length) body.deleteRow(-1);
  }

  showError(error) {
    if (error.detail && error.detail.fatal) return; // the runtime reports it ("lost") and restarts
    this.rememberInUrl();
    this.root.classList.add("lw-warning");
    this.setStatus(`No se pudo calcular la figura: ${error.message}`);
  }

  onRuntime(state, text, progress) {
    const notices = this.linkNotices ? this.linkNotices + " " : "";
    const precomputed = this.live ? "" : "Figura calculada de antemano. "; // live: Python drew it
    this.showRuntimeButton(null);
    if (state === "loading") {
      this.setState("loading");
      this.setStatus(`${notices}${precomputed}${text || "Cargando Python…"}`);
      // Asked now, Python draws the first of these figures as soon as it is ready.
      this.askAhead();
    } else if (state === "ready") {
      this.setState("ready");
      if (this.reseedButton) this.reseedButton.disabled = false;
      if (this.moved()) {
        this.requestRender();
      } else {
        this.setStatus(`${notices}Python listo: muevan los controles para recalcular la figura en su navegador.`);
        this.askAhead();
      }
    } else if (state === "lost") {
      this.setState("error");
      this.setStatus("Python se detuvo; al mover un control se vuelve a iniciar.");
    } else if (state === "failed") {
      this.setState("error");
      this.root.classList.add("lw-warning");
      const figure = precomputed ? "La figura muestra los valores iniciales." : "La figura es la última que se calculó.";
      this.setStatus(`${notices}El modo interactivo no está disponible: ${text}. ${figure}`);
      if (this.runtime.retryable !== false) this.showRuntimeButton("Reintentar");
    } else if (state === "paused") {
      this.setState("static");
      const megabytes = Math.max(1, Math.round(this.runtime.downloadBytes / 1e6));
      this.setStatus(`${notices}${precomputed}${text} Pueden activar los controles cuando quieran.`);
      this.showRuntimeButton(`Activar los controles (descarga de ${megabytes} MB)`);
    }
  }

  /* Set away from the figure the page was built with (a link's settings, or moved while Python
   * started): drawn as soon as Python is ready, not drawn ahead. */
  moved() {
    return this.controls.some(({ control, index }) => control.positions[index] !== control.value)
      || Object.keys(this.extraValues).length > 0;
  }

  /* "Reintentar" after a failure, "Activar los controles" for readers saving data; null hides it.
   * Either one starts Python again without reloading the page. */
  showRuntimeButton(label) {
    const stopgap = this.root.querySelector(".lw-script-retry"); // python-runtime.js's, for this script
    if (stopgap) stopgap.remove();
    let button = this.root.querySelector(".lw-runtime-action");
    if (!label) {
      if (button) button.hidden = true;
      return;
    }
    if (!button) {
      button = document.createElement("button");
      button.type = "button";
      button.className = "lw-runtime-action md-button md-button--primary";
      button.addEventListener("click", () => this.runtime.retry());
      this.root.querySelector(".lw-actions").prepend(button);
    }
    button.textContent = label;
    button.hidden = false;
  }

  setState(state) {
    if (state === "busy" && this.root.dataset.state !== "busy") {
      this.spinnerTimer = setTimeout(() => this.root.classList.add("lw-slow"), SPINNER_DELAY_MS);
    } else if (state !== "busy") {
      clearTimeout(this.spinnerTimer);
      this.root.classList.remove("lw-slow");
    }
    this.root.dataset.state = state;
    this.root.setAttribute("aria-busy", String(state === "busy" || state === "loading"));
  }

  setStatus(text) {
    if (this.status.textContent !== text) this.status.textContent = text;
  }
}

/* A figure in full screen: a modal <dialog> (Escape and "Cerrar" close it, focus returns to
 * the button that opened it) holding a copy of the figure as it is now. */
const FullScreen = {
  dialog: null,
  open(figure) {
    if (!this.dialog) this.dialog = this.create();
    const copy = figure.cloneNode(true);
    copy.removeAttribute("id");
    if (figure.currentSrc) copy.src = figure.currentSrc; // the layout the <picture> chose
    copy.classList.add("lw-zoomed");
    this.dialog.querySelector(".lw-zoom-body").replaceChildren(copy);
    this.dialog.showModal();
  },
  create() {
    const dialog = document.createElement("dialog");
    dialog.className = "lw-zoom-dialog";
    dialog.setAttribute("aria-label", "Figura en pantalla completa");
    dialog.innerHTML = '<button type="button" class="lw-zoom-close md-button">Cerrar</button>'
      + '<div class="lw-zoom-body"></div>';
    dialog.querySelector(".lw-zoom-close").addEventListener("click", () => dialog.close());
    // A tap anywhere on the figure or around it closes it too.
    dialog.addEventListener("click", (event) => { if (event.target !== dialog.querySelector(".lw-zoom-close")) dialog.close(); });
    document.body.appendChild(dialog);
    return dialog;
  },
};

async function bindAll() {
  const widgets = [];
  const runtime = (await pythonRuntime(scriptFolder)) || new MissingRuntime(widgets, scriptFolder);
  roots.forEach((root) => widgets.push(new Widget(root, runtime)));
  // A notice or a table row that comes and goes must not move the page below (kept-height.js).
  widgets.forEach(({ root, status }) => keepTallest([status, ...root.querySelectorAll(".lw-table")],
                                                     root.querySelector(".lw-picture")));
  // A widget in view is the one the reader may move next: its figure is drawn ahead first.
  if ("IntersectionObserver" in window) {
    const byRoot = new Map(widgets.map((widget) => [widget.root, widget]));
    const observer = new IntersectionObserver((entries) => {
      entries.forEach((entry) => byRoot.get(entry.target).seen(entry.isIntersecting));
    });
    widgets.forEach((widget) => observer.observe(widget.root));
  }
}

markWidgetsScript(); // python-runtime.js fetches this script again without it (even with no widgets)
if (roots.length) bindAll();
