"""The site as a whole: Spanish pages, math typeset from files in the site, Python live in the
browser, and no request to another host."""


from tests.browser.pages import wait_figure_named, wait_ready


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
    image = widget.locator("img.lw-figure")
    assert image.get_attribute("alt") == "SGD con Learning Rate: 0.1"
    wait_ready(page)
    slider = widget.locator('input[name="lr"]')
    slider.fill("0.31")
    wait_figure_named(page, '[data-widget="sgd_descent.visualize_sgd"]', "SGD con Learning Rate: 0.31")
    assert widget.locator("output").first.inner_text() == "0.31"
    # The new figure came from Python: an SVG drawn by matplotlib, in the page, with the new title.
    live = widget.locator("svg.lw-figure")
    assert "SGD con Learning Rate: 0.31" in live.text_content()
    # matplotlib's structure: the figure's group, its axes', the path of the steps.
    assert live.evaluate("(svg) => ['figure_1', 'axes_1', 'a0-line2d2'].every((id) => svg.querySelector('g#' + id))")


def test_no_page_loads_anything_from_another_host(visit, site_url):
    current = visit()
    for path, widgets in (("", True), ("leccion.html", True), ("404.html", False)):
        current.page.goto(site_url + path)
        current.page.wait_for_load_state("networkidle")
        if widgets:  # Python fully loaded: every file the runtime asks for was requested
            wait_ready(current.page)
    assert current.requests, "no request recorded"
    assert not current.foreign_requests()
