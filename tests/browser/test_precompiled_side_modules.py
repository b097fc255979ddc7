"""The packages' extension modules (.so: wasm side modules) are compiled while the runtime boots
and Pyodide instantiates those compiled modules (pyodide-worker.js, modules/precompiled-wasm.js):
the worker's ready message says how many it loaded and how many came precompiled."""

import json
import zipfile

from tests.browser.conftest import RecordedContext
from tests.browser.pages import wait_figure_named, wait_ready

SGD = '[data-widget="sgd_descent.visualize_sgd"]'


def shipped_side_modules(site):
    """The stored .so members of the wheels start-up loads (the worker reads exactly these)."""
    count = 0
    for wheel in sorted((site / "pyodide").glob("*.whl")):
        with zipfile.ZipFile(wheel) as archive:
            count += sum(1 for member in archive.infolist()
                         if member.filename.endswith(".so") and member.compress_type == zipfile.ZIP_STORED)
    return count


def side_modules(page):
    return json.loads(page.evaluate("() => document.documentElement.dataset.pythonSideModules || 'null'"))


def test_every_side_module_comes_precompiled_and_the_widgets_still_draw(visit, site_url, built_site):
    expected = shipped_side_modules(built_site)
    assert expected >= 15, f"numpy, matplotlib and pillow ship their .so stored: found {expected}"
    page = visit().page
    page.goto(site_url + "leccion.html")
    wait_ready(page)
    counts = side_modules(page)
    assert counts["loaded"] == counts["precompiled"] == expected, counts
    # Compiled in the background before Pyodide asked: at least numpy's first ones (the
    # background starts right after the core's wasm compiled, long before loadPackage).
    assert counts["compiled_ahead"] >= 1, counts
    timings = json.loads(page.evaluate("() => document.documentElement.dataset.pythonTimings"))
    assert {"core", "packages", "imports"} <= set(timings)
    page.locator(SGD + ' input[name="lr"]').fill("0.31")
    wait_figure_named(page, SGD, "SGD con Learning Rate: 0.31")


def test_the_copy_opened_from_disk_precompiles_them_too(browser, unzipped_copy, built_site):
    expected = shipped_side_modules(built_site)  # the copy holds the same wheels, gzip-compressed
    with RecordedContext(browser) as visit:
        page = visit.page
        page.goto((unzipped_copy / "leccion.html").as_uri())
        wait_ready(page)
        counts = side_modules(page)
        assert counts["loaded"] == counts["precompiled"] == expected, counts
        page.locator(SGD + ' input[name="lr"]').fill("0.41")
        wait_figure_named(page, SGD, "SGD con Learning Rate: 0.41")
    assert not visit.errors, visit.errors
