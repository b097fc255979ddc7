"""The downloadable copy: served by a plain static server, and opened from disk (file://)."""

import zipfile

import pytest

from tests.browser.conftest import serve
from tests.browser.pages import wait_figure_named, wait_ready

SGD = '[data-widget="sgd_descent.visualize_sgd"]'
ZIP = "descargas/leccion-backprop-sgd.zip"


@pytest.fixture(scope="session")
def unzipped_copy(built_site, tmp_path_factory):
    target = tmp_path_factory.mktemp("copia")
    with zipfile.ZipFile(built_site / ZIP) as archive:
        archive.extractall(target)
    return target / "leccion-backprop-sgd"


def move_slider_and_see_python_redraw(page):
    page.locator(SGD + ' input[name="lr"]').fill("0.31")
    wait_figure_named(page, SGD, "SGD con Learning Rate: 0.31")


def test_every_page_links_the_download(visit, site_url, built_site):
    assert (built_site / ZIP).stat().st_size > 10_000_000
    page = visit().page
    for path in ("index.html", "leccion.html", "sin-conexion.html"):
        page.goto(site_url + path)
        link = page.locator(f'footer a[href="{ZIP}"]')
        assert link.inner_text() == "Descargar para usar sin conexión"


def test_the_copy_served_by_a_static_server(browser, unzipped_copy):
    server = serve(unzipped_copy)
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    context = browser.new_context()
    requests, errors = [], []
    context.on("request", lambda request: requests.append(request.url))
    context.on("console", lambda message: message.type == "error" and errors.append(message.text))
    try:
        page = context.new_page()
        page.goto(origin + "/leccion.html")
        wait_ready(page)
        move_slider_and_see_python_redraw(page)
    finally:
        context.close()
        server.shutdown()
        server.server_close()
    assert not [url for url in requests if not url.startswith((origin, "blob:", "data:"))]
    assert not errors, errors


def test_the_copy_opened_from_disk(browser, unzipped_copy):
    context = browser.new_context()
    requests, errors = [], []
    context.on("request", lambda request: requests.append(request.url))
    context.on("console", lambda message: message.type == "error" and errors.append(message.text))
    context.on("weberror", lambda error: errors.append(str(error.error)))
    try:
        page = context.new_page()
        page.goto((unzipped_copy / "leccion.html").as_uri())
        assert page.locator(SGD + " img").evaluate("(img) => img.complete && img.naturalWidth > 0")
        wait_ready(page)
        move_slider_and_see_python_redraw(page)
        # Search works from disk too (Material's offline plugin and our copy of its shim).
        page.locator("input.md-search__input").click()
        page.keyboard.type("cebolla")
        page.wait_for_selector(".md-search-result__item", timeout=15_000)
    finally:
        context.close()
    assert requests and all(url.startswith(("file:", "blob:", "data:")) for url in requests), \
        [url for url in requests if not url.startswith(("file:", "blob:", "data:"))]
    assert not errors, errors
