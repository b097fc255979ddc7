"""The downloadable copy of the site: ``site/descargas/leccion-backprop-sgd.zip``.

Unzipped, the copy works served by any static server (like the site) and also opened from disk
(a ``file://`` page), where browsers refuse ``fetch``, XHR and workers from file URLs but run
classic ``<script src>`` files. So the zip adds ``offline/``: every file the Python worker needs
(the Pyodide runtime, the wheels, the lesson modules, the worker itself) as a classic script that
hands its bytes to the page (base64; gzip first where it pays). On ``file://`` the page loads them
and passes them to a worker made from a Blob (see js/python-runtime.js and js/pyodide-worker.js;
both decode with js/modules/embedded-file.js).

The zip is deterministic: sorted entries, fixed dates, gzip without timestamps.
"""

import base64
import gzip
import json
import zipfile
from pathlib import Path

from site_src import runtime_manifest

ZIP_NAME = "leccion-backprop-sgd.zip"
DOWNLOADS = "descargas"
TOP_FOLDER = "leccion-backprop-sgd"
OFFLINE = "offline"
FIXED_DATE = (1980, 1, 1, 0, 0, 0)
# Files the worker reads, relative to the site root (plus everything in pyodide/).
WORKER_FILES = ("assets/lesson/pyodide-worker.js", "py/modules.json")
CONTENT_TYPES = {".wasm": "application/wasm", ".js": "text/javascript", ".json": "application/json",
                 ".zip": "application/zip", ".whl": "application/zip"}


def embedded_files(site_dir):
    """The worker's files; not the gzip copies of the runtime (these scripts are gzipped anyway)."""
    site_dir = Path(site_dir)
    runtime = sorted(p.relative_to(site_dir).as_posix() for p in (site_dir / "pyodide").iterdir()
                     if not runtime_manifest.is_gzip_copy(p.name))
    return [*WORKER_FILES, *runtime]


def has_gzip_copy(path):
    """A runtime file the worker only ever downloads as its gzip copy: the copy served from the
    zip needs just the copy (file:// pages read offline/ instead), which keeps ~10 MB out."""
    path = Path(path)
    return path.parent.name == "pyodide" and not runtime_manifest.is_gzip_copy(path.name) \
        and path.with_name(path.name + runtime_manifest.GZIP_SUFFIX).is_file()


def as_script(path, data):
    """One classic script that registers one file's bytes with the page. The worker decodes an
    on-demand file when Python asks for it, synchronously: never gzip (the archive is deflated)."""
    packed = gzip.compress(data, compresslevel=9, mtime=0)
    compressed = len(packed) < 0.9 * len(data) and not runtime_manifest.is_on_demand(path)
    payload = base64.b64encode(packed if compressed else data).decode("ascii")
    content_type = CONTENT_TYPES.get(Path(path).suffix, "application/octet-stream")
    arguments = ", ".join(json.dumps(value) for value in (path, content_type, compressed))
    return f'LeccionOffline.add({arguments}, "{payload}");\n'.encode("ascii")


def script_name(path):
    return path.replace("/", "__") + ".js"


def index_script(paths):
    """offline/index.js: the registry the file scripts fill, and the list of those scripts."""
    scripts = json.dumps([script_name(path) for path in paths])
    return (
        "// Written by site_src/offline_bundle.py: the Python files of this copy, for file:// pages.\n"
        "window.LeccionOffline = {\n"
        f"  scripts: {scripts},\n"
        "  files: {},\n"
        "  add(path, type, gzip, data) { this.files[path] = { type, gzip, data }; },\n"
        "};\n"
    ).encode("utf-8")


def build_offline_zip(site_dir):
    """Write the zip into the site and return its size and the size of the offline scripts."""
    site_dir = Path(site_dir)
    target = site_dir / DOWNLOADS / ZIP_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    site_files = sorted(p for p in site_dir.rglob("*")
                        if p.is_file() and DOWNLOADS not in p.relative_to(site_dir).parts
                        and not has_gzip_copy(p))
    paths = embedded_files(site_dir)
    offline_bytes = 0
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in site_files:
            _write(archive, path.relative_to(site_dir).as_posix(), path.read_bytes())
        _write(archive, f"{OFFLINE}/index.js", index_script(paths))
        for path in paths:
            script = as_script(path, (site_dir / path).read_bytes())
            offline_bytes += len(script)
            _write(archive, f"{OFFLINE}/{script_name(path)}", script)
    return {"zip": target.stat().st_size, "offline_scripts": offline_bytes}


def _write(archive, name, data):
    info = zipfile.ZipInfo(f"{TOP_FOLDER}/{name}", date_time=FIXED_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)
