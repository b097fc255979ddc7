"""Make the verified runtime start faster: bytecode, a ready font list, and only what is used.

The verified official files (assembled by pyodide_assets) go in; a runtime for ``site/pyodide/``
comes out. The work is done by Pyodide itself, in Node.js (runtime/optimize_runtime.js running
runtime/optimize_in_pyodide.py): it runs every widget of py/, then rewrites the stdlib zip and the
wheels, and writes the rest of the runtime into the archives loaded on demand
(runtime_manifest.ON_DEMAND). The output is cached by the hash of everything that goes in, so an
unchanged build does not run Node again. The shipped lock gets the sha256 of the rewritten files.
"""

import hashlib
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from site_src import runtime_manifest

HERE = Path(__file__).resolve().parent
SCRIPTS = (HERE / "runtime" / "optimize_runtime.js", HERE / "runtime" / "optimize_in_pyodide.py",
           HERE / "runtime" / "remainder_finder.py", HERE / "runtime" / "wheel_unpacker.py",
           HERE / "runtime" / "packages.json")
REWRITTEN = ("python_stdlib.zip", *runtime_manifest.ON_DEMAND)
COPIED_AS_IS = ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm")


class OptimizerError(RuntimeError):
    pass


def inputs_key(stage, py_dir):
    digest = hashlib.sha256()
    for path in [stage / "pyodide-lock.json", stage / "python_stdlib.zip", *SCRIPTS,
                 *sorted(Path(py_dir).glob("*.py"))]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:24]


def run_in_pyodide(stage, out, py_dir):
    node = shutil.which("node")
    if not node:
        raise OptimizerError("Node.js is needed to prepare the runtime (node not found on PATH).")
    completed = subprocess.run([node, str(SCRIPTS[0]), str(stage), str(out), str(py_dir)],
                               capture_output=True, text=True)
    if completed.returncode != 0:
        raise OptimizerError("optimizing the runtime in Pyodide failed:\n" + completed.stderr[-4000:])


def optimized_files(stage, py_dir, cache_dir):
    """The folder holding the rewritten stdlib zip, wheels and report (cached)."""
    cached = Path(cache_dir) / "optimized" / inputs_key(stage, py_dir)
    if not (cached / "report.json").is_file():
        cached.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=cached.parent) as scratch:
            run_in_pyodide(stage, scratch, py_dir)
            shutil.rmtree(cached, ignore_errors=True)
            shutil.copytree(scratch, cached)
    return cached


def optimize(stage, dest, py_dir, cache_dir):
    """Write the optimized runtime into ``dest`` from the verified files in ``stage``."""
    stage, dest = Path(stage), Path(dest)
    source = optimized_files(stage, py_dir, cache_dir)
    report = json.loads((source / "report.json").read_text())
    official = json.loads((stage / "pyodide-lock.json").read_text())

    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in COPIED_AS_IS:
        shutil.copyfile(stage / name, dest / name)
    for name in REWRITTEN:
        shutil.copyfile(source / name, dest / name)

    kept = set(report["packages"])
    packages = {}
    for name in sorted(kept):
        entry = dict(official["packages"][name])
        data = (source / entry["file_name"]).read_bytes()
        (dest / entry["file_name"]).write_bytes(data)
        entry["sha256"] = hashlib.sha256(data).hexdigest()  # Pyodide checks the file against it
        entry["depends"] = [dep for dep in entry["depends"] if dep in kept]
        packages[name] = entry
    lock = {"info": official["info"], "packages": packages}
    (dest / "pyodide-lock.json").write_text(json.dumps(lock, indent=1, sort_keys=True))
    return report
