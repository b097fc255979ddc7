// Where Python's time goes, without a browser: Pyodide in Node.js on a given runtime folder.
// Usage: node bench/runtime_profile.js site/pyodide/        (the prepared runtime)
//        node bench/runtime_profile.js .cache/pyodide/verified/   (the verified official files)
// Prints core boot, package load, the imports of numpy / matplotlib / pyplot, and per widget the
// median of 12 renders of a new figure split into computing + building it and drawing the SVG,
// then 48 moves of the live figure (one slider a step): how many patched, and their medians.
"use strict";

const path = require("path");
const { loadPyodide } = require(path.resolve(__dirname, "../node_modules/pyodide/pyodide.js"));

async function main() {
  const runtime = path.resolve(process.argv[2] || "site/pyodide") + "/";
  let start = Date.now();
  // py/ is mounted on /mnt/py below, a folder on Python's path from its start (PYTHONPATH).
  const pyodide = await loadPyodide({
    indexURL: runtime, env: { PYTHONPATH: "/mnt/py" }, fsInit: (FS) => FS.mkdirTree("/mnt/py"),
  });
  const core = Date.now() - start;
  start = Date.now();
  const { packages } = require("../site_src/runtime/packages.json");
  await pyodide.loadPackage(packages, { messageCallback: () => {} });
  const packagesMs = Date.now() - start;
  pyodide.FS.mkdirTree("/mnt/py");
  pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: path.resolve(__dirname, "../py") }, "/mnt/py");
  console.log(`runtime ${runtime}\ncore boot ${core} ms, packages ${packagesMs} ms`);
  pyodide.runPython(`
import logging, time

def median(samples):
    # statistics is not shipped at start-up (#10 trims the stdlib to what the widgets import).
    ordered = sorted(samples)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2

logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
imports = []
for module in (*${JSON.stringify(packages)}, "matplotlib.pyplot", "widget_render"):
    started = time.perf_counter()
    __import__(module)
    imports.append(f"{module} {(time.perf_counter() - started) * 1000:.0f} ms")
print("imports: " + ", ".join(imports))
import controls, live_figure, widget_render
from lesson_style import plt
widget_render.warm_up()
for name in ("sgd_descent.visualize_sgd", "toy_problem.solve_toy_problem",
             "chain_rule.explore_chain_rule", "batch_comparison.compare_batches"):
    function = widget_render.find_widget(name)
    values, _ = controls.coerce_all(function, {})
    build, draw = [], []
    for _ in range(12):
        started = time.perf_counter()
        output = live_figure.fresh(function, **values)
        built = time.perf_counter()
        figure = getattr(output, "figure", output)
        svg = live_figure.figure_svg(figure)
        draw.append(time.perf_counter() - built)
        build.append(built - started)
    print(f"{name:34s} new figure: compute + build {median(build) * 1000:4.0f} ms, "
          f"draw SVG {median(draw) * 1000:4.0f} ms, SVG {len(svg) // 1024} KB")
    # The live figure, moved as a reader does: one slider at a time, one position further.
    controls_ = list(function.controls.items())
    shown, kinds = None, {"patch": [], "whole": []}
    current = dict(values)
    for step in range(48):
        key, slider = controls_[step % len(controls_)]
        positions = slider.positions()
        index = positions.index(min(positions, key=lambda p: abs(p - current[key])))
        current[key] = positions[(index + 1 + step // len(controls_)) % len(positions)]
        result = widget_render.render(name, current, shown=shown)
        shown = result["revision"]
        kind = "whole" if result["patch_of"] is None else "patch"
        kinds[kind].append((result["timings"]["compute"], result["timings"]["draw"], len(result["svg"])))
    for kind, samples in kinds.items():
        if samples:
            print(f"{'':34s} live, {kind:5s} x{len(samples):2d}: compute {median(s[0] for s in samples):4.1f} ms, "
                  f"draw {median(s[1] for s in samples):5.1f} ms, SVG {median(s[2] for s in samples) / 1024:5.1f} KB")
`);
}

main().catch((error) => { console.error(error); process.exit(1); });
