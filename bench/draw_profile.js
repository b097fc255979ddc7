// bench/draw_profile.py inside Pyodide in Node.js: the bench's slider changes, compute and draw.
// Usage: node bench/draw_profile.js site/pyodide/ [--changes 30] [--profile WIDGET] [--top 25] [--py FOLDER]
//        (give .cache/pyodide/verified/ for the official files, whose stdlib has cProfile)
"use strict";

const path = require("path");
const { loadPyodide } = require(path.resolve(__dirname, "../node_modules/pyodide/pyodide.js"));

async function main() {
  const [folder, ...options] = process.argv.slice(2);
  const runtime = path.resolve(folder || "site/pyodide") + "/";
  const pyodide = await loadPyodide({ indexURL: runtime });
  const { packages } = require("../site_src/runtime/packages.json");
  await pyodide.loadPackage(packages, { messageCallback: () => {} });
  pyodide.FS.mkdirTree("/mnt/repo");
  pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: path.resolve(__dirname, "..") }, "/mnt/repo");
  const py = options.indexOf("--py");
  if (py >= 0) { // another folder of the widgets' modules, mounted where Python looks for it
    const folder = path.resolve(options[py + 1]);
    options[py + 1] = "/mnt/py";
    pyodide.FS.mkdirTree("/mnt/py");
    pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: folder }, "/mnt/py");
  }
  console.log(`runtime ${runtime}`);
  pyodide.globals.set("options", pyodide.toPy(options));
  // Not runpy: a trimmed stdlib (site/pyodide) may lack what it imports.
  pyodide.runPython(`import sys
sys.argv = ["draw_profile", *options]
script = "/mnt/repo/bench/draw_profile.py"
with open(script) as source:
    exec(compile(source.read(), script, "exec"), {"__name__": "__main__", "__file__": script})`);
}

main().catch((error) => { console.error(error); process.exit(1); });
