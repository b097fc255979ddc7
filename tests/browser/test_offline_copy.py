"""The downloadable copy: served by a plain static server, and opened from disk (file://)."""

from tests.browser.conftest import ZIP, RecordedContext, served
from tests.browser.pages import wait_figure_named, wait_ready

SGD = '[data-widget="sgd_descent.visualize_sgd"]'


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
    with served(unzipped_copy) as url, RecordedContext(browser) as visit:
        visit.page.goto(url + "leccion.html")
        wait_ready(visit.page)
        move_slider_and_see_python_redraw(visit.page)
    assert not visit.requests_outside(url)
    assert not visit.errors, visit.errors


def test_the_copy_opened_from_disk(browser, unzipped_copy):
    with RecordedContext(browser) as visit:
        page = visit.page
        page.goto((unzipped_copy / "leccion.html").as_uri())
        assert page.locator(SGD + " img").evaluate("(img) => img.complete && img.naturalWidth > 0")
        wait_ready(page)
        move_slider_and_see_python_redraw(page)
        # Search works from disk too (Material's offline plugin and our copy of its shim).
        page.locator("input.md-search__input").click()
        page.keyboard.type("cebolla")
        page.wait_for_selector(".md-search-result__item", timeout=15_000)
    assert visit.requests and not visit.requests_outside("file:"), visit.requests_outside("file:")
    assert not visit.errors, visit.errors
