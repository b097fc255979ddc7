/* Build step, in a new headless Chromium worker: restore the snapshot just made, exactly as the
 * site's worker does (site_src/js/snapshot-restore.js), and render the same widgets again.
 * make_snapshot.py compares the figures with those of the normal boot that made the snapshot.
 *
 * Message in: {root, snapshotURL, widgets: [{name, values}]}.
 */
"use strict";

self.onmessage = async ({ data }) => {
  try {
    self.postMessage({ ok: true, summary: await checkSnapshot(data) });
  } catch (error) {
    self.postMessage({ ok: false, error: String(error && error.stack || error) });
  }
};

async function checkSnapshot({ root, snapshotURL, widgets }) {
  const started = performance.now();
  const snapshot = await fetchSnapshot(snapshotURL, null);
  const mismatch = snapshotMismatch(snapshot.header);
  if (mismatch) throw new Error(`the snapshot does not fit the engine that made it: ${mismatch}`);
  importScripts(root + "pyodide/pyodide.js", root + "pyodide/pyodide.asm.js");
  hookSnapshotRestore(snapshot);
  const pyodide = await loadPyodide({ indexURL: root + "pyodide/", _loadSnapshot: pyodideMemorySnapshot(snapshot) });
  finishSnapshotRestore(pyodide, snapshot);
  const ready = performance.now() - started;
  const widgetRender = pyodide.pyimport("widget_render");
  const rendered = [];
  for (const { name, values } of widgets) {
    const pyValues = pyodide.toPy(values);
    const result = widgetRender.render(name, pyValues);
    rendered.push(result.get("svg"));
    result.destroy();
    pyValues.destroy();
  }
  // A module never imported before the snapshot, with an extension module: the loader's tables work.
  const lateImport = pyodide.runPython(`import sys
late = [name for name in ("numpy.random", "numpy.fft", "numpy.linalg") if name not in sys.modules]
try:
    import numpy.fft
    result = str(numpy.fft.fft([1.0, 2.0, 3.0, 4.0]).real.tolist())
except ImportError as error:
    result = repr(error)
f"{late} {result}"`);
  return { rendered, ready, lateImport, tableLength: pyodide._module.wasmTable.length };
}
