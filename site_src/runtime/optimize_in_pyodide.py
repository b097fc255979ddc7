"""Runs INSIDE Pyodide (its own CPython 3.12.7, in Node.js) at build time.

It runs every widget of py/ the way the browser will, records what that needed, and rewrites
the verified runtime so that a reader's browser does less on every cold start:

- bytecode: every imported pure-Python module ships as an unchecked-hash ``name.pyc`` in place of
  ``name.py`` (compiled by the same interpreter the browser runs, with every docstring made
  empty: 1 MB less to download), in the stdlib zip and in the wheels; both zipimport and the
  path finder load such sourceless modules as they are;
- fonts: a ``matplotlib/fontlist.json`` of the version matplotlib expects, so it does not rebuild
  its font list on every start;
- trimming: what the widgets never use is not downloaded at start-up: stdlib and package modules
  never imported, extension modules never loaded, fonts never opened (the font list then names only
  the fonts shipped at start), matplotlib's sample data, packages never imported. Type stubs
  (``.pyi``) are not shipped at all.
- the remainder: everything trimmed goes into two archives, the stdlib's and the packages'
  (members named by their installed path), loaded only when a reader's code imports a module one
  holds (see remainder_finder.py, added to the stdlib zip with the names of those modules);
- the zips shipped at start store their members uncompressed: the build adds a gzip copy of each
  (runtime_manifest.py), one stream that compresses better than each member on its own.

Inputs and outputs are folders mounted from the host (see optimize_runtime.js). Writes
OUT/report.json.
"""

import ast
import importlib.util
import json
import os
import sys
import zipfile
from importlib._bootstrap_external import _code_to_hash_pyc

SITE_PACKAGES = "/lib/python3.12/site-packages/"
STDLIB_ZIP = "/lib/python312.zip/"  # Pyodide imports the stdlib from this zip
FIXED_DATE = (1980, 1, 1, 0, 0, 0)  # same bytes for the same inputs
FONTS = SITE_PACKAGES + "matplotlib/mpl-data/fonts/"
SAMPLE_DATA = SITE_PACKAGES + "matplotlib/mpl-data/sample_data/"
STDLIB_DIR = "/lib/python3.12/"  # on sys.path after the zip: the stdlib's remainder goes there
STDLIB_REST = "python_stdlib_rest.zip"
PACKAGES_REST = "python_packages_rest.zip"
FINDER = "remainder_finder"
# In the bytecode docstrings become "". Not None, as -OO would make them: code that reads
# __doc__ without checking sys.flags.optimize (numpy's add_docstring of its dispatchers) then
# still gets a string. Asserts stay, as in the reader's Python. The stdlib's rest is compiled
# the same way: some of it builds docstrings from others' (email.policy), across the archives.
DOCSTRING_OWNERS = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
# Files no running code reads: C headers and sources, static libraries, Cython declarations,
# leftovers; and matplotlib's toolbar icons (only GUI backends show them).
NOT_RUNTIME_SUFFIXES = (".h", ".c", ".cpp", ".a", ".pxd", ".pyx", ".orig", ".rst", ".f", ".f90", ".pyf")
TOOLBAR_IMAGES = SITE_PACKAGES + "matplotlib/mpl-data/images/"
# Packages of the lock a reader's code has no use for in a worker (a DOM backend of matplotlib).
NOT_IN_REMAINDER = ("matplotlib-pyodide",)


def record_opened_fonts():
    """Every font file matplotlib opens from now on (text, mathtext, all go through _get_font)."""
    from matplotlib import font_manager

    opened = set()
    get_font = font_manager._get_font

    def recording(font_filepaths, *args, **kwargs):
        opened.update(str(path) for path in font_filepaths)
        return get_font(font_filepaths, *args, **kwargs)

    font_manager._get_font = recording
    return opened


def exercise_widgets(py_dir):
    """Import the lesson (py_dir is on PYTHONPATH, see optimize_runtime.js) and render every
    widget, in every layout, at its defaults, minimums and maximums."""
    import widget_render

    opened_fonts = record_opened_fonts()
    names = []
    for file_name in sorted(os.listdir(py_dir)):
        if not file_name.endswith(".py"):
            continue
        module = importlib.import_module(file_name[:-3])
        for attribute in sorted(vars(module)):
            function = getattr(module, attribute)
            if callable(function) and hasattr(function, "controls") and function.__module__ == module.__name__:
                names.append(f"{module.__name__}.{attribute}")
    from lesson_style import LAYOUTS

    for name in names:
        for layout in LAYOUTS:  # a phone's figure (stacked panels) and a desktop's
            for values in sample_values(widget_render.find_widget(name).controls):
                widget_render.render(name, values, layout=layout)
    if hasattr(widget_render, "warm_up"):  # the worker runs it right after start-up
        widget_render.warm_up()
    return names, opened_fonts


def sample_values(controls, random_draws=4):
    """Defaults; every slider at its min and at its max (others at default); all at min, all at
    max; and a few fixed pseudo-random mixes: so code paths of in-between values are run too."""
    import random

    defaults = {key: slider.value for key, slider in controls.items()}
    yield defaults
    for key, slider in controls.items():
        yield {**defaults, key: slider.min}
        yield {**defaults, key: slider.max}
    yield {key: slider.min for key, slider in controls.items()}
    yield {key: slider.max for key, slider in controls.items()}
    chooser = random.Random(0)
    for _ in range(random_draws):
        yield {key: chooser.choice(slider.positions()) for key, slider in controls.items()}


def used_files():
    """Files of the modules imported so far, split into Python sources and extension modules."""
    sources, extensions = set(), set()
    for module in list(sys.modules.values()):
        spec = getattr(module, "__spec__", None)
        origin = getattr(spec, "origin", None) or ""
        if not origin.startswith((STDLIB_ZIP, SITE_PACKAGES)):
            continue  # frozen, built-in, or the lesson's own modules
        if origin.endswith(".so"):
            extensions.add(origin)
        elif origin.endswith(".py"):
            sources.add(origin)
    return sources, extensions


def without_docstrings(tree):
    for node in ast.walk(tree):
        if isinstance(node, DOCSTRING_OWNERS) and node.body:
            first = node.body[0]
            if (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                    and isinstance(first.value.value, str)):
                first.value.value = ""
    return tree


def compiled(path, source):
    code = compile(without_docstrings(ast.parse(source, path)), path, "exec", dont_inherit=True)
    return bytes(_code_to_hash_pyc(code, importlib.util.source_hash(source), checked=False))


def not_at_start(installed, sources, extensions, fonts, packages, attempted):
    """A member of a wheel the widgets never use: it waits in the remainder. ``packages`` maps
    each package folder of the wheel to whether one of its modules was imported."""
    if installed.endswith("/"):
        return False
    if installed.endswith(".py"):
        return installed not in sources and module_name(installed) not in attempted
    if installed.endswith(".so"):
        return installed not in extensions and module_name(installed) not in attempted
    if installed.startswith(FONTS):
        return installed not in fonts
    if installed.endswith(NOT_RUNTIME_SUFFIXES) or installed.startswith((SAMPLE_DATA, TOOLBAR_IMAGES)):
        return True
    if installed.endswith(".dist-info/RECORD"):  # the list of installed files, for uninstallers
        return True
    # A data file of a package none of whose modules ran (dateutil's zoneinfo archive).
    return not packages.get(nearest_package(installed, packages), True)


def nearest_package(installed, packages):
    folder = installed.rsplit("/", 1)[0]
    while folder + "/" != SITE_PACKAGES and folder not in packages:
        folder = folder.rsplit("/", 1)[0]
    return folder


def package_folders(wheel, sources):
    """{installed folder of each package in the wheel: whether any of its modules was imported}."""
    folders = {}
    with zipfile.ZipFile(wheel) as archive:
        for name in archive.namelist():
            if name.endswith("/__init__.py"):
                folders[SITE_PACKAGES + name[:-len("/__init__.py")]] = False
        for name in archive.namelist():
            installed = SITE_PACKAGES + name
            if installed in sources and installed.rsplit("/", 1)[0] in folders:
                folders[installed.rsplit("/", 1)[0]] = True
    return folders


def stdlib_not_at_start(installed, sources, attempted):
    return installed.endswith(".py") and installed not in sources and module_name(installed) not in attempted


def rewrite_zip(source_path, target_path, root, sources, replace, remainder,
                remainder_root=None, later=lambda installed: False, compile_later=False):
    """Copy a zip (stdlib or wheel) whose members install under ``root``: used modules as
    bytecode; type stubs left out; members for which ``later`` is true moved to the
    ``remainder`` zip, under their installed path (below ``remainder_root`` if given), as
    bytecode too if ``compile_later`` (so all of the stdlib has the same empty docstrings).
    Returns (members kept, members moved to the remainder, modules compiled)."""
    kept = moved = added = 0
    remainder_root = remainder_root or root
    with zipfile.ZipFile(source_path) as original, \
            zipfile.ZipFile(target_path, "w", zipfile.ZIP_STORED) as target:
        for info in original.infolist():
            installed = root + info.filename
            if installed.endswith(".pyi"):
                continue
            if later(installed):
                moved_to = remainder_root + info.filename
                data = original.read(info)
                if compile_later and moved_to.endswith(".py"):
                    try:
                        data, moved_to = compiled(moved_to, data), moved_to + "c"
                    except SyntaxError:  # not a module of this Python: kept as it is
                        pass
                write(remainder, moved_to.lstrip("/"), data, info.external_attr)
                moved += 1
                continue
            if installed in sources:
                write(target, info.filename[:-3] + ".pyc", compiled(installed, original.read(info)),
                      info.external_attr)
                added += 1
            else:
                data = replace.get(info.filename)
                write(target, info.filename, original.read(info) if data is None else data,
                      info.external_attr)
            kept += 1
    return kept, moved, added


def copy_whole(source_path, root, remainder):
    """A package never imported: every member (but type stubs) into the remainder."""
    with zipfile.ZipFile(source_path) as original:
        for info in original.infolist():
            if not info.filename.endswith(".pyi"):
                write(remainder, (root + info.filename).lstrip("/"), original.read(info), info.external_attr)


def module_name(installed):
    """The dotted name a module file installed at this path imports as (None for other files)."""
    for root in (SITE_PACKAGES, STDLIB_DIR, STDLIB_ZIP):
        if installed.startswith(root):
            relative = installed[len(root):]
            break
    else:
        return None
    if relative.endswith((".py", ".pyc")):
        relative = relative.rsplit(".", 1)[0]
    elif relative.endswith(".so"):
        folder, _, file_name = relative.rpartition("/")
        relative = (folder + "/" if folder else "") + file_name.split(".", 1)[0]
    else:
        return None
    parts = relative.split("/")
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts) if parts and all(part.isidentifier() for part in parts) else None


def module_names(remainder):
    """Dotted names of the modules and packages the remainder holds (what its finder answers)."""
    return {name for name in (module_name("/" + member) for member in remainder.namelist()) if name}


class AttemptedImports:
    """First on sys.meta_path while the widgets run: every module name Python looks for, found
    or not. A module whose import was tried and failed (dateutil.tz.win, which needs Windows)
    stays at start-up, so trying it again in the browser does not fetch the remainder."""

    def __init__(self):
        self.names = set()

    def find_spec(self, fullname, path=None, target=None):
        self.names.add(fullname)
        return None


def finder_module(source, modules):
    """remainder_finder.py with the modules it answers for ({dotted name: archive}), compiled
    like the other modules."""
    return top_level_pyc(source + f"\n\nMODULES = {dict(sorted(modules.items()))!r}\n", FINDER)


def top_level_pyc(text, name):
    """An unchecked-hash .pyc of a module at the top of the stdlib zip."""
    return bytes(_code_to_hash_pyc(compile(text, STDLIB_ZIP + name + ".py", "exec", dont_inherit=True),
                                   importlib.util.source_hash(text.encode()), checked=False))


def write(archive, name, data, external_attr):
    info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
    info.compress_type = archive.compression
    info.external_attr = external_attr
    archive.writestr(info, data)


def fontlist_json(shipped_fonts):
    """matplotlib's font list in the format and version it expects, naming only shipped fonts
    (any family asked for then falls back to one of them, never to a missing file)."""
    import copy

    from matplotlib import font_manager

    manager = copy.copy(font_manager.fontManager)
    # sorted: matplotlib scans fonts through a set, and the build must give the same bytes
    manager.ttflist = sorted((font for font in manager.ttflist if font.fname in shipped_fonts),
                             key=lambda font: font.fname)
    manager.afmlist = sorted((font for font in manager.afmlist if font.fname in shipped_fonts),
                             key=lambda font: font.fname)
    path = "/tmp/fontlist.json"
    font_manager.json_dump(manager, path)
    return open(path, "rb").read()


def main(stage, out, py_dir, finder_path, worker_modules=()):
    """``worker_modules``: paths of other modules the worker imports from the stdlib zip."""
    finder_source = open(finder_path, encoding="utf-8").read()
    lock = json.load(open(os.path.join(stage, "pyodide-lock.json")))
    attempts = AttemptedImports()
    sys.meta_path.insert(0, attempts)
    widgets, fonts = exercise_widgets(py_dir)
    sys.meta_path.remove(attempts)
    attempted = attempts.names
    sources, extensions = used_files()
    imported_tops = {name.split(".")[0] for name in sys.modules}
    report = {"widgets": widgets, "modules": len(sources), "extensions": len(extensions),
              "fonts": sorted(path.rsplit("/", 1)[-1] for path in fonts),
              "packages": {}, "dropped_packages": [], "remainder_packages": []}

    def rest_zip(name):
        return zipfile.ZipFile(os.path.join(out, name), "w", zipfile.ZIP_DEFLATED, compresslevel=9)

    with rest_zip(PACKAGES_REST) as remainder:
        for name, entry in sorted(lock["packages"].items()):
            wheel = os.path.join(stage, entry["file_name"])
            if not imported_tops & set(entry.get("imports", [])):
                report["dropped_packages"].append(name)
                if name not in NOT_IN_REMAINDER:
                    copy_whole(wheel, SITE_PACKAGES, remainder)
                    report["remainder_packages"].append(name)
                continue
            replace = {"matplotlib/fontlist.json": fontlist_json(fonts)} if name == "matplotlib" else {}
            packages = package_folders(wheel, sources)
            report["packages"][name] = rewrite_zip(
                wheel, os.path.join(out, entry["file_name"]), SITE_PACKAGES, sources, replace, remainder,
                later=lambda installed: not_at_start(installed, sources, extensions, fonts, packages, attempted))
        modules = dict.fromkeys(module_names(remainder), PACKAGES_REST)
    with rest_zip(STDLIB_REST) as remainder:
        report["stdlib"] = rewrite_zip(os.path.join(stage, "python_stdlib.zip"),
                                       os.path.join(out, "python_stdlib.zip"), STDLIB_ZIP, sources, {},
                                       remainder, STDLIB_DIR,
                                       later=lambda installed: stdlib_not_at_start(installed, sources, attempted),
                                       compile_later=True)
        modules.update(dict.fromkeys(module_names(remainder), STDLIB_REST))
    with zipfile.ZipFile(os.path.join(out, "python_stdlib.zip"), "a", zipfile.ZIP_STORED) as stdlib:
        write(stdlib, FINDER + ".pyc", finder_module(finder_source, modules), 0o644 << 16)
        for path in worker_modules:
            name = os.path.basename(path)[:-3]
            write(stdlib, name + ".pyc", top_level_pyc(open(path, encoding="utf-8").read(), name), 0o644 << 16)
    report["remainder_modules"] = len(modules)
    json.dump(report, open(os.path.join(out, "report.json"), "w"), indent=1, sort_keys=True)
