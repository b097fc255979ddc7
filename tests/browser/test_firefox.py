"""The lesson in Debian's Firefox (firefox-esr, through Marionette: tests/browser/firefox.py):
served, opened from disk with Firefox's strict file:// origins, and revisited offline through the
service worker. Each time every widget must reach "ready" and a slider must redraw its figure;
served and from disk, a code block is edited by keyboard and run ("Editar y ejecutar")."""

from tests.browser.conftest import served
from tests.browser.firefox import firefox  # noqa: F401 (the fixture)

SGD = '[data-widget="sgd_descent.visualize_sgd"]'
READY_MS = 180_000  # a cold Pyodide start on a loaded 2-core machine

ALL_READY = """
  const widgets = [...document.querySelectorAll('[data-widget]')];
  if (widgets.some((w) => w.dataset.state === 'error')) return 'error';
  return widgets.length > 0 && widgets.every((w) => w.dataset.state === 'ready') && 'ready';
"""
STATES = """return [...document.querySelectorAll('[data-widget]')].map((w) =>
  `${w.dataset.widget}: ${w.dataset.state} — ${w.querySelector('[role=status]').textContent}`);"""
WATCH_POLICY = """
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(
    `${e.violatedDirective} ${e.blockedURI}`));
"""
MOVE_LR = """
  const input = document.querySelector(arguments[0] + ' input[name="lr"]');
  input.value = arguments[1];
  input.dispatchEvent(new Event('input', { bubbles: true }));
"""
DRAWN = """
  const widget = document.querySelector(arguments[0]);
  const figure = widget.querySelector('.lw-figure');  // Python's: an inline <svg role="img">
  if (figure.localName !== 'svg' || widget.dataset.state !== 'ready') return null;
  const values = JSON.parse(figure.dataset.values);
  return values.lr === arguments[1] && figure.querySelector('g') && figure.dataset.values;
"""


def lesson_works(browser, lr):
    """Every widget ready; moving the learning rate redraws the figure with the new values."""
    state = browser.wait_for(ALL_READY, timeout_ms=READY_MS, what="every widget ready")
    assert state == "ready", browser.execute(STATES)
    before = browser.execute(f"return document.querySelector('{SGD} .lw-figure').dataset.values")
    browser.execute(MOVE_LR, SGD, str(lr))
    after = browser.wait_for(DRAWN, SGD, lr, what=f"the SGD figure redrawn with lr={lr}")
    assert after != before
    assert browser.execute(f"return document.querySelector('{SGD} .lw-figure').getAttribute('aria-label')") \
        == f"SGD con Learning Rate: {lr}"
    assert browser.execute("return window.__violations || []") == []


ELEMENT = "element-6066-11e4-a52e-4f735466cecf"  # WebDriver's keys of element references
SHADOW = "shadow-6066-11e4-a52e-4f735466cecf"
CTRL, RELEASE, BACKSPACE = "\ue009", "\ue000", "\ue003"
RUN_OUTPUT = """
  const output = document.querySelector('[data-code-block="bloque-1"] [data-run-output]');
  return output && output.dataset.runState === 'done' && output.innerText;
"""


def edit_and_run(browser, code):
    """Open block 1's editor, replace its code by typing (real key events into CodeMirror, inside
    its shadow root), run it and return what the output shows."""
    browser.execute("document.querySelector("
                    "'button[aria-label=\"Editar y ejecutar el bloque de código 1\"]').click()")
    host = browser.wait_for("return document.querySelector('[data-code-block=\"bloque-1\"] .cr-editor')",
                            what="the editor of block 1")
    shadow = browser.command("WebDriver:GetShadowRoot", {"id": host[ELEMENT]})["value"][SHADOW]
    content = browser.command("WebDriver:FindElementFromShadowRoot",
                              {"shadowRoot": shadow, "using": "css selector", "value": ".cm-content"})["value"]
    # Two calls: typed right after the deletion in one call, the text was lost (CodeMirror
    # redraws the emptied document in between).
    for keys in (CTRL + "a" + RELEASE + BACKSPACE, code):
        browser.command("WebDriver:ElementSendKeys", {"id": content[ELEMENT], "text": keys})
    typed = "return document.querySelector('[data-code-block=\"bloque-1\"] .cr-editor')" \
            ".shadowRoot.querySelector('.cm-content').innerText.trim() === arguments[0]"
    browser.wait_for(typed, code, what="the typed code in the editor")
    browser.execute("document.querySelector('[data-code-block=\"bloque-1\"] .cr-run').click()")
    return browser.wait_for(RUN_OUTPUT, timeout_ms=READY_MS, what="the run's output")


DROP_MARKERS = """
  document.querySelectorAll(arguments[0] + ' .lw-figure [marker-mid]').forEach((path) => {
    path.removeAttribute('marker-start'); path.removeAttribute('marker-mid'); });
"""


def screenshot(browser, selector):
    element = browser.find(selector)
    return browser.command("WebDriver:TakeScreenshot", {"id": element[ELEMENT], "full": False, "hash": False})["value"]


def test_the_lesson_served(firefox, site_url):
    firefox.navigate(site_url + "leccion.html")
    firefox.execute(WATCH_POLICY)
    lesson_works(firefox, 0.31)
    # A figure's points and tick marks are SVG <marker>s painted at a path's vertices
    # (py/live_figure.py): Firefox paints them, the figure without them looks different.
    painted = screenshot(firefox, SGD + " .lw-figure")
    firefox.execute(DROP_MARKERS, SGD)
    assert screenshot(firefox, SGD + " .lw-figure") != painted, "Firefox does not paint the <marker>s"
    lesson_works(firefox, 0.36)  # the next patch still applies
    # fractions is not shipped at start-up: the import fetches the stdlib's rest (sync XHR).
    code = "import fractions; print(6 * 7, sum(range(4)), fractions.Fraction(1, 2) + fractions.Fraction(1, 3))"
    assert edit_and_run(firefox, code).strip() == "42 6 5/6"
    assert firefox.execute("return window.__violations || []") == []


def test_the_offline_copy_from_disk(firefox, unzipped_copy):
    firefox.navigate((unzipped_copy / "leccion.html").as_uri())
    firefox.execute(WATCH_POLICY)
    lesson_works(firefox, 0.66)
    assert edit_and_run(firefox, "import statistics; print(statistics.mean([1, 2, 6]))").strip() == "3"
    # search from disk too (the offline plugin's index through site_src/js/iframe-worker.js)
    firefox.execute("""const input = document.querySelector('input.md-search__input');
      input.focus(); input.value = 'cebolla';
      input.dispatchEvent(new KeyboardEvent('keyup', { key: 'a', bubbles: true }));""")
    firefox.wait_for("return document.querySelectorAll('.md-search-result__item').length",
                     what="search results from disk")


def test_a_revisit_offline_through_the_service_worker(firefox, built_site):
    with served(built_site) as base:
        url = base + "leccion.html"
        firefox.navigate(url)
        lesson_works(firefox, 0.31)
        # the service worker has the pages and the runtime Python just loaded
        firefox.wait_for("return document.documentElement.dataset.offline === 'ready'",
                         timeout_ms=READY_MS, what="the service worker caching the runtime")
    firefox.navigate(url)  # the server is gone: only the service worker can answer
    firefox.execute(WATCH_POLICY)
    assert "Backpropagation" in firefox.execute("return document.title")
    lesson_works(firefox, 0.51)
