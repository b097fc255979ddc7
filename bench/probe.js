/* Injected before any script of every page (context.add_init_script). Times are performance.now():
 * milliseconds since the navigation started. Read back as window.__bench by bench/loads.py.
 *
 *   figures[widget]  the widget's first figure: when it was loaded (complete, naturalWidth > 0) and
 *                    the next animation frame after that
 *   elementTiming[]  the browser's own paint times of the figures (Element Timing: renderTime is
 *                    when the frame that shows the image was presented)
 *   states[]         every change of a widget's data-state, with the time and the status text
 *   paints           first-paint and first-contentful-paint of the page
 */
(() => {
  if (window !== window.top) return;
  const bench = { figures: {}, states: [], elementTiming: [], paints: {} };
  window.__bench = bench;
  const watched = new WeakSet();
  const lastState = new WeakMap();

  /* The time of the first task after the next frame: what the DOM holds now has been painted
   * (used by sliders.js once the page is idle; during the load long tasks delay it). ``marks``,
   * if given, gets that frame's animation callback: when it ran (``frame``) and the frame's own
   * start time (``frameTime``, the argument every callback of one frame shares). */
  bench.afterNextPaint = (marks) => new Promise((resolve) => requestAnimationFrame((frameTime) => {
    if (marks) Object.assign(marks, { frame: performance.now(), frameTime });
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve(performance.now());
    channel.port2.postMessage(null);
  }));

  bench.widgets = () => [...document.querySelectorAll("[data-widget]")].map((root) => ({
    widget: root.dataset.widget,
    state: root.dataset.state,
    status: (root.querySelector("[role=status]") || {}).textContent || "",
  }));

  /* Parsed, every widget out of loading (ready or error), every first figure loaded. Also true,
   * for the caller to report, once the page has loaded without widgets or with a widget still
   * "static" (the page script sets "loading" before DOMContentLoaded: it did not run). */
  bench.settled = () => {
    if (document.readyState === "loading") return false;
    const widgets = bench.widgets();
    if (document.readyState === "complete" && (!widgets.length || widgets.some((w) => w.state === "static"))) {
      return true;
    }
    return widgets.every(
      (w) => ["ready", "error"].includes(w.state) && w.widget in bench.figures);
  };

  /* The browser paints only what is in the viewport: a figure below the fold gets no Element
   * Timing entry, only "loaded" and "frame" (the next animation frame after it loaded). */
  async function timeFirstFigure(image, widget) {
    const loaded = image.complete ? image.naturalWidth > 0 : await new Promise((resolve) => {
      image.addEventListener("load", () => resolve(true), { once: true });
      image.addEventListener("error", () => resolve(false), { once: true });
    });
    if (!loaded) {
      bench.figures[widget] = { error: `figure not loaded: ${image.src}` };
      return;
    }
    const loadedAt = performance.now();
    const frame = await new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));
    bench.figures[widget] = { src: image.currentSrc, loaded: loadedAt, frame };
  }

  function noteState(root) {
    const state = root.dataset.state;
    if (lastState.get(root) === state) return;
    lastState.set(root, state);
    const status = root.querySelector("[role=status]");
    bench.states.push({
      widget: root.dataset.widget, state, t: performance.now(), status: status ? status.textContent : "",
    });
  }

  function scan(node) {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    for (const image of [node, ...node.querySelectorAll("img.lw-figure")]) {
      if (!image.matches("img.lw-figure") || watched.has(image)) continue;
      const root = image.closest("[data-widget]");
      if (!root) continue;
      watched.add(image);
      image.setAttribute("elementtiming", root.dataset.widget);
      noteState(root);
      timeFirstFigure(image, root.dataset.widget);
    }
  }

  const observer = new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === "attributes") noteState(record.target);
      else record.addedNodes.forEach(scan);
    }
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ["data-state"] });

  // Once parsed, only data-state changes matter (KaTeX and status texts add many nodes later).
  document.addEventListener("DOMContentLoaded", () => {
    observer.takeRecords().forEach((record) => {
      if (record.type === "attributes") noteState(record.target);
      else record.addedNodes.forEach(scan);
    });
    document.querySelectorAll("img.lw-figure").forEach(scan);
    observer.disconnect();
    observer.observe(document, { subtree: true, attributes: true, attributeFilter: ["data-state"] });
  });

  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        bench.elementTiming.push({
          widget: entry.identifier, renderTime: entry.renderTime, loadTime: entry.loadTime,
          url: entry.url,
        });
      }
    }).observe({ type: "element", buffered: true });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) bench.paints[entry.name] = entry.startTime;
    }).observe({ type: "paint", buffered: true });
  } catch (error) {
    // Element Timing unsupported: every figure falls back to "frame".
  }
})();
