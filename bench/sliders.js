/* Drives one widget's sliders from inside the page, so no Playwright round trip sits in the timings.
 * Argument: {selector, changes: [{name, value, state}], intervalMs, timeoutMs}
 *   intervalMs null  "paced": each change waits for the figure that shows its values;
 *   intervalMs > 0   "burst": one change every intervalMs, then wait for the last values' figure.
 * Returns {sent: [{name, value, state, sent, handled, figuresBefore}], figures: [...], frameMs, error, status}, where a
 * figure is {values, source (its data-values set: an <img> got a new src, or an inline <svg> was
 * replaced or patched), painted (an <img> decoded, then the first task after the next frame; null
 * if replaced before), frame and frameTime (that frame's animation callback: when it ran, and the
 * frame's start time), presented (the browser's Element Timing renderTime of an <img>, a
 * cross-check: when that frame reached the screen), below (where the page below the widget
 * starts then, in the document: it moved if the widget's height changed), diverged, timings
 * (where the render's time went, from the page's "leccion:render-timings" event; null on a site
 * without it)}; belowAtStart: the same before the first change.
 * Needs window.__bench.afterNextPaint from probe.js.
 */
async ({ selector, changes, intervalMs, timeoutMs }) => {
  const root = document.querySelector(selector);
  const status = root.querySelector("[role=status]");
  const inputs = {};
  root.querySelectorAll('input[type="range"]').forEach((input) => { inputs[input.name] = input; });
  const sent = [];
  const figures = [];
  let wake = () => {};
  const presented = new Map(); // blob URL -> Element Timing renderTime
  const noteTimings = (entries) => entries.forEach((entry) => presented.set(entry.url, entry.renderTime));
  const timings = new PerformanceObserver((list) => noteTimings(list.getEntries()));
  timings.observe({ type: "element" });

  const shows = (figure, state) => figure.painted !== null
    && Object.keys(state).every((name) => Math.abs(figure.values[name] - state[name]) < 1e-9);

  // The worker's timings of each result arrive (in the same task) just before it is shown.
  const renderTimings = [];
  const noteRender = (event) => { if (event.detail.widget === root.dataset.widget) renderTimings.push(event.detail); };
  document.addEventListener("leccion:render-timings", noteRender);

  // widgets.js sets the figure (src or SVG), its name, data-values and the status in one task:
  // read them together when data-values changes.
  const observer = new MutationObserver((records) => {
    const element = records[records.length - 1].target;
    if (!element.classList.contains("lw-figure")) return;
    const values = JSON.parse(element.dataset.values);
    const source = performance.now();
    const timing = renderTimings.length ? renderTimings[renderTimings.length - 1] : null;
    const figure = {
      src: element.localName === "img" ? element.src : null, values, source, painted: null,
      diverged: status.textContent.includes("diverge"),
      timings: timing && {
        compute: timing.compute, draw: timing.draw, serialize: timing.serialize,
        transfer: timing.received - timing.sent,
        // From the result's arrival to the figure swapped in (parse + patch, in the page).
        swap: source - (timing.received - performance.timeOrigin),
      },
    };
    figures.push(figure);
    const decoded = element.localName === "img" ? element.decode() : Promise.resolve();
    const marks = {};
    decoded.then(() => window.__bench.afterNextPaint(marks), () => null).then((time) => {
      if (time !== null && figures[figures.length - 1] === figure) {
        Object.assign(figure, { painted: time, frame: marks.frame, frameTime: marks.frameTime, below: below() });
      }
      wake();
    });
  });
  observer.observe(root, { attributes: true, attributeFilter: ["data-values"], subtree: true });

  function send(change) {
    const input = inputs[change.name];
    input.value = String(change.value);
    const record = { ...change, sent: performance.now(), figuresBefore: figures.length };
    sent.push(record);
    input.dispatchEvent(new Event("input", { bubbles: true }));
    record.handled = performance.now(); // the page's input handlers ran synchronously until here
  }

  async function until(condition, ms) {
    const deadline = performance.now() + ms;
    while (!condition()) {
      if (performance.now() > deadline) return false;
      await new Promise((resolve) => { wake = resolve; setTimeout(resolve, 100); });
    }
    return true;
  }

  // Where the page below the widget starts, in the document (after a frame: no layout forced).
  const below = () => (root.nextElementSibling ? root.nextElementSibling.getBoundingClientRect().top + window.scrollY : null);
  const belowAtStart = below();

  const sleepUntil = (time) => new Promise((resolve) => setTimeout(resolve, Math.max(0, time - performance.now())));

  let error = null;
  if (intervalMs) {
    const start = performance.now();
    for (const [index, change] of changes.entries()) {
      send(change);
      await sleepUntil(start + (index + 1) * intervalMs);
    }
    const last = changes[changes.length - 1].state;
    if (!await until(() => root.dataset.state === "ready" && figures.some((f) => shows(f, last)), timeoutMs)) {
      error = `no figure of the last values after ${timeoutMs} ms`;
    }
  } else {
    for (const change of changes) {
      const before = figures.length;
      send(change);
      if (!await until(() => figures.slice(before).some((f) => shows(f, change.state)), timeoutMs)) {
        error = `no figure of ${JSON.stringify(change.state)} after ${timeoutMs} ms`;
        break;
      }
    }
    await until(() => root.dataset.state === "ready", timeoutMs);
  }
  observer.disconnect();
  document.removeEventListener("leccion:render-timings", noteRender);
  // Presentation times arrive a frame or two after the paint: wait for them (a few frames at most).
  for (let frame = 0; frame < 30 && figures.some((f) => f.painted !== null && !presented.has(f.src)); frame++) {
    await window.__bench.afterNextPaint();
    noteTimings(timings.takeRecords());
  }
  timings.disconnect();
  // The display's frame interval (16.7 ms at 60 Hz), measured after the changes (not to delay the
  // first one): the median gap between frames' start times.
  const frameTimes = [];
  for (let frame = 0; frame < 9; frame++) frameTimes.push(await new Promise(requestAnimationFrame));
  const gaps = frameTimes.slice(1).map((time, index) => time - frameTimes[index]).sort((a, b) => a - b);
  const frameMs = gaps[Math.floor(gaps.length / 2)];
  figures.forEach((figure) => { figure.presented = presented.get(figure.src) || null; delete figure.src; });
  return { sent, figures, frameMs, belowAtStart, error, status: status.textContent };
}
