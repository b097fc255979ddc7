"""What the browser's Python worker downloads, and the sha256 each file must have.

Written at build time from the files of the built site, then bundled into the worker script
(``RUNTIME_FILES``, a JSON module it imports: static_files.py, js_bundle.py), so every runtime file is checked before it is used, in
every context: served over https, on a plain-http classroom server, from the offline copy.

Files start-up downloads also get a gzip copy beside them where it is at least 10 % smaller
(``pyodide.asm.wasm.gz``, ``pyodide.asm.js.gz``, the wheels and stdlib zip, whose members the
optimizer stores uncompressed): a static server that compresses nothing sends ~8 MB less, because
the worker fetches the copy and decompresses it itself (DecompressionStream). The sha256 is always
the one of the decompressed file.

The rest of the runtime (``ON_DEMAND``: stdlib modules and package files the widgets never use,
see runtime/optimize_in_pyodide.py) is listed too, marked ``on_demand``: the worker downloads
and checks one of them only when a reader's code imports a module it holds.
"""

import hashlib
import json
from pathlib import Path

import zopfli.gzip

RUNTIME_DIR = "pyodide"
MODULES = "py/modules.json"
GZIP_SUFFIX = ".gz"
# Zopfli writes gzip that any inflater reads, ~4 % smaller than zlib's level 9 (0.4 MB on the
# runtime); one iteration keeps most of that at a fraction of the time.
ZOPFLI_ITERATIONS = 1
GZIP_MIN_SAVING = 0.1
# Loaded when a reader's code imports a module they hold (names shared with the optimizer).
ON_DEMAND = ("python_stdlib_rest.zip", "python_packages_rest.zip")
# The order downloads start in: what the core needs first, then the wheels, then the modules.
FIRST = ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
# The packages' loading stages (packages.json): stage 0 is the core's files, stage k + 1 the wheels
# of the packages' k-th stage; the lesson's modules come with the last.
PACKAGE_STAGES = json.loads((Path(__file__).parent / "runtime" / "packages.json").read_text(encoding="utf-8"))["stages"]


def write_gzip_copies(runtime_dir, cache_dir=None):
    """``name.gz`` beside each start-up file it makes 10 % smaller (deterministic: no name, no
    date in the header). Zopfli takes a minute or two for the whole runtime: cached by sha256."""
    runtime_dir = Path(runtime_dir)
    for path in sorted(runtime_dir.iterdir()):
        name = path.name
        if not path.is_file() or is_gzip_copy(name) or name in ON_DEMAND:
            continue
        data = path.read_bytes()
        cached = (Path(cache_dir) / f"zopfli-{ZOPFLI_ITERATIONS}" / (hashlib.sha256(data).hexdigest() + GZIP_SUFFIX)
                  if cache_dir else None)
        if cached and cached.is_file():
            packed = cached.read_bytes()
        else:
            packed = zopfli.gzip.compress(data, numiterations=ZOPFLI_ITERATIONS)
            if cached:
                cached.parent.mkdir(parents=True, exist_ok=True)
                cached.write_bytes(packed)
        if len(packed) <= (1 - GZIP_MIN_SAVING) * len(data):
            (runtime_dir / (name + GZIP_SUFFIX)).write_bytes(packed)


def is_gzip_copy(path):
    return str(path).endswith(GZIP_SUFFIX)


def is_on_demand(path):
    return Path(path).name in ON_DEMAND


def build(site_dir):
    """{path: {sha256, bytes, wire, gzip, on_demand, core, stage}} for every file the worker
    loads, in download order (the on-demand ones last).

    ``bytes`` is the file's size, ``gzip`` the path of its compressed copy (or None) and ``wire``
    what travels: the copy's size where there is one."""
    site_dir = Path(site_dir)
    runtime = site_dir / RUNTIME_DIR
    names = sorted(path.name for path in runtime.iterdir() if path.is_file() and not is_gzip_copy(path.name))
    ordered = ([name for name in FIRST if name in names]
               + [name for name in names if name not in FIRST and name not in ON_DEMAND]
               + [name for name in ON_DEMAND if name in names])
    stages = wheel_stages(runtime / "pyodide-lock.json")
    last_stage = len(PACKAGE_STAGES)
    files = {}
    for path in [f"{RUNTIME_DIR}/{name}" for name in ordered if name not in ON_DEMAND] + [MODULES] + \
            [f"{RUNTIME_DIR}/{name}" for name in ordered if name in ON_DEMAND]:
        data = (site_dir / path).read_bytes()
        copy = site_dir / (path + GZIP_SUFFIX)
        files[path] = {
            "sha256": hashlib.sha256(data).hexdigest(),
            "bytes": len(data),
            "gzip": path + GZIP_SUFFIX if copy.is_file() else None,
            "wire": copy.stat().st_size if copy.is_file() else len(data),
            "on_demand": is_on_demand(path),
            # What Python's core boots from: downloaded before the rest (pyodide-worker.js).
            "core": Path(path).name in FIRST,
            # Starts downloading once every file of a lower stage has arrived (None: on demand).
            "stage": (None if is_on_demand(path) else 0 if Path(path).name in FIRST
                      else stages.get(Path(path).name, last_stage)),
        }
    # Stage by stage (a stable sort: by name within one), the on-demand files last.
    return dict(sorted(files.items(), key=lambda item: (item[1]["stage"] is None, item[1]["stage"] or 0)))


def wheel_stages(lock_path):
    """{wheel file name: its package's stage} from the shipped lock; stage k + 1 for the
    packages of PACKAGE_STAGES[k]."""
    packages = json.loads(Path(lock_path).read_text(encoding="utf-8")).get("packages", {})
    return {packages[name]["file_name"]: index + 1
            for index, stage in enumerate(PACKAGE_STAGES) for name in stage["packages"] if name in packages}


def download_bytes(files):
    """Bytes on the wire for one cold start (the figure the page offers to readers saving data)."""
    return sum(entry["wire"] for entry in files.values() if not entry["on_demand"])
