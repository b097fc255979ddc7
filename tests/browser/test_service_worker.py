"""Offline repeat visits: the service worker (sw.js) in a real Chromium.

These tests do not use the ``visit`` fixture: Playwright's request routing turns the HTTP cache off
and does not see what a service worker answers, and a reader's first visit relies on that cache.
Each test serves its own copy of the site under a sub-path (like https://user.github.io/repo/),
records every request (pages, workers and the service worker) and checks they stay under it.
A Chromium profile on disk gives the disk cache a returning reader has.
"""

import functools
import http.server
import os
import shutil
import threading
import time
from types import SimpleNamespace

import pytest

from site_src import service_worker
from tests.browser.conftest import CHROMIUM_FLAGS, find_chromium
from tests.browser.pages import READY_TIMEOUT_MS, wait_figure_named, wait_ready

SGD = '[data-widget="sgd_descent.visualize_sgd"]'
SUB_PATH = "repo/"
# Names only: opening a cache the service worker has just deleted would create it again.
CACHE_NAMES = "() => caches.keys()"
# Only once no worker is deleting caches any more (a first visit done, a new version active).
CACHED_URLS = """async () => {
  const entries = [];
  for (const name of await caches.keys()) {
    for (const request of await (await caches.open(name)).keys()) entries.push([name, request.url]);
  }
  return entries;
}"""


class CountingHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder like GitHub Pages caches (max-age=600) and notes every file body it sends.
    A test can make it fail one path: `faults[path]` = 503, 404 or "silent" (never answers)."""

    sent = None  # list of paths, one per file body sent; set by CountingServer
    faults = None  # path (as requested) -> fault; set by CountingServer
    release = None  # threading.Event that lets silent answers end (at the server's stop)

    def do_GET(self):
        fault = self.faults.get(self.path.split("?")[0])
        if fault == "silent":
            self.release.wait(120)
            return
        if fault:
            self.send_error(fault)
            return
        super().do_GET()

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def copyfile(self, source, outputfile):
        super().copyfile(source, outputfile)
        self.sent.append(self.path.split("?")[0])

    def log_message(self, *args):
        pass


class CountingServer:
    def __init__(self, root):
        self.sent = []
        self.faults = {}
        self.release = threading.Event()
        handler = type("Handler", (CountingHandler,), {"sent": self.sent, "faults": self.faults,
                                                        "release": self.release})
        self.httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self):
        self.release.set()
        if self.httpd:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.httpd = None


class Reader:
    """A Chromium with its own profile on disk; records requests and errors of every page and worker."""

    def __init__(self, browser, profile, base):
        executable = find_chromium(SimpleNamespace(chromium=browser.browser_type))
        self.context = browser.browser_type.launch_persistent_context(
            str(profile), executable_path=executable, args=browser_flags())
        self.base = base
        self.requests = []
        self.errors = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.context.on("console", self._console)
        self.context.on("weberror", lambda error: self.errors.append(f"pageerror: {error.error}"))

    def _console(self, message):
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def new_page(self):
        return self.context.new_page()

    def outside_requests(self):
        return [url for url in self.requests
                if not url.startswith((self.base, "data:", "blob:"))]

    def close(self):
        self.context.close()


def browser_flags():
    """conftest's flags for a Chromium launched apart (a profile on disk needs its own)."""
    flags = list(CHROMIUM_FLAGS)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        flags.append("--no-sandbox")
    return flags


def copy_site(source, dest, attempts=3):
    """A copy whose files are the ones its sw.js lists (site/ may be rebuilt while it is copied)."""
    for _ in range(attempts):
        shutil.rmtree(dest, ignore_errors=True)
        shutil.copytree(source, dest)
        files = manifest_of(dest)["files"]
        if all((dest / path).is_file() and service_worker.file_sha256(dest / path) == digest
               for path, digest in files.items()):
            return
        time.sleep(5)
    pytest.fail(f"{source} kept changing while it was copied: rebuild it and run again")


@pytest.fixture
def served_copy(built_site, tmp_path):
    """A copy of the site (a rebuild of site/ meanwhile cannot change it) under /repo/."""
    root = tmp_path / "www"
    copy_site(built_site, root / SUB_PATH)
    server = CountingServer(root)
    yield server, root / SUB_PATH, f"{server.origin}/{SUB_PATH}"
    server.stop()


@pytest.fixture
def reader(browser, tmp_path, served_copy):
    current = Reader(browser, tmp_path / "profile", served_copy[2])
    yield current
    current.close()
    assert not current.outside_requests(), f"requests outside the site: {current.outside_requests()}"
    assert not current.errors, f"errors: {current.errors}"


def manifest_of(site):
    text = (site / "sw.js").read_text(encoding="utf-8")
    return service_worker.read_manifest(text)


def wait_offline_ready(page):
    page.wait_for_function("() => document.documentElement.dataset.offline", timeout=READY_TIMEOUT_MS)
    assert page.get_attribute("html", "data-offline") == "ready"


def cached(page):
    return [tuple(entry) for entry in page.evaluate(CACHED_URLS)]


def poll(condition, failure, timeout_s=60):
    """For conditions the page can only answer asynchronously (wait_for_function does not await)."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"after {timeout_s} s: {failure() if callable(failure) else failure}")
        time.sleep(0.2)


def wait_figure(page, widget, title):
    wait_figure_named(page, widget, title)


def first_visit(reader):
    page = reader.new_page()
    page.goto(reader.base + "leccion.html")
    wait_ready(page)
    wait_offline_ready(page)
    return page


def test_after_one_visit_the_lesson_works_offline(reader, served_copy):
    server, site, base = served_copy
    manifest = manifest_of(site)
    page = first_visit(reader)

    # The first visit downloaded each file once: the runtime was cached from the HTTP cache.
    twice = sorted({path for path in server.sent if server.sent.count(path) > 1})
    assert not twice, f"downloaded more than once: {twice}"
    names = {name for name, _ in cached(page)}
    assert names == {f"leccion-offline|{manifest['version']}|{base}"}
    urls = {url for _, url in cached(page)}
    expected = {base + path for path in manifest["precache"] + manifest["runtime"]}
    assert expected <= urls, f"not cached: {sorted(expected - urls)}"
    page.close()

    server.stop()  # nothing can come from the network any more, emulated or not
    reader.context.set_offline(True)
    lesson = reader.new_page()
    lesson.goto(base + "leccion.html?visualize_sgd.lr=0.31")  # settings in the query string
    wait_ready(lesson)
    wait_figure(lesson, SGD, "SGD con Learning Rate: 0.31")
    lesson.locator(SGD + ' input[name="lr"]').fill("0.51")
    wait_figure(lesson, SGD, "SGD con Learning Rate: 0.51")

    home = reader.new_page()
    home.goto(base)  # the folder's URL: its index.html
    assert "Backpropagation y SGD" in home.title()
    wait_ready(home)
    home.wait_for_selector(".arithmatex .katex")


def test_a_new_build_replaces_the_cache_without_downloading_the_runtime_again(reader, served_copy):
    server, site, base = served_copy
    page = first_visit(reader)
    old = manifest_of(site)

    # A new build that changed one file: its sw.js has a new version.
    with open(site / "sitemap.xml", "a", encoding="utf-8") as sitemap:
        sitemap.write("\n")
    new = service_worker.write_service_worker(site)
    assert new["version"] != old["version"]
    server.sent.clear()

    page.reload()  # the browser checks sw.js on every navigation
    new_cache = f"leccion-offline|{new['version']}|{base}"
    poll(lambda: set(page.evaluate(CACHE_NAMES)) == {new_cache},
         lambda: f"the caches are {page.evaluate(CACHE_NAMES)}, not only {new_cache}")
    urls = {url for _, url in cached(page)}
    assert {base + path for path in new["runtime"] + new["precache"]} <= urls
    assert f"/{SUB_PATH}sitemap.xml" in server.sent
    runtime_sent = [path for path in server.sent if "/pyodide/" in path]
    assert not runtime_sent, f"the runtime was downloaded again: {runtime_sent}"


def test_the_service_worker_waits_for_the_readers_pause(reader):
    """Caching the site and the runtime takes both cores of a small machine for a second or two:
    it waits until Python has had nothing to draw for 3 s, not only for Python to be ready."""
    page = reader.new_page()
    page.goto(reader.base + "leccion.html")
    wait_ready(page)
    registrations = "navigator.serviceWorker.getRegistrations().then((found) => found.length)"
    steps = page.locator(SGD + ' input[name="steps"]')
    moving_since = time.monotonic()
    for index in range(12):  # a reader moving a slider, one step every ~0.5 s, for ~6 s
        value = 11 + index
        steps.fill(str(value))
        page.wait_for_function(
            "(steps) => JSON.parse(document.querySelector('[data-widget=\"sgd_descent.visualize_sgd\"] .lw-figure')"
            ".dataset.values).steps === steps", arg=value, timeout=READY_TIMEOUT_MS)
        page.wait_for_timeout(400)
        assert page.evaluate(registrations) == 0, f"registered while the reader moved ({time.monotonic() - moving_since:.1f} s)"
    paused_at = time.monotonic()
    wait_offline_ready(page)
    assert time.monotonic() - paused_at >= 2.5, "registered before the reader had paused 3 s"
    assert page.evaluate(registrations) == 1


SPY = """(() => {
  window.swRegistrations = [];
  if (!navigator.serviceWorker) return;
  const register = navigator.serviceWorker.register.bind(navigator.serviceWorker);
  navigator.serviceWorker.register = (url, ...rest) => {
    window.swRegistrations.push(String(url));
    return register(url, ...rest);
  };
})()"""


def test_no_service_worker_on_pages_opened_from_disk(browser, built_site, site_url):
    context = browser.new_context()
    try:
        context.add_init_script(SPY)
        page = context.new_page()
        page.goto(site_url + "index.html")  # over http it registers <site>/sw.js
        # After Python is ready and 3 s without a figure to draw.
        page.wait_for_function("() => window.swRegistrations.length > 0", timeout=READY_TIMEOUT_MS)
        assert page.evaluate("window.swRegistrations") == [site_url + "sw.js"]
        local = context.new_page()
        local.goto((built_site / "index.html").as_uri())
        local.wait_for_load_state("load")
        local.evaluate("() => new Promise((resolve) => setTimeout(resolve, 100))")
        assert local.evaluate("window.swRegistrations") == []
    finally:
        context.close()


def test_the_built_sw_js_lists_exactly_the_site_files(built_site):
    manifest = manifest_of(built_site)
    on_disk = service_worker.site_files(built_site)
    # The downloadable copy of the whole site holds sw.js, so it is written after it.
    later = [path for path in on_disk if path not in manifest["files"]]
    assert all(path.endswith(".zip") for path in later), later
    assert sorted(manifest["files"]) == [path for path in on_disk if path not in later]
    current = {path: service_worker.file_sha256(built_site / path) for path in manifest["files"]}
    assert manifest["files"] == current
    assert manifest["runtime"] and all(path.startswith("pyodide/") for path in manifest["runtime"])
    assert {"index.html", "leccion.html", "404.html", "py/modules.json"} <= set(manifest["precache"])


@pytest.mark.parametrize("fault", [503, 404, "silent"])
def test_a_failing_host_gets_the_cached_page(reader, served_copy, fault):
    """After one visit, a host that answers the page with an error, or never answers, does not
    hide the good copy the service worker keeps: the reader gets the lesson, and Python."""
    server, site, base = served_copy
    first_visit(reader).close()
    server.faults[f"/{SUB_PATH}leccion.html"] = fault
    lesson = reader.new_page()
    response = lesson.goto(base + "leccion.html?visualize_sgd.lr=0.31", timeout=30_000)
    assert response.status == 200
    assert lesson.locator(SGD).count() == 1
    wait_ready(lesson)
    wait_figure(lesson, SGD, "SGD con Learning Rate: 0.31")


def test_offline_without_a_saved_runtime_says_there_is_no_saved_copy(reader, served_copy):
    """A private window keeps no runtime: offline, the failure says so, not that a file is damaged."""
    server, site, base = served_copy
    page = first_visit(reader)
    wasm = base + "pyodide/pyodide.asm.wasm.gz"
    assert page.evaluate("""async (url) => {
      let deleted = false;
      for (const name of await caches.keys()) deleted = (await (await caches.open(name)).delete(url)) || deleted;
      return deleted; }""", wasm)
    reader.context.new_cdp_session(page).send("Network.clearBrowserCache")  # nor in the HTTP cache
    page.close()
    server.stop()
    reader.context.set_offline(True)
    lesson = reader.new_page()
    lesson.goto(base + "leccion.html")
    lesson.wait_for_function("(s) => document.querySelector(s).dataset.state === 'error'", arg=SGD,
                             timeout=READY_TIMEOUT_MS)
    status = lesson.locator(SGD + " [role=status]").inner_text()
    assert "no hay copia guardada" in status and "pyodide.asm.wasm" in status, status
    assert "dañado" not in status
    assert lesson.locator(SGD + " .lw-runtime-action").inner_text() == "Reintentar"
    reader.errors.clear()  # the browser logs the refused requests
