"""What the browser's Python worker downloads, and the sha256 each file must have.

Written at build time from the files of the built site, then bundled into the worker script
(``RUNTIME_FILES``, a JSON module it imports: static_files.py, js_bundle.py), so every runtime file is checked before it is used, in
every context: served over https, on a plain-http classroom server, from the offline copy.

Large text-like files also get a gzip copy beside them (``pyodide.asm.wasm.gz``,
``pyodide.asm.js.gz``): a static server that compresses nothing sends ~8 MB less, because the
worker fetches the copy and decompresses it itself (DecompressionStream). The sha256 is always the
one of the decompressed file.
"""

import gzip
import hashlib
from pathlib import Path

RUNTIME_DIR = "pyodide"
MODULES = "py/modules.json"
# Only these gain from a copy: the wheels and the stdlib zip are already deflate-compressed.
GZIP_COPIES = ("pyodide.asm.wasm", "pyodide.asm.js")
GZIP_SUFFIX = ".gz"
# The order downloads start in: what the core needs first, then the wheels, then the modules.
FIRST = ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")


def write_gzip_copies(runtime_dir, cache_dir=None):
    """``name.gz`` beside each of GZIP_COPIES (deterministic: no name, no date in the header).

    Level 9 on the 10 MB wasm takes seconds: the result is cached by the file's sha256."""
    runtime_dir = Path(runtime_dir)
    for name in GZIP_COPIES:
        data = (runtime_dir / name).read_bytes()
        cached = Path(cache_dir) / "gzip" / (hashlib.sha256(data).hexdigest() + GZIP_SUFFIX) if cache_dir else None
        if cached and cached.is_file():
            packed = cached.read_bytes()
        else:
            packed = gzip.compress(data, compresslevel=9, mtime=0)
            if cached:
                cached.parent.mkdir(parents=True, exist_ok=True)
                cached.write_bytes(packed)
        (runtime_dir / (name + GZIP_SUFFIX)).write_bytes(packed)


def is_gzip_copy(path):
    return any(str(path).endswith(name + GZIP_SUFFIX) for name in GZIP_COPIES)


def build(site_dir):
    """{path: {sha256, bytes, wire, gzip}} for every file the worker loads, in download order.

    ``bytes`` is the file's size, ``gzip`` the path of its compressed copy (or None) and ``wire``
    what travels: the copy's size where there is one."""
    site_dir = Path(site_dir)
    runtime = site_dir / RUNTIME_DIR
    names = sorted(path.name for path in runtime.iterdir() if path.is_file() and not is_gzip_copy(path.name))
    ordered = [name for name in FIRST if name in names] + [name for name in names if name not in FIRST]
    files = {}
    for path in [f"{RUNTIME_DIR}/{name}" for name in ordered] + [MODULES]:
        data = (site_dir / path).read_bytes()
        copy = site_dir / (path + GZIP_SUFFIX)
        files[path] = {
            "sha256": hashlib.sha256(data).hexdigest(),
            "bytes": len(data),
            "gzip": path + GZIP_SUFFIX if copy.is_file() else None,
            "wire": copy.stat().st_size if copy.is_file() else len(data),
        }
    return files


def download_bytes(files):
    """Bytes on the wire for one cold start (the figure the page offers to readers saving data)."""
    return sum(entry["wire"] for entry in files.values())
