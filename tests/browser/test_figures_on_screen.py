"""Figures as a reader sees them on a 390×844 phone and a 1366×900 desktop: the layout that fits
the width (stacked panels on the phone), the smallest text at least 10 CSS px, pre-rendered and
live, in both colour schemes; a tap opens a figure full screen, Escape closes it."""

import re

import pytest

from tests.browser.pages import wait_drawn, wait_ready

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
SMALLEST_CSS_PX = 10

# Every widget's figure as shown: an <img> of an SVG (its file is read back in Python, below, and
# scaled by the width it is drawn at), or an inline <svg> (each text's computed size through its
# screen transform). Sizes in CSS px.
FIGURES = """async () => {
  const out = [];
  for (const widget of document.querySelectorAll('[data-widget]')) {
    const figure = widget.querySelector('.lw-figure');
    const rect = figure.getBoundingClientRect();
    const entry = { widget: widget.dataset.widget, width: rect.width, height: rect.height, source: 'inline' };
    if (figure.tagName === 'IMG') {
      entry.source = figure.currentSrc;
      entry.svg = await (await fetch(figure.currentSrc)).text();
    } else {
      entry.sizes = [...figure.querySelectorAll('text')].filter((t) => t.textContent.trim()).map((t) => {
        // The scale of the text's screen transform, rotated text (the y labels) included.
        const m = t.getScreenCTM();
        return [t.textContent.trim(), parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b)];
      });
    }
    out.push(entry);
  }
  return out;
}"""
TEXT = re.compile(r"<text\b([^>]*)>(.*?)</text>", re.DOTALL)
# The size as a style ("font: 11px ...") or, since figures avoid style attributes for the
# Content-Security-Policy, as an attribute (font-size="11px").
FONT_SIZE = re.compile(r"""font(?:-size)?(?::\s*(?:[a-z-]+\s+)*|=")([\d.]+)px""")


def text_sizes(page):
    figures = page.evaluate(FIGURES)
    for figure in figures:
        if "svg" not in figure:
            continue
        svg = figure.pop("svg")
        view_width = float(re.search(r'viewBox="[\d.]+ [\d.]+ ([\d.]+)', svg).group(1))
        scale = figure["width"] / view_width
        figure["sizes"] = []
        for attributes, content in TEXT.findall(svg):
            text = re.sub(r"<[^>]+>", "", content).strip()
            match = FONT_SIZE.search(attributes)
            if text:
                figure["sizes"].append((text, float(match.group(1)) * scale if match else float("nan")))
    return figures


def smallest_text_problems(figures):
    problems = []
    for figure in figures:
        assert figure["sizes"], f"no text found in {figure['widget']}'s figure ({figure['source']})"
        text, size = min(figure["sizes"], key=lambda pair: pair[1])
        if not size >= SMALLEST_CSS_PX:
            problems.append(f"{figure['widget']} ({figure['source'].split('/')[-1][:60]}): «{text}» at {size:.1f} px")
    return problems


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", SIZES)
def test_pre_rendered_figures_fit_the_width_and_their_text_is_readable(visit, site_url, size, scheme):
    page = visit(viewport=SIZES[size], color_scheme=scheme).page
    page.goto(site_url + "leccion.html")
    page.wait_for_load_state("load")
    figures = text_sizes(page)
    narrow = size == "phone"
    for figure in figures:
        assert figure["source"].endswith(".narrow.svg") == narrow, figure["source"]
    assert not smallest_text_problems(figures)
    if narrow:  # the two-panel figures stack their panels: taller than wide
        stacked = [f for f in figures if f["widget"] != "sgd_descent.visualize_sgd"]
        assert all(f["height"] > f["width"] for f in stacked), [(f["widget"], f["width"], f["height"]) for f in stacked]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", SIZES)
def test_live_figures_fit_the_width_and_their_text_is_readable(visit, site_url, size, scheme):
    page = visit(viewport=SIZES[size], color_scheme=scheme).page
    page.goto(site_url + "leccion.html")
    wait_ready(page)
    for widget in page.eval_on_selector_all("[data-widget]", "ws => ws.map(w => w.dataset.widget)"):
        root = f'[data-widget="{widget}"]'
        values = page.evaluate("(s) => JSON.parse(document.querySelector(s + ' .lw-figure').dataset.values)", root)
        first = page.locator(f"{root} input[type=range]").first
        first.focus()
        page.keyboard.press("End")  # the widest numbers: a new figure from Python
        name = first.get_attribute("name")
        last = page.evaluate("([s, n]) => { const c = JSON.parse(document.querySelector(s).dataset.spec)"
                             ".controls.find((c) => c.name === n); return c.positions[c.positions.length - 1]; }",
                             [root, name])
        wait_drawn(page, root, {**values, name: last})
    figures = text_sizes(page)
    for figure in figures:
        assert figure["source"] == "inline" or figure["source"].startswith("blob:"), figure["source"]
    assert not smallest_text_problems(figures)
    if size == "phone":
        stacked = [f for f in figures if f["widget"] != "sgd_descent.visualize_sgd"]
        assert all(f["height"] > f["width"] for f in stacked), [(f["widget"], f["width"], f["height"]) for f in stacked]


@pytest.mark.parametrize("size", SIZES)
def test_a_tap_opens_the_figure_full_screen_and_escape_closes_it(visit, site_url, size):
    page = visit(viewport=SIZES[size]).page
    page.goto(site_url + "leccion.html")
    page.wait_for_load_state("load")
    root = '[data-widget="toy_problem.solve_toy_problem"]'
    inline_width = page.locator(f"{root} .lw-figure").bounding_box()["width"]
    page.locator(f"{root} .lw-figure").click()
    dialog = page.locator("dialog.lw-zoom-dialog")
    assert dialog.evaluate("(d) => d.open")
    zoomed = dialog.locator(".lw-zoomed").bounding_box()
    assert zoomed["width"] > inline_width  # larger than in the page
    assert zoomed["width"] >= 0.9 * SIZES[size]["width"] or zoomed["height"] >= 0.85 * SIZES[size]["height"]
    assert dialog.get_attribute("aria-label")
    page.keyboard.press("Escape")
    assert not dialog.evaluate("(d) => d.open")
    # By keyboard: the widget's button opens it, "Cerrar" closes it and focus comes back.
    button = page.locator(f"{root} .lw-zoom")
    button.focus()
    page.keyboard.press("Enter")
    assert dialog.evaluate("(d) => d.open")
    dialog.locator(".lw-zoom-close").click()
    assert not dialog.evaluate("(d) => d.open")
    assert page.evaluate("() => document.activeElement.classList.contains('lw-zoom')")
