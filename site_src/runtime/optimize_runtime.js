// Build step: boot the verified Pyodide runtime in Node.js and run optimize_in_pyodide.py in it.
// Usage: node optimize_runtime.js STAGE_DIR OUT_DIR PY_DIR
// (called by site_src/runtime_optimizer.py; see that file for what goes in and out)
"use strict";

const path = require("path");
const { loadPyodide } = require(path.resolve(__dirname, "../../node_modules/pyodide/pyodide.js"));

async function main() {
  const [stage, out, pyDir] = process.argv.slice(2).map((dir) => path.resolve(dir));
  // py/ is mounted on /mnt/py below, a folder on Python's path from its start (PYTHONPATH).
  const pyodide = await loadPyodide({
    indexURL: stage + "/", stdout: () => {}, stderr: () => {},
    env: { PYTHONPATH: "/mnt/py" }, fsInit: (FS) => FS.mkdirTree("/mnt/py"),
  });
  const { packages } = require("./packages.json");
  await pyodide.loadPackage(packages, { messageCallback: () => {} });
  const mounts = { "/mnt/stage": stage, "/mnt/out": out, "/mnt/py": pyDir, "/mnt/runtime": __dirname };
  for (const [point, root] of Object.entries(mounts)) {
    pyodide.FS.mkdirTree(point);
    pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root }, point);
  }
  const script = require("fs").readFileSync(path.join(__dirname, "optimize_in_pyodide.py"), "utf8");
  const namespace = pyodide.globals.get("dict")();
  pyodide.runPython(script, { globals: namespace });
  pyodide.runPython('main("/mnt/stage", "/mnt/out", "/mnt/py", "/mnt/runtime/remainder_finder.py", ["/mnt/runtime/wheel_unpacker.py"])', { globals: namespace });
}

main().catch((error) => {
  console.error(String(error && error.stack || error));
  process.exit(1);
});
