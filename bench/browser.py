"""Chromium, found the way tests/browser/conftest.py finds it, run with no network but loopback.

Each Context is a Chromium with its own new profile folder, so a reader's disk cache is what the
warm visit finds. (A Playwright incognito context, browser.new_context(), keeps its cache in memory
and does not keep the largest files: pyodide.asm.wasm, 10.1 MB, and the matplotlib wheel, 6.7 MB,
were fetched again on every warm visit.)
"""

import sys
import tempfile
from urllib.parse import urlsplit

from tests.browser.chromium import BASE_FLAGS, MISSING, chromium_path

CHROMIUM_FLAGS = [
    *BASE_FLAGS,
    "--no-sandbox",
    # Every host name fails to resolve except the loopback server: nothing leaves the machine.
    # (No Playwright request routing: it would turn the HTTP cache off and spoil warm visits.)
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
VIEWPORT = {"width": 1280, "height": 900}


def find_chromium(playwright):
    return chromium_path(playwright) or sys.exit(f"bench: {MISSING}")


class Context:
    """A fresh Chromium profile (empty cache) with the page probe; notes requests to other origins."""

    def __init__(self, playwright, chromium, origin, init_script):
        self.origin = origin.rstrip("/")
        self.foreign = []
        self.errors = []
        self.profile = tempfile.TemporaryDirectory(prefix="bench-profile-")
        self.context = playwright.chromium.launch_persistent_context(
            self.profile.name, executable_path=chromium, args=CHROMIUM_FLAGS, headless=True,
            viewport=VIEWPORT)
        self.context.add_init_script(init_script)
        self.context.on("request", self.note_request)

    def note_request(self, request):
        url = request.url
        if not url.startswith(("data:", "blob:")) and origin_of(url) != self.origin:
            self.foreign.append(url)

    def new_page(self):
        page = self.context.new_page()
        page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))
        page.on("crash", lambda _: self.errors.append("the page crashed"))
        return page

    def browser_version(self):
        page = self.context.pages[0] if self.context.pages else self.new_page()
        session = self.context.new_cdp_session(page)
        try:
            return session.send("Browser.getVersion")["product"]
        finally:
            session.detach()

    def close(self):
        try:
            self.context.close()
        finally:
            self.profile.cleanup()


def origin_of(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
