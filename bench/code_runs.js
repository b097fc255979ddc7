/* In-page part of bench/code_runs.py: runs a code block's editor and times it with
 * performance.now(), with no Playwright round trip inside a measurement. */
window.__benchCode = (() => {
  const panel = (block) => document.querySelector(`[data-code-block="bloque-${block}"]`);
  const output = (block) => panel(block).querySelector("[data-run-output]");
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

  function setCode(block, code) {
    const view = window.LeccionEditor.viewOf(panel(block).querySelector(".cr-editor").shadowRoot.querySelector(".cm-editor"));
    window.LeccionEditor.setText(view, code);
  }

  /* Resolves when the block's output shows a run newer than `after` that is no longer running. */
  function settled(block, after) {
    return new Promise((resolve) => {
      const check = () => {
        const element = output(block);
        if (Number(element.dataset.run || 0) > after && element.dataset.runState !== "running") {
          observer.disconnect();
          resolve();
        }
      };
      const observer = new MutationObserver(check);
      observer.observe(panel(block), { attributes: true, subtree: true, attributeFilter: ["data-run", "data-run-state"] });
      check();
    });
  }

  async function runOnce(block) {
    const before = Number(output(block).dataset.run || 0);
    const done = settled(block, before);
    const start = performance.now();
    panel(block).querySelector(".cr-run").click();
    await done;
    await frame(); // painted
    return performance.now() - start;
  }

  async function timeRuns(block, code, count) {
    setCode(block, code);
    await runOnce(block); // first run imports code_runner in the worker: not counted
    const times = [];
    for (let i = 0; i < count; i += 1) times.push(await runOnce(block));
    return times;
  }

  /* An endless loop, "Detener" 300 ms into it, then at once a run that prints: how long until
   * the run is marked stopped, and until the new run's line is on screen. */
  async function stopAndRecover(block) {
    setCode(block, "while True:\n    pass\n");
    const before = Number(output(block).dataset.run || 0);
    panel(block).querySelector(".cr-run").click();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stoppedRun = settled(block, before);
    const start = performance.now();
    panel(block).querySelector(".cr-stop").click();
    await stoppedRun;
    const stopped = performance.now() - start;
    setCode(block, "print('de nuevo')");
    const recovered = settled(block, before + 1);
    panel(block).querySelector(".cr-run").click();
    await recovered;
    await frame();
    const working = performance.now() - start;
    const ok = output(block).textContent.includes("de nuevo");
    const timings = window.leccionRuntime.timings || {};
    return { stopped_ms: stopped, working_ms: working, printed: ok, boot_ms: timings.imports || NaN };
  }

  return { timeRuns, stopAndRecover };
})();
