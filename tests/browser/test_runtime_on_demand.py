"""Start-up downloads only what the widgets use; a reader's code still imports the rest.

The rest of the stdlib and of the packages waits in two archives (site_src/runtime_manifest.py
ON_DEMAND) that the worker fetches, checks against their sha256 and unpacks the first time
Python imports a module one of them holds (site_src/runtime/remainder_finder.py). These tests
run a reader's code the way "Editar y ejecutar" does (``leccionRuntime.run``, the page's worker,
py/code_runner.py), served and from the offline copy opened from disk.
"""

import json

from site_src import runtime_manifest
from tests.browser.pages import wait_ready

STDLIB_REST, PACKAGES_REST = runtime_manifest.ON_DEMAND

# Modules and files the widgets never use (so not shipped at start-up), each checked by use.
READER_CODE = """
import sys
before = sorted(name for name in ("email.mime.text", "json.tool", "statistics", "fractions", "fontTools", "numpy.f2py")
                if name in sys.modules)
import json, os, statistics, fractions, random, itertools
from matplotlib import cm
results = {
    "before": before,
    "mean": statistics.mean([1, 2, 3, 4]),
    "fraction": str(fractions.Fraction(3, 6) + fractions.Fraction(1, 3)),
    "random": random.Random(1).randint(1, 6),
    "pairs": len(list(itertools.combinations(range(5), 2))),
    "colormap": [round(x, 3) for x in cm.viridis(0.0)],
}
import email.mime.text
results["mime"] = email.mime.text.MIMEText("hola", "plain", "utf-8")["Content-Type"]
import json.tool  # a submodule left out of a package that is in the start-up zip
results["json_tool"] = json.tool.__name__
import numpy.f2py, fontTools.ttLib
results["f2py"] = numpy.f2py.__name__
from matplotlib import font_manager
serif = font_manager.findfont(font_manager.FontProperties(family="serif", weight="bold"),
                              fallback_to_default=False)
results["serif"] = [os.path.basename(serif), fontTools.ttLib.TTFont(serif)["name"].getDebugName(1)]
print(json.dumps(results))
"""


def run_in_page_python(page, code):
    """The output of a reader's code block run in the page's Python: {text, figures, exception}."""
    return page.evaluate("(code) => window.leccionRuntime.run('bloque-1', code, '')", code)


def reader_results(page):
    output = run_in_page_python(page, READER_CODE)
    assert output["exception"] is None, output["exception"]
    return json.loads(output["text"])


def check_reader_code(results):
    assert results["before"] == [], "these modules were already loaded before the reader's code"
    assert results["mean"] == 2.5
    assert results["fraction"] == "5/6"
    assert 1 <= results["random"] <= 6 and results["pairs"] == 10
    assert results["colormap"] == [0.267, 0.005, 0.329, 1.0]
    assert results["mime"] == 'text/plain; charset="utf-8"'
    assert results["json_tool"] == "json.tool" and results["f2py"] == "numpy.f2py"
    assert results["serif"] == ["DejaVuSerif-Bold.ttf", "DejaVu Serif"]


def rest_requests(urls):
    return sorted(url.rsplit("/", 1)[-1] for url in urls if url.endswith(runtime_manifest.ON_DEMAND))


def test_start_up_skips_the_rest_and_an_import_fetches_it_once(visit, site_url, built_site):
    current = visit()
    page = current.page
    page.goto(site_url + "leccion.html")
    wait_ready(page)
    assert rest_requests(current.requests) == [], "start-up downloaded the on-demand archives"
    check_reader_code(reader_results(page))
    fetched = rest_requests(current.requests)  # each seen twice when the service worker relays it
    assert sorted(set(fetched)) == [PACKAGES_REST, STDLIB_REST]
    # Imported again, from the unpacked files: nothing more is downloaded.
    assert run_in_page_python(page, "import email.mime.text, numpy.f2py; print(1)")["text"] == "1\n"
    assert rest_requests(current.requests) == fetched


def test_an_archive_that_fails_its_sha256_is_not_used(visit, site_url):
    current = visit()
    page = current.page
    current.context.route("**/" + STDLIB_REST, lambda route: route.fulfill(body=b"PK not the archive"))
    page.goto(site_url + "leccion.html")
    wait_ready(page)
    exception = run_in_page_python(page, "import statistics")["exception"]
    assert exception["message"] == (
        f"ImportError: No se pudo cargar statistics: {STDLIB_REST} no es el archivo de esta versión "
        "del sitio (su sha256 no coincide); no se usó"), exception
    assert exception["line"] == 1
    # The widgets go on working.
    assert page.locator("[data-widget]").first.get_attribute("data-state") == "ready"


def test_the_offline_copy_opened_from_disk_has_the_rest(browser, unzipped_copy):
    context = browser.new_context()
    requests = []
    context.on("request", lambda request: requests.append(request.url))
    try:
        page = context.new_page()
        page.goto((unzipped_copy / "leccion.html").as_uri())
        wait_ready(page)
        check_reader_code(reader_results(page))
    finally:
        context.close()
    assert not [url for url in requests if url.startswith("http")]
