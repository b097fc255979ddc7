"""The status line's spinner: shown while a render is slow, not on every quick slider move
(a spinner that comes and goes within a frame only shifts the status text sideways)."""

from tests.browser.pages import wait_drawn, wait_ready
from tests.browser.test_code_runner import lesson, open_editor, panel, type_code

SGD = '[data-widget="sgd_descent.visualize_sgd"]'

# The spinner is the status line's ::before box: "none" when there is none.
SPINNER_JS = "(w) => getComputedStyle(w.querySelector('[role=status]'), '::before').content"

# Sets the slider and reads, in the same task (no timer can run in between), what the reader
# sees at once: the widget busy, and no spinner yet.
MOVE_JS = """([s, value]) => {
  const widget = document.querySelector(s);
  const input = widget.querySelector('input[name="lr"]');
  input.value = String(value);
  input.dispatchEvent(new Event("input", { bubbles: true }));
  return { value: Number(input.value), state: widget.dataset.state, slow: widget.classList.contains("lw-slow"),
           spinner: getComputedStyle(widget.querySelector("[role=status]"), "::before").content };
}"""


def test_spinner_only_while_a_render_waits(visit, site_url):
    page = lesson(visit, site_url).page
    wait_ready(page)
    widget = page.locator(SGD)
    assert widget.evaluate(SPINNER_JS) == "none"

    # A quick render: busy at once, no spinner, and none once the figure is drawn.
    at_once = page.evaluate(MOVE_JS, [SGD, 0.51])
    assert at_once == {"value": 0.51, "state": "busy", "slow": False, "spinner": "none"}, at_once
    wait_drawn(page, SGD, {"lr": 0.51, "steps": 10})
    assert widget.evaluate(SPINNER_JS) == "none"

    # A render that has to wait: the reader's code keeps Python busy for a while.
    open_editor(page, 1)
    type_code(page, 1, "import time\nend = time.time() + 2\nwhile time.time() < end:\n    pass\n"
                       "print('listo')\n")
    panel(page, 1).get_by_role("button", name="Ejecutar").click()
    page.wait_for_function(
        "(s) => document.querySelector(s + ' [data-run-output]').dataset.runState === 'running'",
        arg='[data-code-block="bloque-1"]')
    at_once = page.evaluate(MOVE_JS, [SGD, 0.31])
    assert at_once == {"value": 0.31, "state": "busy", "slow": False, "spinner": "none"}, at_once
    page.wait_for_function(
        f"(w) => w.classList.contains('lw-slow') && ({SPINNER_JS})(w) !== 'none'",
        arg=widget.element_handle(), timeout=10_000)
    assert widget.get_attribute("data-state") == "busy"

    # The render done: no spinner.
    wait_drawn(page, SGD, {"lr": 0.31, "steps": 10})
    assert widget.evaluate(SPINNER_JS) == "none"
    assert "lw-slow" not in widget.get_attribute("class")
