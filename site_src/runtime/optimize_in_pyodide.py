"""Runs INSIDE Pyodide (its own CPython 3.12.7, in Node.js) at build time.

It runs every widget of py/ the way the browser will, records what that needed, and rewrites
the verified runtime so that a reader's browser does less on every cold start:

- bytecode: every imported pure-Python module ships as an unchecked-hash ``name.pyc`` in place of
  ``name.py`` (compiled by the same interpreter the browser runs), in the stdlib zip and in the
  wheels; both zipimport and the path finder load such sourceless modules as they are;
- fonts: a ``matplotlib/fontlist.json`` of the version matplotlib expects, so it does not rebuild
  its font list on every start;
- trimming: packages never imported are not shipped, nor extension modules never loaded, nor
  fonts never opened (the font list then names only the fonts shipped), nor matplotlib's sample
  data, nor type stubs (``.pyi``).

Inputs and outputs are folders mounted from the host (see optimize_runtime.js); the globals
STAGE, OUT, PY_DIR are set by the caller. Writes OUT/report.json.
"""

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


def compiled(path, source):
    code = compile(source, path, "exec", dont_inherit=True)
    return bytes(_code_to_hash_pyc(code, importlib.util.source_hash(source), checked=False))


def unused(installed, extensions, fonts):
    if installed.endswith(".pyi") or installed.startswith(SAMPLE_DATA):
        return True
    if installed.endswith(".so"):
        return installed not in extensions
    return installed.startswith(FONTS) and not installed.endswith("/") and installed not in fonts


def rewrite_zip(source_path, target_path, root, sources, replace, drop=lambda installed: False):
    """Copy a zip (stdlib or wheel) whose members install under ``root``: used modules as
    bytecode, members for which ``drop`` is true left out.
    Returns (members kept, members dropped, modules compiled)."""
    kept = dropped = added = 0
    with zipfile.ZipFile(source_path) as original, \
            zipfile.ZipFile(target_path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in original.infolist():
            installed = root + info.filename
            if drop(installed):
                dropped += 1
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
    return kept, dropped, added


def write(archive, name, data, external_attr):
    info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
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


def main(stage, out, py_dir):
    lock = json.load(open(os.path.join(stage, "pyodide-lock.json")))
    widgets, fonts = exercise_widgets(py_dir)
    sources, extensions = used_files()
    imported_tops = {name.split(".")[0] for name in sys.modules}
    report = {"widgets": widgets, "modules": len(sources), "extensions": len(extensions),
              "fonts": sorted(path.rsplit("/", 1)[-1] for path in fonts),
              "packages": {}, "dropped_packages": []}

    report["stdlib"] = rewrite_zip(os.path.join(stage, "python_stdlib.zip"),
                                   os.path.join(out, "python_stdlib.zip"),
                                   STDLIB_ZIP, sources, {})

    for name, entry in sorted(lock["packages"].items()):
        if not imported_tops & set(entry.get("imports", [])):
            report["dropped_packages"].append(name)
            continue
        replace = {"matplotlib/fontlist.json": fontlist_json(fonts)} if name == "matplotlib" else {}
        report["packages"][name] = rewrite_zip(
            os.path.join(stage, entry["file_name"]), os.path.join(out, entry["file_name"]),
            SITE_PACKAGES, sources, replace, lambda installed: unused(installed, extensions, fonts))
    json.dump(report, open(os.path.join(out, "report.json"), "w"), indent=1, sort_keys=True)
