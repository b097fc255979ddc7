"""The lesson in Debian's Firefox (firefox-esr, through Marionette: tests/browser/firefox.py):
served, opened from disk with Firefox's strict file:// origins, and revisited offline through the
service worker. Each time every widget must reach "ready" and a slider must redraw its figure."""

import zipfile

import pytest

from tests.browser.conftest import serve
from tests.browser.firefox import firefox  # noqa: F401 (the fixture)

SGD = '[data-widget="sgd_descent.visualize_sgd"]'
ZIP = "descargas/leccion-backprop-sgd.zip"
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


@pytest.fixture
def unzipped(built_site, tmp_path):
    with zipfile.ZipFile(built_site / ZIP) as archive:
        archive.extractall(tmp_path / "copia")
    return tmp_path / "copia" / "leccion-backprop-sgd"


def test_the_lesson_served(firefox, site_url):
    firefox.navigate(site_url + "leccion.html")
    firefox.execute(WATCH_POLICY)
    lesson_works(firefox, 0.31)


def test_the_offline_copy_from_disk(firefox, unzipped):
    firefox.navigate((unzipped / "leccion.html").as_uri())
    firefox.execute(WATCH_POLICY)
    lesson_works(firefox, 0.66)
    # search from disk too (the offline plugin's index through site_src/js/iframe-worker.js)
    firefox.execute("""const input = document.querySelector('input.md-search__input');
      input.focus(); input.value = 'cebolla';
      input.dispatchEvent(new KeyboardEvent('keyup', { key: 'a', bubbles: true }));""")
    firefox.wait_for("return document.querySelectorAll('.md-search-result__item').length",
                     what="search results from disk")


def test_a_revisit_offline_through_the_service_worker(firefox, built_site):
    server = serve(built_site)
    url = f"http://127.0.0.1:{server.server_address[1]}/leccion.html"
    try:
        firefox.navigate(url)
        lesson_works(firefox, 0.31)
        # the service worker has the pages and the runtime Python just loaded
        firefox.wait_for("return document.documentElement.dataset.offline === 'ready'",
                         timeout_ms=READY_MS, what="the service worker caching the runtime")
    finally:
        server.shutdown()
        server.server_close()
    firefox.navigate(url)  # the server is gone: only the service worker can answer
    firefox.execute(WATCH_POLICY)
    assert "Backpropagation" in firefox.execute("return document.title")
    lesson_works(firefox, 0.51)
