"""The Content-Security-Policy holds everywhere and the lesson still works under it: the served
site (the worker too, given the policy as an HTTP header, its only way to get one), the offline
copy served and opened from disk, search, the service worker's revisit. A violation is recorded
from the securitypolicyviolation event and from the console, and fails the test."""

import re

import pytest

from site_src import content_policy
from tests.browser.conftest import QuietHandler, served
from tests.browser.pages import wait_drawn, wait_ready

SGD = '[data-widget="sgd_descent.visualize_sgd"]'
PAGES = ("index.html", "leccion.html", "sin-conexion.html", "404.html")
RECORD_VIOLATIONS = """
  window.__violations = [];
  document.addEventListener("securitypolicyviolation", (event) => {
    window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
  });
"""


class PolicyHandler(QuietHandler):
    """Sends the site's policy as a header too: the only way a served worker gets one."""

    def end_headers(self):
        self.send_header("Content-Security-Policy", content_policy.policy())
        super().end_headers()


class Recorder:
    """A browser context that records policy violations (event and console) and page errors."""

    def __init__(self, browser):
        self.context = browser.new_context()
        self.context.add_init_script(RECORD_VIOLATIONS)
        self.console = []
        self.context.on("console", lambda message: self._console(message))
        self.context.on("weberror", lambda error: self.console.append(f"pageerror: {error.error}"))
        self.page = self.context.new_page()
        self.page.on("worker", lambda worker: worker.on("console", self._console))

    def _console(self, message):
        if message.type == "error" or "Content-Security-Policy" in message.text or "Content Security" in message.text:
            self.console.append(message.text)

    def check(self):
        violations = self.page.evaluate("() => window.__violations")
        assert not violations, f"policy violations: {violations}"
        assert not self.console, f"console errors: {self.console}"


@pytest.fixture
def recorder(browser):
    opened = []

    def open_recorder():
        opened.append(Recorder(browser))
        return opened[-1]

    yield open_recorder
    for current in opened:
        current.context.close()


@pytest.fixture(scope="module")
def policy_site_url(built_site):
    with served(built_site, PolicyHandler) as url:
        yield url


def test_every_page_declares_the_policy_first_and_has_no_inline_script(built_site):
    policy = content_policy.policy()
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    for name in PAGES:
        html = (built_site / name).read_text(encoding="utf-8")
        head = html[:html.index("</head>")]
        first_script = head.index("<script")
        meta = head.index('<meta http-equiv="Content-Security-Policy"')
        assert meta < first_script, name
        assert f'content="{policy}"' in head, name
        scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.DOTALL)
        inline = [(attributes, body[:80]) for attributes, body in scripts
                  if body.strip() and 'type="application/json"' not in attributes]
        assert not inline, f"{name} has inline scripts: {inline}"
    assert 'role="dialog" aria-label="Búsqueda"' in (built_site / "404.html").read_text(encoding="utf-8")


def move_slider(page, value="0.31"):
    page.locator(SGD + ' input[name="lr"]').fill(value)
    wait_drawn(page, SGD, {"lr": float(value), "steps": 10})


def search(page):
    page.locator("input.md-search__input").click()
    page.keyboard.type("cebolla")
    page.wait_for_selector(".md-search-result__item", timeout=15_000)


def test_the_served_site_and_its_worker_work_under_the_policy(recorder, policy_site_url):
    visit = recorder()
    page = visit.page
    page.goto(policy_site_url + "leccion.html")
    # the policy reached the worker as a header: eval is refused there, wasm is allowed
    wait_ready(page)
    move_slider(page)
    # the reader's dark mode choice is kept (Material's palette script, now a file)
    page.locator("label[for=__palette_1]").first.click()
    page.goto(policy_site_url + "index.html")
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    search(page)
    visit.check()


def test_a_worker_under_the_policy_may_not_eval(recorder, policy_site_url):
    """The header really governs the worker: the proof that the test above means something."""
    visit = recorder()
    page = visit.page
    page.goto(policy_site_url + "index.html")
    outcome = page.evaluate("""() => new Promise((resolve) => {
        const worker = new Worker("assets/lesson/csp-probe-does-not-exist.js");
        worker.onerror = () => resolve("no such file");
        setTimeout(() => resolve("timeout"), 5000);
    })""")
    assert outcome == "no such file"
    blocked = page.evaluate("""() => new Promise((resolve) => {
        const source = "try { eval('1'); postMessage('eval ran'); } catch (e) { postMessage('eval refused'); }";
        const worker = new Worker(URL.createObjectURL(new Blob([source], { type: "text/javascript" })));
        worker.onmessage = (event) => resolve(event.data);
    })""")
    assert blocked == "eval refused"
    visit.console.clear()  # the refused eval is reported on purpose
    page.evaluate("() => { window.__violations = []; }")
    visit.check()


def test_the_offline_copy_served_works_under_the_policy(recorder, unzipped_copy):
    with served(unzipped_copy, PolicyHandler) as url:
        visit = recorder()
        visit.page.goto(url + "leccion.html")
        wait_ready(visit.page)
        move_slider(visit.page, "0.66")
        visit.check()


def test_the_offline_copy_from_disk_works_under_the_policy(recorder, unzipped_copy):
    visit = recorder()
    visit.page.goto((unzipped_copy / "leccion.html").as_uri())
    wait_ready(visit.page)
    move_slider(visit.page, "0.51")
    search(visit.page)
    visit.check()
