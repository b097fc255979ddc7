"""The site under a sub-path (GitHub Pages project sites) and axe-core on every page."""

import json

import pytest

from tests.browser.pages import wait_figure_named, wait_ready
from tests.conftest import ROOT

PAGES = ["index.html", "leccion.html", "sin-conexion.html", "404.html"]
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def test_the_site_works_under_a_sub_path(browser, sub_path_url):
    context = browser.new_context()
    failed = []
    context.on("response", lambda response: response.status >= 400 and failed.append(response.url))
    try:
        page = context.new_page()
        page.goto(sub_path_url + "leccion.html")
        page.wait_for_selector(".arithmatex .katex")
        wait_ready(page)
        widget = '[data-widget="sgd_descent.visualize_sgd"]'
        page.locator(widget + ' input[name="lr"]').fill("0.21")
        wait_figure_named(page, widget, "SGD con Learning Rate: 0.21")
        page.goto(sub_path_url)  # the home page, by the folder URL
        assert "Backpropagation y SGD" in page.title()
        page.click("text=Empezar la lección")
        page.wait_for_url(sub_path_url + "leccion.html")
    finally:
        context.close()
    assert not failed, f"requests failed under the sub-path: {failed}"


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", VIEWPORTS)
def test_no_serious_accessibility_violations(visit, site_url, path, scheme, size):
    # axe is injected as an inline script, which the site's Content-Security-Policy refuses (as it
    # should; tests/browser/test_content_policy.py checks the policy itself).
    current = visit(color_scheme=scheme, viewport=VIEWPORTS[size], bypass_csp=True)
    page = current.page
    page.goto(site_url + path)
    if page.locator("[data-widget]").count():
        wait_ready(page)
    if scheme == "dark":
        assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    results = page.evaluate("async () => await axe.run(document, { resultTypes: ['violations'] })")
    serious = [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [node["target"] for node in v["nodes"]][:5]}
        for v in results["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert not serious, json.dumps(serious, indent=1, ensure_ascii=False)


def test_sliders_work_by_keyboard_with_visible_focus(visit, site_url):
    page = visit().page
    page.goto(site_url + "leccion.html")
    wait_ready(page)
    slider = page.locator('[data-widget="toy_problem.solve_toy_problem"] input[name="epochs"]')
    slider.focus()
    outline = slider.evaluate("(el) => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth")
    assert outline.startswith("solid") and not outline.endswith(" 0px"), outline
    page.keyboard.press("ArrowRight")
    assert page.locator('[data-widget="toy_problem.solve_toy_problem"] output[for$="-epochs"]').inner_text() == "110"
    status = page.locator('[data-widget="toy_problem.solve_toy_problem"] [role=status]')
    assert status.get_attribute("aria-live") == "polite"
    page.wait_for_function("() => document.querySelector('[data-widget=\"toy_problem.solve_toy_problem\"] "
                           "[role=status]').textContent.includes('Evolución del Peso (Final:')")


def test_the_palette_toggle_restyles_the_figures(visit, site_url):
    page = visit(color_scheme="light").page
    page.goto(site_url + "leccion.html")
    figure = page.locator('[data-widget="toy_problem.solve_toy_problem"] img')
    assert figure.evaluate("(img) => getComputedStyle(img).filter") == "none"
    page.locator('label[title="Cambiar a modo oscuro"]').click()
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    assert "invert" in figure.evaluate("(img) => getComputedStyle(img).filter")
