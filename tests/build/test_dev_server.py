"""`make dev`: MkDocs' live-reload server with the project's hooks, for editing the lesson.

With the tests of the built site: it builds the whole site (runtime included), like `make build`."""

import os
import signal
import socket
import subprocess
import time
import urllib.request

from tests.conftest import ROOT


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def test_make_dev_serves_the_lesson_with_widgets_and_live_reload(tmp_path):
    port = free_port()
    log = tmp_path / "make-dev.log"
    with log.open("w") as output:
        server = subprocess.Popen(["make", "-s", "dev", f"PORT={port}"], cwd=ROOT, start_new_session=True,
                                  stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 180
        page = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                page = fetch(base + "leccion.html")
                break
            except OSError:
                time.sleep(1)
        assert page is not None, f"make dev did not serve leccion.html:\n{log.read_text()[-2000:]}"
        assert 'data-widget="sgd_descent.visualize_sgd"' in page  # the project's hooks ran
        assert "livereload" in page  # MkDocs' own server, which reloads the page on each save
        assert "unregister" in fetch(base + "sw.js")  # no offline cache while editing
        assert fetch(base + "pyodide/pyodide-lock.json")  # the live widgets' runtime is there
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
