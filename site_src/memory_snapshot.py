"""The memory snapshot step: ``site/snapshot/python.bin.gz`` and the worker code that restores it.

The site's Python, booted and warmed up, is saved by headless Chromium at build time (see
site_src/snapshot/make_snapshot.py; it fails the build if a restore does not give the same
figures as a normal boot). The worker gets site_src/js/snapshot-restore.js inlined at its top with
``const SNAPSHOT = {file, sha256, engine}``: where the engine matches it restores the snapshot
instead of loading and importing the packages; elsewhere (other engines, file:// pages, a refused
check) it boots the normal way.

Off by default: the snapshot adds about 20 MB to a first visit (see README, "Memory snapshot"),
over the byte budget. ``LESSON_SNAPSHOT=1 make build`` builds it; without it the worker gets
``SNAPSHOT = null`` (always the normal boot).
The snapshot is cached by the hash of everything that goes in, so an unchanged build does not
start Chromium again.
"""

import hashlib
import json
import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESTORE_JS = ROOT / "site_src" / "js" / "snapshot-restore.js"
SNAPSHOT_SOURCES = (RESTORE_JS, *sorted((ROOT / "site_src" / "snapshot").glob("*.js")),
                    ROOT / "site_src" / "snapshot" / "make_snapshot.py",
                    ROOT / "site_src" / "runtime" / "packages.json")
WORKER = "assets/lesson/pyodide-worker.js"
SNAPSHOT_FILE = "snapshot/python.bin.gz"
CACHE = ROOT / ".cache"
SWITCH = "LESSON_SNAPSHOT"
MANIFEST_ASSIGNMENT = "const SNAPSHOT = "


class SnapshotStepError(RuntimeError):
    pass


def enabled():
    return os.environ.get(SWITCH, "0") == "1"


def add_to_site(site_dir, cache_dir, snapshot=None):
    """Make (or reuse) the snapshot, put it in the site, inline the restore code in the worker.
    snapshot: True/False, or None for $LESSON_SNAPSHOT. A worker that has the restore code
    already (a built site) gets it anew. Returns the manifest (None without a snapshot)."""
    site_dir = Path(site_dir)
    manifest = None
    if enabled() if snapshot is None else snapshot:
        cached = cached_snapshot(site_dir, Path(cache_dir))
        target = site_dir / SNAPSHOT_FILE
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached / "python.bin.gz", target)
        manifest = json.loads((cached / "manifest.json").read_text())
    worker = site_dir / WORKER
    code = worker.read_text(encoding="utf-8")
    restore = RESTORE_JS.read_text(encoding="utf-8") + "\n"
    if code.startswith(MANIFEST_ASSIGNMENT):
        code = code.split("\n", 1)[1].removeprefix(restore)
    worker.write_text(manifest_line(manifest) + restore + code, encoding="utf-8")
    return manifest


def manifest_line(manifest):
    return f"{MANIFEST_ASSIGNMENT}{json.dumps(manifest, sort_keys=True)};\n"


def without_snapshot(worker_text):
    """The worker's code for a copy of the site that does not carry the snapshot."""
    first, newline, rest = worker_text.partition("\n")
    if not first.startswith(MANIFEST_ASSIGNMENT):
        raise SnapshotStepError(f"{WORKER} does not start with its snapshot manifest")
    return manifest_line(None) + rest


def inputs_key(site_dir, browser):
    digest = hashlib.sha256()
    inputs = [*sorted((site_dir / "pyodide").iterdir()), site_dir / "py" / "modules.json", *SNAPSHOT_SOURCES]
    for path in inputs:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    stat = Path(browser).stat()
    digest.update(f"{browser}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:24]


def cached_snapshot(site_dir, cache_dir):
    from site_src.snapshot import make_snapshot

    browser = make_snapshot.find_browser()
    cached = cache_dir / "snapshot" / inputs_key(site_dir, browser)
    if (cached / "manifest.json").is_file():
        return cached
    cached.mkdir(parents=True, exist_ok=True)
    try:
        summary = make_snapshot.make_snapshot(site_dir, cached / "python.bin.gz")
    except make_snapshot.SnapshotError as error:
        shutil.rmtree(cached, ignore_errors=True)
        raise SnapshotStepError(str(error)) from error
    data = (cached / "python.bin.gz").read_bytes()
    manifest = {
        "file": SNAPSHOT_FILE,
        "sha256": hashlib.sha256(data).hexdigest(),
        "engine": summary["made"]["header"]["engine"],
    }
    (cached / "manifest.json").write_text(json.dumps(manifest, sort_keys=True))
    return cached


def main():
    """``python -m site_src.memory_snapshot SITE_DIR``: add the snapshot to a built site."""
    import argparse

    from site_src import service_worker

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("site_dir", type=Path)
    args = parser.parse_args()
    try:
        manifest = add_to_site(args.site_dir, ROOT / ".cache", snapshot=True)
    except SnapshotStepError as error:
        raise SystemExit(f"memory snapshot: {error}") from None
    service_worker.write_service_worker(args.site_dir)  # the worker's code changed
    size = (args.site_dir / manifest["file"]).stat().st_size
    print(f"memory snapshot: {manifest['file']} is {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
