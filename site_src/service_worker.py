"""The service worker step: <site>/sw.js, which makes repeat visits over http(s) work offline.

Run last by the build (it lists every file of the site). The worker's code is
site_src/service-worker.template.js; this step fills in its manifest: the sha256 of every file, which
files are precached at install, which ones form the Pyodide runtime (cached as they are used; of a
file shipped with a gzip copy, only the copy), and
a version that names the cache, so a new build replaces the previous one's cache. The same site
always gives the same sw.js.
"""

import hashlib
import json
from pathlib import Path, PurePosixPath

from site_src import runtime_manifest

TEMPLATE = Path(__file__).with_name("service-worker.template.js")
PLACEHOLDER = "/*MANIFEST*/null"
ASSIGNMENT = "const MANIFEST = "
WORKER_NAME = "sw.js"
RUNTIME_DIR = "pyodide/"
SEARCH_INDEX = "search/search_index.json"
LUNR_DIR = "assets/javascripts/lunr/"
# Cached only when something asks for them: source maps (for debugging tools), archives offered as
# downloads, and any other large file.
ON_DEMAND_SUFFIXES = (".map", ".zip", ".gz", ".bz2", ".xz", ".tar", ".whl")
LARGE_FILE_BYTES = 1_000_000
# MkDocs Material's search worker loads these besides lunr.<language>.min.js (see its
# workers/search.*.js): the stemmer support always, the segmenters for some languages only.
LUNR_ALWAYS = {"min/lunr.stemmer.support.min.js"}
LUNR_SEGMENTERS = {"ja": "tinyseg.js", "hi": "wordcut.js", "th": "wordcut.js"}


def write_service_worker(site_dir):
    """Writes <site_dir>/sw.js and returns its manifest."""
    site_dir = Path(site_dir)
    manifest = build_manifest(site_dir)
    (site_dir / WORKER_NAME).write_text(render(manifest), encoding="utf-8")
    return manifest


# For `make dev`: a worker that unregisters itself and deletes every cache of the site's origin,
# so pages rebuilt by the live-reload server are never answered from an older build's cache.
RETIRING_WORKER = """// Development build (make dev): no offline cache; this worker removes itself.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.map((name) => caches.delete(name))))
    .then(() => self.registration.unregister()));
});
"""


def write_retiring_worker(site_dir):
    (Path(site_dir) / WORKER_NAME).write_text(RETIRING_WORKER, encoding="utf-8")


def build_manifest(site_dir):
    site_dir = Path(site_dir)
    paths = site_files(site_dir)
    languages = search_languages(site_dir)
    manifest = {
        "files": {path: file_sha256(site_dir / path) for path in paths},
        "precache": [path for path in paths if is_precached(site_dir, path, languages)],
        "runtime": [path for path in paths if is_runtime(site_dir, path)],
    }
    # The worker's own code is part of the version: a change to it also starts a new cache.
    versioned = json.dumps(manifest, sort_keys=True) + TEMPLATE.read_text(encoding="utf-8")
    return {"version": hashlib.sha256(versioned.encode("utf-8")).hexdigest()[:16], **manifest}


def is_runtime(site_dir, path):
    """A file the Python worker downloads at start-up: in pyodide/, but not a file it takes as a
    gzip copy, nor one it fetches only when a reader's code imports from it (cached like other
    archives, when asked for)."""
    return (path.startswith(RUNTIME_DIR) and not runtime_manifest.is_on_demand(path)
            and not (site_dir / (path + runtime_manifest.GZIP_SUFFIX)).is_file())


def render(manifest):
    template = TEMPLATE.read_text(encoding="utf-8")
    if template.count(ASSIGNMENT + PLACEHOLDER) != 1:
        raise ValueError(f"{TEMPLATE.name} must contain {ASSIGNMENT}{PLACEHOLDER} exactly once")
    return template.replace(PLACEHOLDER, json.dumps(manifest, indent=1, sort_keys=True))


def read_manifest(text):
    """The manifest inside a sw.js text."""
    return json.JSONDecoder().raw_decode(text, text.index(ASSIGNMENT + "{") + len(ASSIGNMENT))[0]


def site_files(site_dir):
    """Every file of the site but sw.js itself, as sorted paths relative to the site root."""
    paths = (path.relative_to(site_dir).as_posix() for path in site_dir.rglob("*") if path.is_file())
    return sorted(path for path in paths if path != WORKER_NAME)


def file_sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def is_precached(site_dir, path, languages):
    """Pages and their small assets; not the runtime (cached as it is used) nor optional files."""
    pure = PurePosixPath(path)
    if path.startswith(RUNTIME_DIR) or any(part.startswith(".") for part in pure.parts):
        return False
    if path.endswith(ON_DEMAND_SUFFIXES) or (site_dir / path).stat().st_size > LARGE_FILE_BYTES:
        return False
    if path.startswith(LUNR_DIR):
        return path.removeprefix(LUNR_DIR) in lunr_files(languages)
    return True


def search_languages(site_dir):
    """The languages of the site's search index (MkDocs' search plugin), [] without search."""
    index = Path(site_dir) / SEARCH_INDEX
    if not index.is_file():
        return []
    return json.loads(index.read_text(encoding="utf-8")).get("config", {}).get("lang", [])


def lunr_files(languages):
    """The lunr files the search worker loads for these languages."""
    others = [language for language in languages if language != "en"]
    if not others:
        return set()
    files = set(LUNR_ALWAYS) | {f"min/lunr.{language}.min.js" for language in others}
    if len(languages) > 1:
        files.add("min/lunr.multi.min.js")
    files |= {LUNR_SEGMENTERS[language] for language in languages if language in LUNR_SEGMENTERS}
    return files
