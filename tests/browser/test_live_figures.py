"""Live figures on the page: an inline SVG that later renders patch in place. After any sequence
of moves it draws what a fresh figure of the same values draws; it keeps the place of the
pre-rendered image, its accessible name, and its text stays text."""

import re

from bench.change_plan import change_plan
from controls import coerce_all
from live_figure import fresh, figure_svg
from tests.browser.pages import figure, wait_drawn, wait_ready
from tests.unit.svg_drawing import drawing
import widget_render

SGD = '[data-widget="sgd_descent.visualize_sgd"]'
TOY = '[data-widget="toy_problem.solve_toy_problem"]'
BATCH = '[data-widget="batch_comparison.compare_batches"]'
CHAIN = '[data-widget="chain_rule.explore_chain_rule"]'
WIDGETS = {SGD: "sgd_descent.visualize_sgd", TOY: "toy_problem.solve_toy_problem",
           BATCH: "batch_comparison.compare_batches", CHAIN: "chain_rule.explore_chain_rule"}


def fresh_drawing(widget, values):
    """What CPython draws for these values on a new figure (what the build pre-renders)."""
    function = widget_render.find_widget(WIDGETS[widget])
    values, _ = coerce_all(function, values)
    output = fresh(function, **values)
    return drawing(figure_svg(getattr(output, "figure", output)))  # a WidgetOutput, or a figure


def page_drawing(page, widget):
    return drawing(figure(page, widget).evaluate("(svg) => new XMLSerializer().serializeToString(svg)"))


def move(page, widget, name, value, expected):
    page.locator(f'{widget} input[name="{name}"]').fill(str(value))
    wait_drawn(page, widget, expected)


def unclosed(drawn):
    """A drawing whose paths' data do not end with a closepath: Pyodide's contour lines (the
    valley, drawn once) end at their first point without one, CPython's close it with "z"."""
    def element(item):
        tag, attributes, text, children = item
        attributes = tuple((name, re.sub(r"\s*z?\s*$", "", value) if name == "d" else value)
                           for name, value in attributes)
        return tag, attributes, text, tuple(element(child) for child in children)
    return [element(item) for item in drawn]


def mark_figure(page, widget):
    """Tag the figure element: the tag survives patches and is gone when it is replaced."""
    figure(page, widget).evaluate("(svg) => { svg.dataset.testMark = 'patched-in-place'; }")


def is_marked(page, widget):
    return figure(page, widget).get_attribute("data-test-mark") == "patched-in-place"


def test_sgd_figure_after_moves_and_dark_mode_equals_a_fresh_render(visit, site_url):
    page = visit(color_scheme="light").page
    page.goto(site_url + "leccion.html")
    wait_ready(page)
    page.eval_on_selector(SGD, "root => root.scrollIntoView({block: 'center'})")
    before = figure(page, SGD).bounding_box()
    move(page, SGD, "lr", 0.16, {"lr": 0.16, "steps": 10})
    assert figure(page, SGD).evaluate("(f) => f.localName") == "svg"
    after = figure(page, SGD).bounding_box()
    assert abs(after["height"] - before["height"]) < 1 and abs(after["y"] - before["y"]) < 1, "layout shift"
    mark_figure(page, SGD)
    move(page, SGD, "lr", 0.21, {"lr": 0.21, "steps": 10})
    move(page, SGD, "steps", 30, {"lr": 0.21, "steps": 30})
    assert is_marked(page, SGD), "moves that keep the axes should patch the figure, not replace it"
    assert page_drawing(page, SGD) == fresh_drawing(SGD, {"lr": 0.21, "steps": 30})
    page.locator('label[title="Cambiar a modo oscuro"]').click()
    assert "invert" in figure(page, SGD).evaluate("(svg) => getComputedStyle(svg).filter")
    move(page, SGD, "lr", 1.1, {"lr": 1.1, "steps": 30})  # diverges: new limits, a notice
    move(page, SGD, "lr", 0.96, {"lr": 0.96, "steps": 30})
    move(page, SGD, "steps", 2, {"lr": 0.96, "steps": 2})
    assert page_drawing(page, SGD) == fresh_drawing(SGD, {"lr": 0.96, "steps": 2})
    assert "invert" in figure(page, SGD).evaluate("(svg) => getComputedStyle(svg).filter")


def test_toy_figure_after_new_samples_and_divergence_equals_a_fresh_render(visit, site_url):
    current = visit()
    current.context.add_init_script("Math.random = () => 0.25;")  # "Nueva muestra" draws seed 2**29
    page = current.page
    page.goto(site_url + "leccion.html")
    wait_ready(page)
    move(page, TOY, "lr", 0.011, {"epochs": 100, "lr": 0.011})
    move(page, TOY, "lr", 0.016, {"epochs": 100, "lr": 0.016})
    page.locator(TOY + " button.lw-reseed").click()
    wait_drawn(page, TOY, {"epochs": 100, "lr": 0.016, "seed": 2**29})
    move(page, TOY, "lr", 0.1, {"epochs": 100, "lr": 0.1, "seed": 2**29})
    move(page, TOY, "epochs", 500, {"epochs": 500, "lr": 0.1, "seed": 2**29})
    move(page, TOY, "lr", 0.021, {"epochs": 500, "lr": 0.021, "seed": 2**29})
    assert page_drawing(page, TOY) == fresh_drawing(TOY, {"epochs": 500, "lr": 0.021, "seed": 2**29})


def test_batch_figure_after_moves_equals_a_fresh_render_and_paints_every_marker(visit, site_url):
    page = visit().page
    page.goto(site_url + "leccion.html")
    wait_ready(page)
    page.eval_on_selector(BATCH, "root => root.scrollIntoView({block: 'center'})")
    move(page, BATCH, "batch_size", 20, {"batch_size": 20, "lr": 0.1, "updates": 50})
    mark_figure(page, BATCH)
    move(page, BATCH, "updates", 200, {"batch_size": 20, "lr": 0.1, "updates": 200})  # longer lines
    move(page, BATCH, "lr", 0.5, {"batch_size": 20, "lr": 0.5, "updates": 200})  # SGD diverges: new y limits
    move(page, BATCH, "batch_size", 3, {"batch_size": 3, "lr": 0.5, "updates": 200})
    move(page, BATCH, "lr", 0.2, {"batch_size": 3, "lr": 0.2, "updates": 200})
    assert is_marked(page, BATCH), "these moves keep the layout: patches, not a new figure"
    assert unclosed(page_drawing(page, BATCH)) == unclosed(fresh_drawing(BATCH, {"batch_size": 3, "lr": 0.2, "updates": 200}))
    # Each run's points are <marker>s painted at a path's vertices: without them, it looks different.
    with_markers = figure(page, BATCH).screenshot()
    assert figure(page, BATCH).evaluate("""(svg) => {
        const marked = svg.querySelectorAll('path[marker-mid]');
        marked.forEach((path) => { path.removeAttribute('marker-start'); path.removeAttribute('marker-mid'); });
        return marked.length; }""") >= 6
    assert figure(page, BATCH).screenshot() != with_markers


def test_a_status_of_one_or_two_lines_does_not_move_the_page_below(visit, site_url):
    """The figure's name takes one line, a divergence notice two: the widget keeps its height,
    or the whole page below it would move (and be laid out and painted again) at that move."""
    page = visit(color_scheme="light", viewport={"width": 1280, "height": 900}).page
    page.goto(site_url + "leccion.html")
    wait_ready(page)
    page.eval_on_selector(BATCH, "root => root.scrollIntoView({block: 'center'})")
    measure = """(root) => {
      const lines = document.createRange();
      lines.selectNodeContents(root.querySelector('.lw-status'));
      return {lines: lines.getClientRects().length, height: root.getBoundingClientRect().height,
              below: root.nextElementSibling.getBoundingClientRect().top};
    }"""
    move(page, BATCH, "batch_size", 1, {"batch_size": 1, "lr": 0.1, "updates": 50})
    move(page, BATCH, "updates", 5, {"batch_size": 1, "lr": 0.1, "updates": 5})
    name = page.eval_on_selector(BATCH, measure)
    move(page, BATCH, "lr", 1.0, {"batch_size": 1, "lr": 1.0, "updates": 5})
    move(page, BATCH, "updates", 200, {"batch_size": 1, "lr": 1.0, "updates": 200})
    notice = page.eval_on_selector(BATCH, measure)
    assert "diverge" in page.locator(f"{BATCH} .lw-status").inner_text()
    assert (name["lines"], notice["lines"]) == (1, 2)
    assert notice["height"] == name["height"] and notice["below"] == name["below"], "layout shift"


def test_a_longer_notice_grows_the_status_once_and_the_page_below_stays(visit, site_url):
    """The toy problem's notice above lr 0.04 takes three lines on a desktop (five or six on a
    phone) and its figure's name one (two): the status keeps its tallest height at that width,
    so moving lr back and forth across 0.04 moves the page below once, not at every crossing;
    a new width starts again from the text shown then."""
    page = visit(color_scheme="light", viewport={"width": 1280, "height": 900}).page
    # An observer that resized what it observes would end frames with an error event.
    page.add_init_script("window.errors = []; addEventListener('error', (e) => errors.push(String(e.message)));")
    page.goto(site_url + "leccion.html")
    wait_ready(page)
    page.eval_on_selector(TOY, "root => root.scrollIntoView({block: 'center'})")
    measure = """(root) => {
      const text = root.querySelector('.lw-status');
      const lines = document.createRange();
      lines.selectNodeContents(text);
      return {lines: lines.getClientRects().length, text: text.getBoundingClientRect().height,
              box: text.parentElement.getBoundingClientRect().height,
              below: root.nextElementSibling.getBoundingClientRect().top};
    }"""

    def at(lr, epochs=100):
        move(page, TOY, "lr", lr, {"epochs": epochs, "lr": lr})
        return page.eval_on_selector(TOY, measure)

    name = at(0.011)
    notice = at(0.046)
    assert (name["lines"], notice["lines"]) == (1, 3)
    assert notice["box"] == notice["text"] > name["box"]  # grown, once, to the notice's height
    for lr in (0.011, 0.046, 0.006, 0.091, 0.001):
        now = at(lr)
        assert now["box"] == notice["box"] and now["below"] == notice["below"], f"layout shift at lr={lr}"
    assert now["lines"] == 1 and now["text"] < now["box"]

    page.set_viewport_size({"width": 390, "height": 800})  # a phone: the name wraps to two lines
    page.wait_for_function("""([selector, height]) => {
        const box = document.querySelector(selector + ' .lw-status-box');
        return box.getBoundingClientRect().height !== height; }""", arg=[TOY, notice["box"]])
    narrow_name = page.eval_on_selector(TOY, measure)
    assert narrow_name["lines"] == 2 and narrow_name["box"] == narrow_name["text"]
    narrow_notice = at(0.046)
    assert narrow_notice["lines"] >= 5 and narrow_notice["box"] == narrow_notice["text"]
    back = at(0.011)
    assert back["box"] == narrow_notice["box"] and back["below"] == narrow_notice["below"], "layout shift"
    page.set_viewport_size({"width": 1280, "height": 900})  # wide again: the name's own height
    page.wait_for_function("""(selector) => {
        const text = document.querySelector(selector + ' .lw-status');
        return Math.abs(text.parentElement.getBoundingClientRect().height - Math.max(
          text.getBoundingClientRect().height, 2 * parseFloat(getComputedStyle(text).lineHeight))) < 1; }""",
        arg=TOY)
    assert page.evaluate("window.errors") == []


def test_on_a_phone_the_chain_rules_table_and_status_only_grow(visit, site_url):
    """On a phone the chain rule's table rows wrap or not with their numbers' widths, and its
    status is its figure's name or a notice: over the bench's first moves the page below the
    widget never moves back up, though the table itself got shorter again."""
    page = visit(color_scheme="light", viewport={"width": 390, "height": 800}).page
    page.goto(site_url + "leccion.html")
    wait_ready(page)
    page.eval_on_selector(CHAIN, "root => root.scrollIntoView({block: 'start'})")
    measure = """(root) => ({table: root.querySelector('.lw-table').getBoundingClientRect().height,
                         box: root.querySelector('.lw-table-box').getBoundingClientRect().height,
                         below: root.nextElementSibling.getBoundingClientRect().top})"""
    spec = widget_render.widget_spec(WIDGETS[CHAIN])
    start = {control["name"]: control["value"] for control in spec["controls"]}
    seen = [page.eval_on_selector(CHAIN, measure)]
    for change in change_plan(spec["controls"], 12):
        move(page, CHAIN, change["name"], change["value"], {**start, **change["state"]})
        seen.append(page.eval_on_selector(CHAIN, measure))
    for before, after in zip(seen, seen[1:]):
        assert after["below"] >= before["below"] and after["box"] >= before["box"], "layout shift"
        assert after["box"] >= after["table"]
    assert any(now["table"] < now["box"] for now in seen), "no move made the table shorter: the test shows nothing"


def test_live_figure_is_an_image_with_its_titles_and_selectable_text(visit, site_url):
    page = visit().page
    page.goto(site_url + "leccion.html")
    wait_ready(page)
    move(page, SGD, "lr", 0.31, {"lr": 0.31, "steps": 10})
    live = figure(page, SGD)
    assert live.get_attribute("role") == "img"
    assert page.get_by_role("img", name="SGD con Learning Rate: 0.31").count() == 1
    selected = live.evaluate("""(svg) => {
        const title = [...svg.querySelectorAll('text')].find((t) => t.textContent.includes('Learning Rate'));
        const range = document.createRange();
        range.selectNodeContents(title);
        getSelection().removeAllRanges();
        getSelection().addRange(range);
        return [getComputedStyle(title).userSelect, getSelection().toString()];
    }""")
    assert selected[0] != "none" and "SGD con Learning Rate: 0.31" in selected[1]
    # matplotlib's stylesheet stays inside the figure: no <style> of it lands in the page. Its
    # colours are attributes (the page's Content-Security-Policy refuses style attributes), and
    # no rule of the page overrides them.
    assert live.evaluate("(svg) => svg.querySelectorAll('style, [style]').length") == 0
    drawn = live.evaluate("""(svg) => [...svg.querySelectorAll('path[stroke], path[fill]')].map((p) => [
        p.getAttribute('stroke'), getComputedStyle(p).stroke, p.getAttribute('fill'), getComputedStyle(p).fill])""")
    rgb = {"#e24a33": "rgb(226, 74, 51)", "#ff0000": "rgb(255, 0, 0)", "#0000ff": "rgb(0, 0, 255)",
           "#555555": "rgb(85, 85, 85)", "#ffffff": "rgb(255, 255, 255)", "#e5e5e5": "rgb(229, 229, 229)",
           "none": "none"}
    checked = [(a, c) for a, c in ((d[0], d[1]) for d in drawn) if a in rgb] + \
              [(a, c) for a, c in ((d[2], d[3]) for d in drawn) if a in rgb]
    assert len(checked) > 10 and all(rgb[attribute] == computed for attribute, computed in checked), checked


RECORD_REQUESTS = """
window.__toWorker = [];
const post = Worker.prototype.postMessage;
Worker.prototype.postMessage = function (message, ...rest) {
  // Python's requests (the search worker's messages have numeric types); init holds no widget.
  if (message && typeof message.type === "string" && message.type !== "init") {
    const widget = document.querySelector("[data-widget]");
    window.__toWorker.push({ ...JSON.parse(JSON.stringify(message)), pageState: widget && widget.dataset.state });
  }
  return post.call(this, message, ...rest);
};
"""


def requests_once_ready(visit, site_url, page_name, viewport):
    """Open a page that records its requests to Python; wait until it has sent one per widget
    after ready. Returns the page, its widgets and those requests."""
    current = visit(viewport=viewport)
    current.context.add_init_script(RECORD_REQUESTS)
    page = current.page
    page.goto(site_url + page_name)
    wait_ready(page)
    widgets = page.eval_on_selector_all("[data-widget]", "ws => ws.map((w) => w.dataset.widget)")
    page.wait_for_function("(count) => window.__toWorker.length >= count", arg=len(widgets), timeout=10_000)
    return page, widgets, page.evaluate("window.__toWorker")


def test_each_widget_is_drawn_ahead_asked_while_python_starts(visit, site_url):
    """While Python starts, the page asks it to draw each widget's figure ahead (protocol
    "prepare": its name, the values its figure shows, the page's layout), once, and nothing
    else; the reader's first move then gets a whole figure equal to a fresh render, the next
    one a patch."""
    page, widgets, requests = requests_once_ready(visit, site_url, "leccion.html", {"width": 1280, "height": 900})
    assert [request["type"] for request in requests] == ["prepare"] * len(widgets), requests
    assert [request["widget"] for request in requests] == widgets
    assert {request.pop("pageState") for request in requests} == {"loading"}
    for request in requests:
        shown = page.eval_on_selector(f'[data-widget="{request["widget"]}"] .lw-figure',
                                      "(img) => JSON.parse(img.dataset.values)")
        assert request["values"] == shown and request["layout"] == "wide", request
    page.wait_for_timeout(4000)  # Python left alone for 1.5 s: it draws the figures ahead
    move(page, BATCH, "lr", 0.12, {"batch_size": 8, "lr": 0.12, "updates": 50})
    assert figure(page, BATCH).evaluate("(f) => f.localName") == "svg"
    mark_figure(page, BATCH)
    move(page, BATCH, "batch_size", 9, {"batch_size": 9, "lr": 0.12, "updates": 50})
    assert is_marked(page, BATCH), "the second move patches the figure the first one sent"
    assert unclosed(page_drawing(page, BATCH)) == unclosed(fresh_drawing(BATCH, {"batch_size": 9, "lr": 0.12, "updates": 50}))
    renders = [request for request in page.evaluate("window.__toWorker") if request["type"] == "render"]
    assert [request["shown"] for request in renders][0] is None


def test_a_widget_coming_into_view_is_drawn_ahead_first(visit, site_url):
    """A widget the reader scrolls to is asked for again, marked "soon" (Python draws it before
    the others, after a shorter pause): once, with the values its figure shows; a widget still
    out of view, or asked for soon already, is not. Drawn that way, the first move on it
    shows what a fresh figure shows."""
    page, widgets, requests = requests_once_ready(visit, site_url, "leccion.html", {"width": 1280, "height": 900})
    in_view = page.eval_on_selector_all("[data-widget]", """(roots) => roots.filter((root) => {
        const box = root.getBoundingClientRect();
        return box.bottom > 0 && box.top < innerHeight; }).map((root) => root.dataset.widget)""")
    assert sorted(request["widget"] for request in requests if request["soon"]) == sorted(in_view)
    assert WIDGETS[BATCH] not in in_view, "the test scrolls to a widget out of view"
    page.eval_on_selector(BATCH, "root => root.scrollIntoView({block: 'center'})")
    page.wait_for_function("(widget) => window.__toWorker.some((r) => r.widget === widget && r.soon)",
                           arg=WIDGETS[BATCH], timeout=10_000)
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(300)
    page.eval_on_selector(BATCH, "root => root.scrollIntoView({block: 'center'})")
    page.wait_for_timeout(1200)  # the shorter pause, then Python draws it
    asked = page.evaluate("window.__toWorker")[len(requests):]
    assert {(request["type"], request["soon"]) for request in asked} == {("prepare", True)}, asked
    asked = [request for request in asked if request["widget"] == WIDGETS[BATCH]]
    assert len(asked) == 1, asked  # scrolled out of view and back: not asked again
    shown = figure(page, BATCH).evaluate("(img) => JSON.parse(img.dataset.values)")
    assert asked[0]["values"] == shown and asked[0]["layout"] == "wide"
    move(page, BATCH, "updates", 60, {"batch_size": 8, "lr": 0.1, "updates": 60})
    assert unclosed(page_drawing(page, BATCH)) == unclosed(fresh_drawing(BATCH, {"batch_size": 8, "lr": 0.1, "updates": 60}))


def test_a_link_to_a_widget_has_its_figure_drawn_first(visit, site_url):
    """Opened at a widget (a link to a later section), the page asks for that widget's figure
    "soon" while Python starts (once the browser has scrolled to it): Python's warm-up at ready
    draws it first. Each widget is asked for at most once each way."""
    page, widgets, requests = requests_once_ready(
        visit, site_url, "leccion.html#lw-chain-rule-explore-chain-rule", {"width": 1280, "height": 900})
    page.wait_for_timeout(500)  # requests_once_ready may return before the one made on scrolling
    requests = page.evaluate("window.__toWorker")
    asked = [(request["widget"], request["soon"]) for request in requests]
    assert {widget for widget, _ in asked} == set(widgets) and len(set(asked)) == len(asked), asked
    assert ("chain_rule.explore_chain_rule", True) in asked and ("sgd_descent.visualize_sgd", True) not in asked
    assert {request["pageState"] for request in requests if request["soon"]} == {"loading"}, requests


def test_a_phone_asks_for_its_narrow_figures_ahead(visit, site_url):
    _, _, requests = requests_once_ready(visit, site_url, "index.html", {"width": 390, "height": 844})
    assert {request["layout"] for request in requests} == {"narrow"}
