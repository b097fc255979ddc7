"""Two shortcuts of Python's start-up must leave it as the long way would.

- The worker writes the start-up wheels' files from their downloaded bytes
  (site_src/js/modules/wheel-files.js, site_src/runtime/wheel_unpacker.py) instead of Pyodide
  unzipping them in Python. What lands in site-packages must be what Pyodide's own unpacking puts
  there: every member of every shipped wheel, byte for byte, plus the two records Pyodide adds to
  each .dist-info folder.
- py/quick_imports.py postpones matplotlib's set() signatures; a reader's code must see them as
  a plain import makes them.
"""

import hashlib
import inspect
import json
import zipfile

from tests.browser.conftest import RecordedContext
from tests.browser.pages import wait_figure_named, wait_ready

SGD = '[data-widget="sgd_descent.visualize_sgd"]'
SITE_PACKAGES = "/lib/python3.12/site-packages"

# Run as a reader's code block: every file under site-packages with its sha256.
LIST_FILES = f"""
import hashlib, json, os
files = {{}}
for folder, _, names in os.walk({SITE_PACKAGES!r}):
    for name in names:
        path = os.path.join(folder, name)
        with open(path, "rb") as file:
            files[os.path.relpath(path, {SITE_PACKAGES!r})] = hashlib.sha256(file.read()).hexdigest()
print(json.dumps(files))
"""


def shipped_wheels(site):
    return sorted((site / "pyodide").glob("*.whl"))


def expected_files(site):
    """What Pyodide's unpack_buffer leaves for the shipped wheels: their members, and INSTALLER
    and PYODIDE_SOURCE in each .dist-info (pyodide/_package_loader.py, set_wheel_installer)."""
    files = {}
    for wheel in shipped_wheels(site):
        with zipfile.ZipFile(wheel) as archive:
            for member in archive.infolist():
                if not member.is_dir():
                    files[member.filename] = hashlib.sha256(archive.read(member)).hexdigest()
            dist_info = {name.split("/")[0] for name in archive.namelist() if ".dist-info/" in name}
        assert len(dist_info) == 1, wheel.name
        folder = dist_info.pop()
        files[f"{folder}/INSTALLER"] = hashlib.sha256(b"pyodide.loadPackage").hexdigest()
        files[f"{folder}/PYODIDE_SOURCE"] = hashlib.sha256(b"pyodide").hexdigest()
    return files


def site_packages(page):
    output = page.evaluate("(code) => window.leccionRuntime.run('bloque-1', code, '')", LIST_FILES)
    assert output["exception"] is None, output["exception"]
    return json.loads(output["text"])


def wheel_counts(page):
    return json.loads(page.evaluate("() => document.documentElement.dataset.pythonWheels || 'null'"))


def check_unpacked_here(page, site):
    wheels = len(shipped_wheels(site))
    assert wheels >= 10, f"numpy, matplotlib and their closure: {wheels} wheels"
    assert wheel_counts(page) == {"unpacked_here": wheels, "unpacked_by_pyodide": 0}
    expected = expected_files(site)
    found = site_packages(page)
    assert sorted(set(expected) - set(found)) == [], "files of the wheels missing from site-packages"
    assert sorted(set(found) - set(expected)) == [], "files in site-packages that no wheel holds"
    assert [name for name in expected if found[name] != expected[name]] == [], "files whose bytes differ"


def test_the_wheels_files_are_exactly_what_pyodide_would_unpack(visit, site_url, built_site):
    page = visit().page
    page.goto(site_url + "leccion.html")
    wait_ready(page)
    check_unpacked_here(page, built_site)
    page.locator(SGD + ' input[name="lr"]').fill("0.36")
    wait_figure_named(page, SGD, "SGD con Learning Rate: 0.36")


def test_the_copy_opened_from_disk_unpacks_them_the_same_way(browser, unzipped_copy, built_site):
    with RecordedContext(browser) as visit:
        page = visit.page
        page.goto((unzipped_copy / "leccion.html").as_uri())
        wait_ready(page)
        check_unpacked_here(page, built_site)
    assert not visit.errors, visit.errors


# Artist classes whose set() signature a reader's code may look at (help(), an editor).
ARTISTS = {
    "Line2D": "matplotlib.lines", "Text": "matplotlib.text", "Rectangle": "matplotlib.patches",
    "PathCollection": "matplotlib.collections", "Axes": "matplotlib.axes", "Figure": "matplotlib.figure",
    "Axes3D": "mpl_toolkits.mplot3d.axes3d",
}
SIGNATURES = f"""
import importlib, inspect, json
print(json.dumps({{name: str(inspect.signature(getattr(importlib.import_module(module), name).set))
                  for name, module in {ARTISTS!r}.items()}}))
"""


def test_a_readers_code_sees_every_artists_set_signature(visit, site_url):
    import importlib

    expected = {name: str(inspect.signature(getattr(importlib.import_module(module), name).set))
                for name, module in ARTISTS.items()}
    assert all("visible=<UNSET>" in signature for signature in expected.values())
    page = visit().page
    page.goto(site_url + "leccion.html")
    wait_ready(page)
    output = page.evaluate("(code) => window.leccionRuntime.run('bloque-1', code, '')", SIGNATURES)
    assert output["exception"] is None, output["exception"]
    found = json.loads(output["text"])
    assert found.keys() == expected.keys()
    for name, signature in expected.items():
        # Every property CPython lists. The shipped bytecode has no docstrings, and matplotlib
        # tells an alias (Text.set_fontname) from a property by its docstring, so a few aliases
        # are listed too (a plain import in Pyodide lists the same: tests/unit/test_quick_imports.py
        # checks the postponed work gives exactly a plain import's result).
        assert parameters(found[name]) >= parameters(signature), name


def parameters(signature):
    return set(signature.strip("()").split(", "))
