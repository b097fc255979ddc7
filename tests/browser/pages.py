"""Helpers for reading the state of the lesson's widgets in a page."""

# Python in the worker: a cold load takes seconds on a shared 2-core machine.
READY_TIMEOUT_MS = 90_000

# A widget's figure: the pre-rendered <img> (alt) until Python draws one, then an inline <svg>
# (role="img", aria-label). JavaScript expressions on the figure element ``f``:
FIGURE_NAME_JS = "(f.localName === 'svg' ? f.getAttribute('aria-label') : f.alt)"
IS_LIVE_JS = "(f.localName === 'svg' && f.getAttribute('role') === 'img')"


def figure(page, widget):
    return page.locator(widget + " .lw-figure")


def figure_name(page, widget):
    """The figure's accessible name: its titles with their current values."""
    return figure(page, widget).evaluate(f"(f) => {FIGURE_NAME_JS}")


def wait_figure_named(page, widget, name, timeout=30_000):
    """Until Python's figure (not the pre-rendered one) is the one shown, with this name."""
    page.wait_for_function(
        f"([s, name]) => {{ const f = document.querySelector(s + ' .lw-figure');"
        f" return {IS_LIVE_JS} && {FIGURE_NAME_JS} === name; }}",
        arg=[widget, name], timeout=timeout)


def wait_ready(page, selector="[data-widget]"):
    """Wait until every widget on the page has its Python ready (or fail with its status). The
    page must be parsed and hold a widget: an empty list is not "every widget ready"."""
    try:
        page.wait_for_function(
            """(selector) => {
                 const widgets = [...document.querySelectorAll(selector)];
                 return document.readyState !== 'loading' && widgets.length > 0
                   && widgets.every((w) => ['ready', 'error'].includes(w.dataset.state));
               }""",
            arg=selector, timeout=READY_TIMEOUT_MS)
    except Exception as error:
        states = page.eval_on_selector_all(
            selector, "ws => ws.map(w => w.dataset.widget + ': ' + w.dataset.state + ' — ' + "
                      "w.querySelector('[role=status]').textContent)")
        raise AssertionError(f"widgets not ready after {READY_TIMEOUT_MS} ms: {states}") from error
    states = page.eval_on_selector_all(selector, "ws => ws.map(w => w.dataset.state)")
    assert all(state == "ready" for state in states), page.eval_on_selector_all(
        selector, "ws => ws.map(w => w.querySelector('[role=status]').textContent)")


def wait_drawn(page, widget, values):
    """Until the widget's live figure shows exactly these values (compared as numbers) and its
    Python is idle again."""
    page.wait_for_function(
        "([s, v]) => { const f = document.querySelector(s + ' .lw-figure');"
        f" if (!{IS_LIVE_JS}) return false;"
        " const drawn = JSON.parse(f.dataset.values);"
        " return Object.keys(drawn).length === Object.keys(v).length"
        " && Object.entries(v).every(([k, x]) => drawn[k] === x)"
        " && document.querySelector(s).dataset.state === 'ready'; }",
        arg=[widget, values], timeout=30_000)
