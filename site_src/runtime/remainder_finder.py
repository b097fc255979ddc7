"""The rest of the runtime, loaded the first time a reader's code imports a module from it.

Start-up downloads only what the lesson's widgets use (see optimize_in_pyodide.py). The rest
waits in two archives, the stdlib's (python_stdlib_rest.zip) and the packages'
(python_packages_rest.zip), whose members are named by their installed path. This finder, last
on ``sys.meta_path``, answers only for the module names those archives hold (``MODULES``,
appended to this file by the build), so the optional imports that libraries try and expect to
fail cost nothing. The first import of one of them asks the worker for its archive (downloaded,
or read from the offline copy, and checked against its sha256 there: pyodide-worker.js), unpacks
it, and from then on its modules import as any other. matplotlib's fonts that were left out
arrive with the packages' archive and are added to its font list.

Runs in Pyodide; ``fetch(name)`` is a JavaScript function returning an archive's bytes or, when
it could not get them, a Spanish sentence saying why.
"""

import importlib
import importlib.machinery
import io
import sys
import zipfile

STDLIB_ZIP = "/lib/python312.zip"
STDLIB_DIR = "/lib/python3.12"  # on sys.path after the zip
FONT_SUFFIXES = (".ttf", ".otf", ".afm")
MODULES = {}  # replaced by the build: {dotted name: the archive that holds it}


class RemainderFinder:
    def __init__(self, fetch):
        self._fetch = fetch
        self.unpacked = set()

    def find_spec(self, fullname, path=None, target=None):
        if fullname not in MODULES:
            return None
        self.load(MODULES[fullname], fullname)
        # A package that starts in the stdlib zip gets its other submodules from STDLIB_DIR.
        if path is not None:
            path = [STDLIB_DIR + entry[len(STDLIB_ZIP):] if entry.startswith(STDLIB_ZIP) else entry
                    for entry in path]
        return importlib.machinery.PathFinder.find_spec(fullname, path)

    def load(self, archive_name, fullname):
        if archive_name in self.unpacked:
            return
        result = self._fetch(archive_name)
        if isinstance(result, str):  # not cached: the next import tries again
            raise ImportError(f"No se pudo cargar {fullname}: {result}", name=fullname)
        data = result.to_bytes() if hasattr(result, "to_bytes") else bytes(result)  # a Uint8Array
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            archive.extractall("/")
        self.unpacked.add(archive_name)
        importlib.invalidate_caches()
        add_fonts("/" + name for name in names if name.endswith(FONT_SUFFIXES))


def add_fonts(paths):
    """Registers fonts that arrived with the archive with matplotlib's font list (read when
    matplotlib.font_manager was imported, which the worker does at start-up)."""
    font_manager = sys.modules.get("matplotlib.font_manager")
    if font_manager is None:
        return
    for path in paths:
        if "/mpl-data/fonts/" in path:
            font_manager.fontManager.addfont(path)
    font_manager.FontManager._findfont_cached.cache_clear()


def install(fetch):
    """Puts the finder last on sys.meta_path and returns it."""
    finder = RemainderFinder(fetch)
    sys.meta_path.append(finder)
    return finder
