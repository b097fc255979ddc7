"""The runtime the build wrote into site/pyodide/: the shipped lock, bytecode, the font list.
Runs after `make build` (make browser / make test), not in `make unit`."""

import hashlib
import json
import zipfile

from site_src import pyodide_assets as assets
from tests.conftest import ROOT, SITE


def test_built_site_lock_lists_exactly_the_shipped_wheels():
    """The real build output: every shipped wheel is listed, with the hash Pyodide will check."""
    runtime = SITE / "pyodide"
    official = assets.load_official_lock(ROOT / "node_modules" / "pyodide")["packages"]
    shipped = json.loads((runtime / "pyodide-lock.json").read_text())["packages"]
    assert sorted(p.name for p in runtime.glob("*.whl")) == sorted(e["file_name"] for e in shipped.values())
    assert {"numpy", "matplotlib"} <= set(shipped) <= set(official)
    for name, entry in shipped.items():
        assert entry["file_name"] == official[name]["file_name"]
        assert set(entry["depends"]) <= set(shipped), f"{name} depends on something not shipped"
        assert hashlib.sha256((runtime / entry["file_name"]).read_bytes()).hexdigest() == entry["sha256"]


def _shipped(name):
    runtime = SITE / "pyodide"
    lock = json.loads((runtime / "pyodide-lock.json").read_text())["packages"]
    return zipfile.ZipFile(runtime / lock[name]["file_name"])


def test_built_runtime_ships_bytecode_and_a_ready_font_list():
    """What the optimizer promises: compiled modules, matplotlib's font list of the expected
    version naming only shipped fonts, no sample data or stubs, unused packages left out."""
    stdlib = zipfile.ZipFile(SITE / "pyodide" / "python_stdlib.zip").namelist()
    assert "json/__init__.pyc" in stdlib and "json/__init__.py" not in stdlib
    assert "remainder_finder.pyc" in stdlib  # loads the rest on import
    # Never imported: in the stdlib's rest (compiled the same way), not in the start-up zip.
    assert not [n for n in stdlib if n.startswith("antigravity.")]
    stdlib_rest = zipfile.ZipFile(SITE / "pyodide" / "python_stdlib_rest.zip").namelist()
    assert "lib/python3.12/antigravity.pyc" in stdlib_rest and "lib/python3.12/json/tool.pyc" in stdlib_rest
    matplotlib = _shipped("matplotlib")
    names = matplotlib.namelist()
    assert "matplotlib/pyplot.pyc" in names and "matplotlib/pyplot.py" not in names
    assert not [n for n in names if n.endswith(".pyi") or "/sample_data/" in n]
    fontlist = json.loads(matplotlib.read("matplotlib/fontlist.json"))
    assert fontlist["_version"] == 330  # FontManager.__version__ of matplotlib 3.8.4
    fonts = {entry["fname"] for entry in fontlist["ttflist"]}
    assert "fonts/ttf/DejaVuSans.ttf" in fonts
    assert all(f"matplotlib/mpl-data/{fname}" in names for fname in fonts)
    shipped = json.loads((SITE / "pyodide" / "pyodide-lock.json").read_text())["packages"]
    assert not {"fonttools", "pytz", "matplotlib-pyodide"} & set(shipped)
    # What start-up leaves out of the packages waits in their rest: fonts, subpackages, packages.
    rest = set(zipfile.ZipFile(SITE / "pyodide" / "python_packages_rest.zip").namelist())
    site_packages = "lib/python3.12/site-packages/"
    assert {site_packages + "matplotlib/mpl-data/fonts/ttf/DejaVuSerif.ttf",
            site_packages + "numpy/f2py/__init__.py", site_packages + "fontTools/__init__.py",
            site_packages + "pytz/__init__.py"} <= rest
    assert not {site_packages + name for name in names} & rest
    assert not [n for n in rest if n.startswith(site_packages + "matplotlib_pyodide/")]


def test_the_bundled_worker_downloads_the_core_first():
    """The worker starts its downloads in its RUNTIME_FILES' order, 6 at a time: what the core
    needs must lead, not come in alphabetical order behind the wheels (it once did)."""
    import re

    from site_src import runtime_manifest

    worker = (SITE / "assets" / "lesson" / "pyodide-worker.js").read_text(encoding="utf-8")
    listed = re.findall(r'"((?:pyodide|py)/[^"]+)": \{\s*sha256:', worker)
    assert listed[:len(runtime_manifest.FIRST)] == [f"pyodide/{name}" for name in runtime_manifest.FIRST]
    assert listed == list(runtime_manifest.build(SITE)), "the worker's files differ from the site's"
