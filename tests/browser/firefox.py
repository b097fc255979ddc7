"""Debian's Firefox (firefox-esr) driven through Marionette, its own remote protocol.

Playwright drives only its own patched Firefox, which cannot be downloaded here; Marionette
needs nothing but the standard library: Firefox started with ``-marionette`` listens on the
port its profile names and speaks length-prefixed JSON ("<bytes>:<json>"). A command is
``[0, id, name, params]``, its answer ``[1, id, error, result]``.

The profile keeps Firefox's defaults that matter to the lesson, notably
security.fileuri.strict_origin_policy=true (each file:// page its own origin), and only turns off
what would reach another host (updates, telemetry, captive-portal and connectivity checks).
"""

import json
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

MISSING = ("No Firefox found for the Firefox tests. Install Debian's package "
           "(`sudo apt-get install firefox-esr`) or set FIREFOX_PATH to a Firefox binary.")

# Nothing may leave the machine; everything else stays as a reader's Firefox has it.
PREFS = {
    "security.fileuri.strict_origin_policy": True,
    "app.update.disabledForTesting": True,
    "app.normandy.enabled": False,
    "browser.shell.checkDefaultBrowser": False,
    "browser.startup.homepage_override.mstone": "ignore",
    "browser.newtabpage.enabled": False,
    "browser.startup.page": 0,
    "browser.safebrowsing.malware.enabled": False,
    "browser.safebrowsing.phishing.enabled": False,
    "browser.safebrowsing.downloads.enabled": False,
    "datareporting.policy.dataSubmissionEnabled": False,
    "datareporting.healthreport.uploadEnabled": False,
    "toolkit.telemetry.enabled": False,
    "network.captive-portal-service.enabled": False,
    "network.connectivity-service.enabled": False,
    "extensions.update.enabled": False,
    "services.settings.server": "http://127.0.0.1:9/",
    "remote.prefs.recommended": True,
}


class MarionetteError(RuntimeError):
    pass


def firefox_path():
    """$FIREFOX_PATH, else firefox-esr or firefox on the PATH; or None."""
    candidates = [os.environ.get("FIREFOX_PATH"), shutil.which("firefox-esr"), shutil.which("firefox"),
                  "/usr/bin/firefox-esr"]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Firefox:
    """One headless Firefox with its own profile folder, and a Marionette session in it."""

    def __init__(self, profile, executable=None, start_timeout=90):
        executable = executable or firefox_path()
        if not executable:
            raise MarionetteError(MISSING)
        self.profile = Path(profile)
        self.profile.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        prefs = {**PREFS, "marionette.port": self.port}
        (self.profile / "prefs.js").write_text(
            "".join(f"user_pref({json.dumps(name)}, {json.dumps(value)});\n" for name, value in prefs.items()))
        self.log = open(self.profile / "firefox.log", "wb")
        env = {**os.environ, "MOZ_HEADLESS": "1", "MOZ_CRASHREPORTER_DISABLE": "1"}
        self.process = subprocess.Popen(
            [executable, "--headless", "-marionette", "-no-remote", "-profile", str(self.profile)],
            stdout=self.log, stderr=subprocess.STDOUT, env=env)
        self.socket = self._connect(start_timeout)
        self.next_id = 0
        self.buffer = b""
        self.handshake = self._receive()
        self.command("WebDriver:NewSession", {"capabilities": {"alwaysMatch": {"acceptInsecureCerts": False}}})

    def _connect(self, timeout):
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise MarionetteError(f"Firefox exited with {self.process.returncode}: {self.log_tail()}")
            try:
                return socket.create_connection(("127.0.0.1", self.port), timeout=5)
            except OSError:
                if time.monotonic() > deadline:
                    raise MarionetteError(f"Marionette did not listen on port {self.port}: {self.log_tail()}")
                time.sleep(0.25)

    def log_tail(self):
        self.log.flush()
        return (self.profile / "firefox.log").read_text(errors="replace")[-2000:]

    # --- the protocol ---------------------------------------------------------------------------

    def _receive(self):
        while b":" not in self.buffer:
            self._read_more()
        length, _, rest = self.buffer.partition(b":")
        size = int(length)
        self.buffer = rest
        while len(self.buffer) < size:
            self._read_more()
        data, self.buffer = self.buffer[:size], self.buffer[size:]
        return json.loads(data)

    def _read_more(self):
        chunk = self.socket.recv(65536)
        if not chunk:
            raise MarionetteError(f"Marionette closed the connection: {self.log_tail()}")
        self.buffer += chunk

    def command(self, name, params=None, timeout=120):
        self.next_id += 1
        data = json.dumps([0, self.next_id, name, params or {}]).encode()
        self.socket.settimeout(timeout)
        self.socket.sendall(str(len(data)).encode() + b":" + data)
        while True:
            kind, message_id, error, result = self._receive()
            if kind == 1 and message_id == self.next_id:
                break
        if error:
            raise MarionetteError(f"{name}: {error.get('error')}: {error.get('message')}")
        return result

    # --- what the tests use ---------------------------------------------------------------------

    def navigate(self, url):
        self.command("WebDriver:Navigate", {"url": url})

    def execute(self, script, *args):
        """Run a function body in the page (``return`` gives the value back)."""
        return self.command("WebDriver:ExecuteScript", {"script": script, "args": list(args)})["value"]

    def execute_async(self, script, *args, timeout_ms=30_000):
        """A function body whose last argument is the callback that gives the value back."""
        self.command("WebDriver:Timeouts", {"script": timeout_ms})
        return self.command("WebDriver:ExecuteAsyncScript", {"script": script, "args": list(args)},
                            timeout=timeout_ms / 1000 + 30)["value"]

    def find(self, selector):
        return self.command("WebDriver:FindElement", {"using": "css selector", "value": selector})["value"]

    def wait_for(self, condition, *args, timeout_ms=30_000, what="the condition"):
        """Poll a function body in the page (from here: the page's policy forbids eval there)
        until it returns something truthy."""
        deadline = time.monotonic() + timeout_ms / 1000
        while True:
            try:
                value = self.execute(condition, *args)
            except MarionetteError:
                value = None  # e.g. the page is navigating
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"Firefox: {what} did not happen within {timeout_ms} ms")
            time.sleep(0.25)

    def quit(self):
        try:
            self.command("Marionette:Quit", {"flags": ["eForceQuit"]}, timeout=30)
        except (MarionetteError, OSError):
            pass
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.socket.close()
        self.log.close()


@pytest.fixture
def firefox(tmp_path):
    """A fresh headless Firefox (own profile) per test; fails, never skips, when there is none."""
    if not firefox_path():
        pytest.fail(f"Firefox tests: {MISSING}")
    browser = Firefox(tmp_path / "firefox-profile")
    yield browser
    browser.quit()
