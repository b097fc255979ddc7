"""The site as a whole: Spanish pages, math typeset from files in the site, Python live in the
browser, and no request to another host."""

import re

from tests.browser.pages import wait_ready


def test_home_page_is_spanish_with_rendered_math(visit, site_url):
    page = visit().page
    page.goto(site_url)
    assert page.get_attribute("html", "lang") == "es"
    assert "Backpropagation y SGD" in page.title()
    assert page.locator("h1").first.inner_text().startswith("Backpropagation y SGD")
    page.wait_for_selector(".arithmatex .katex")
    text = page.locator("article").inner_text()
    assert "$" not in text and "\\(" not in text, "math left untypeset"
    assert page.locator(".arithmatex .katex").count() == page.locator(".arithmatex").count()


def test_numpy_runs_in_the_browser_and_redraws_the_figure(visit, site_url):
    page = visit().page
    page.goto(site_url)
    widget = page.locator('[data-widget="sgd_descent.visualize_sgd"]')
    image = widget.locator("img")
    static_src = image.get_attribute("src")
    assert image.get_attribute("alt") == "SGD con Learning Rate: 0.1"
    wait_ready(page)
    slider = widget.locator('input[name="lr"]')
    slider.fill("0.31")
    page.wait_for_function(
        "(img) => img.alt === 'SGD con Learning Rate: 0.31' && img.src.startsWith('blob:')",
        arg=image.element_handle())
    assert image.get_attribute("src") != static_src
    assert widget.locator("output").first.inner_text() == "0.31"
    # The new figure came from Python: it is an SVG drawn by matplotlib with the new title.
    svg = page.evaluate("async (src) => (await fetch(src)).text()", image.get_attribute("src"))
    assert "SGD con Learning Rate: 0.31" in svg and re.search(r"matplotlib", svg)


def test_no_page_loads_anything_from_another_host(visit, site_url):
    current = visit()
    for path in ("", "leccion.html", "404.html"):
        current.page.goto(site_url + path)
        current.page.wait_for_load_state("networkidle")
    wait_ready(current.page)
    assert current.requests, "no request recorded"
    assert not current.foreign_requests()
