/* Drives one widget's sliders from inside the page, so no Playwright round trip sits in the timings.
 * Argument: {selector, changes: [{name, value, state}], intervalMs, timeoutMs}
 *   intervalMs null  "paced": each change waits for the figure that shows its values;
 *   intervalMs > 0   "burst": one change every intervalMs, then wait for the last values' figure.
 * Returns {sent: [{name, value, state, sent, handled, figuresBefore}], figures: [...], error, status}, where a
 * figure is {values, source (src set), painted (decoded, then the first task after the next frame;
 * null if replaced before), presented (the browser's Element Timing renderTime, a cross-check:
 * when that frame reached the screen), diverged}.
 * Needs window.__bench.afterNextPaint from probe.js.
 */
async ({ selector, changes, intervalMs, timeoutMs }) => {
  const root = document.querySelector(selector);
  const image = root.querySelector("img.lw-figure");
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

  // widgets.js sets src, alt, data-values and the status in one task: read them together.
  const observer = new MutationObserver(() => {
    const src = image.src;
    const figure = {
      src, values: JSON.parse(image.dataset.values), source: performance.now(), painted: null,
      diverged: status.textContent.includes("diverge"),
    };
    figures.push(figure);
    image.decode().then(() => window.__bench.afterNextPaint(), () => null).then((time) => {
      if (time !== null && image.src === src) figure.painted = time;
      wake();
    });
  });
  observer.observe(image, { attributes: true, attributeFilter: ["src"] });

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
  // Presentation times arrive a frame or two after the paint: wait for them (a few frames at most).
  for (let frame = 0; frame < 30 && figures.some((f) => f.painted !== null && !presented.has(f.src)); frame++) {
    await window.__bench.afterNextPaint();
    noteTimings(timings.takeRecords());
  }
  timings.disconnect();
  figures.forEach((figure) => { figure.presented = presented.get(figure.src) || null; delete figure.src; });
  return { sent, figures, error, status: status.textContent };
}
