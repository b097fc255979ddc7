"""Browser fixtures: the built site served on loopback, and a Chromium driven by Playwright.

The browser is found, never downloaded: $CHROMIUM_PATH, else Playwright's own Chromium if it is
installed, else Debian's `chromium`. With none, every browser test fails with a message that says
how to install one. Nothing here skips.
"""

import contextlib
import functools
import http.server
import os
import threading
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

from tests.browser.chromium import BASE_FLAGS, MISSING, chromium_path
from tests.conftest import SITE

CHROMIUM_FLAGS = BASE_FLAGS
class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class SubPathHandler(QuietHandler):
    """Serves the site under PREFIX only, as GitHub Pages serves a project site under /repo/."""

    PREFIX = "/leccion-repo"

    def translate_path(self, path):
        if not path.startswith(self.PREFIX + "/"):
            return str(Path(self.directory) / "no-such-file-outside-the-sub-path")
        return super().translate_path(path[len(self.PREFIX):])


def serve(directory, handler_class=QuietHandler):
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@contextlib.contextmanager
def served(directory, handler_class=QuietHandler, host="127.0.0.1", path="/"):
    """A static server of ``directory`` while the block runs; gives its base URL."""
    server = serve(directory, handler_class)
    try:
        yield f"http://{host}:{server.server_address[1]}{path}"
    finally:
        server.shutdown()
        server.server_close()


class RecordedContext:
    """A browser context that notes every request and every console error (pages opened from
    disk or served by a test's own server, where Visit's routing does not apply)."""

    def __init__(self, browser):
        self.requests, self.errors = [], []
        self.context = browser.new_context()
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.context.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.context.on("weberror", lambda error: self.errors.append(f"pageerror: {error.error}"))
        self.page = self.context.new_page()

    def requests_outside(self, *prefixes):
        return [url for url in self.requests if not url.startswith(("blob:", "data:", *prefixes))]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.context.close()


ZIP = "descargas/leccion-backprop-sgd.zip"


@pytest.fixture(scope="session")
def unzipped_copy(built_site, tmp_path_factory):
    """The downloadable copy, unzipped once (tests only read it)."""
    target = tmp_path_factory.mktemp("copia")
    with zipfile.ZipFile(built_site / ZIP) as archive:
        archive.extractall(target)
    return target / "leccion-backprop-sgd"


@pytest.fixture(scope="session")
def built_site():
    if not (SITE / "index.html").is_file() or not (SITE / "pyodide" / "pyodide.asm.wasm").is_file():
        pytest.fail(f"The built site is missing in {SITE}: run `make build` (or `make test`) first.")
    return SITE


@pytest.fixture(scope="session")
def site_url(built_site):
    with served(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def sub_path_url(built_site):
    """The same site served only under /leccion-repo/ (anything else is a 404)."""
    with served(built_site, SubPathHandler, path=SubPathHandler.PREFIX + "/") as url:
        yield url


def find_chromium(playwright):
    return chromium_path(playwright) or pytest.fail(f"Browser tests: {MISSING}")


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        flags = list(CHROMIUM_FLAGS)
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            flags.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox
        browser = playwright.chromium.launch(executable_path=find_chromium(playwright), args=flags)
        yield browser
        browser.close()


class Visit:
    """One fresh browser context that records every request and every page error."""

    def __init__(self, browser, origin, **context_options):
        self.origin = origin
        self.requests = []
        self.errors = []
        self.errors_expected = False  # a test of failure handling sets this
        self.context = browser.new_context(**context_options)
        # Foreign requests are recorded and refused, so a test fails fast instead of hanging.
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))
        self.page.on("console", self._console)

    def _route(self, route):
        url = route.request.url
        self.requests.append(url)
        if url.startswith(("data:", "blob:")) or _origin(url) == self.origin:
            route.continue_()
        else:
            route.abort()

    def _console(self, message):
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def foreign_requests(self):
        return [url for url in self.requests
                if not url.startswith(("data:", "blob:")) and _origin(url) != self.origin]

    def close(self):
        self.context.close()


def _origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.fixture
def visit(browser, site_url):
    """Call ``visit(**context_options)`` for a fresh context; checks origin and errors after."""
    visits = []

    def open_visit(**options):
        current = Visit(browser, _origin(site_url), **options)
        visits.append(current)
        return current

    yield open_visit
    for current in visits:
        foreign = current.foreign_requests()
        errors = current.errors
        current.close()
        assert not foreign, f"requests left the origin: {foreign}"
        assert current.errors_expected or not errors, f"the page reported errors: {errors}"
