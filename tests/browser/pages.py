"""Helpers for reading the state of the lesson's widgets in a page."""

# Python in the worker: a cold load takes seconds on a shared 2-core machine.
READY_TIMEOUT_MS = 90_000


def wait_ready(page, selector="[data-widget]"):
    """Wait until every widget on the page has its Python ready (or fail with its status)."""
    try:
        page.wait_for_function(
            """(selector) => [...document.querySelectorAll(selector)]
                 .every((w) => ['ready', 'error'].includes(w.dataset.state))""",
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
        "([s, v]) => { const img = document.querySelector(s + ' img');"
        " if (!img.src.startsWith('blob:')) return false;"
        " const drawn = JSON.parse(img.dataset.values);"
        " return Object.keys(drawn).length === Object.keys(v).length"
        " && Object.entries(v).every(([k, x]) => drawn[k] === x)"
        " && document.querySelector(s).dataset.state === 'ready'; }",
        arg=[widget, values], timeout=30_000)
