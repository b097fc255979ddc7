"""The memory snapshot (site_src/memory_snapshot.py): Chromium restores Python from it, and a page
whose snapshot is missing, damaged or made for another engine boots the normal way, with the same
figures either way. Run against a copy of the built site with the snapshot added."""

import gzip
import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys

import pytest

from site_src import memory_snapshot
from tests.browser.conftest import Visit, serve
from tests.browser.pages import wait_drawn, wait_ready
from tests.conftest import ROOT

SNAPSHOT_URL = "**/" + memory_snapshot.SNAPSHOT_FILE
WIDGETS = {
    '[data-widget="sgd_descent.visualize_sgd"]': {"lr": 0.51, "steps": 40},
    '[data-widget="toy_problem.solve_toy_problem"]': {"lr": 0.046, "epochs": 30},
}


@pytest.fixture(scope="module")
def snapshot_site(built_site, tmp_path_factory):
    """A copy of the built site with the memory snapshot (the default build has none: see
    site_src/memory_snapshot.py), made in this Chromium as the build would."""
    copy = tmp_path_factory.mktemp("snapshot-site") / "site"
    shutil.copytree(built_site, copy)
    # In its own process: it drives Chromium with Playwright, which these tests already do.
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'py'}{os.pathsep}{ROOT}"}  # as the Makefile sets it
    made = subprocess.run([sys.executable, "-m", "site_src.memory_snapshot", str(copy)],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    if made.returncode != 0:
        pytest.fail(f"making the memory snapshot failed:\n{made.stdout}{made.stderr[-3000:]}")
    return copy


@pytest.fixture(scope="module")
def site_url(snapshot_site):
    server = serve(snapshot_site)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def boot_stages(page):
    return json.loads(page.evaluate("document.documentElement.dataset.pythonTimings"))


def open_lesson(visit, site_url, snapshot=None):
    """The lesson page ready; snapshot=None serves the real file, else (status, body) instead."""
    current = visit()
    current.by_page = []  # what the page and its Python worker asked for (not the service worker)
    current.context.on("request", lambda request: request.service_worker or current.by_page.append(request.url))
    if snapshot:
        status, body = snapshot
        current.context.route(SNAPSHOT_URL, lambda route: route.fulfill(status=status, body=body))
    current.page.goto(site_url + "leccion.html")
    wait_ready(current.page)
    return current


def figures(page):
    """Move each widget's sliders, return the SVG text each live figure shows."""
    shown = {}
    for widget, values in WIDGETS.items():
        snapped = {}
        for name, value in values.items():  # the value the slider snapped to
            snapped[name] = page.evaluate(
                "([s, name, value]) => { const input = document.querySelector(`${s} input[name=\"${name}\"]`);"
                " input.value = value; input.dispatchEvent(new Event('input', {bubbles: true}));"
                " return Number(input.value); }",
                [widget, name, value])
        wait_drawn(page, widget, snapped)
        shown[widget] = page.evaluate("(s) => fetch(document.querySelector(s + ' img').src).then((r) => r.text())",
                                      widget)
    return shown


def test_chromium_restores_python_from_the_snapshot(visit, site_url):
    current = open_lesson(visit, site_url)
    stages = boot_stages(current.page)
    assert "snapshot" in stages and "packages" not in stages, stages
    requested = [url.rsplit("/", 1)[-1] for url in current.by_page]
    assert "python.bin.gz" in requested
    assert not [name for name in requested if name.endswith(".whl")], "wheels fetched despite the snapshot"


@pytest.mark.parametrize("snapshot", [(404, b"missing"), (200, b"\x1f\x8b damaged bytes")],
                         ids=["missing", "damaged"])
def test_without_a_usable_snapshot_python_boots_normally(visit, site_url, snapshot):
    current = open_lesson(visit, site_url, snapshot)
    current.errors_expected = True  # the browser logs the 404
    stages = boot_stages(current.page)
    assert "packages" in stages and "snapshot" not in stages, stages
    assert not [error for error in current.errors if "404" not in error], current.errors


def with_header_change(snapshot, change):
    """The snapshot file with its JSON header changed (same layout, see snapshot-restore.js)."""
    raw = gzip.decompress(snapshot)
    length = struct.unpack("<I", raw[4:8])[0]
    header = json.loads(raw[8:8 + length])
    change(header)
    text = json.dumps(header).encode()
    blobs = raw[(8 + length + 7) // 8 * 8:]
    padded = text + b" " * (-(8 + len(text)) % 8)  # blobs start 8-aligned
    return gzip.compress(raw[:4] + struct.pack("<I", len(padded)) + padded + blobs, 1)


def test_a_snapshot_that_does_not_fit_this_engine_is_refused_before_restoring(browser, snapshot_site, tmp_path):
    """A function table of another length (as another engine's): refused, normal boot."""
    def other_table(header):
        header["table"]["atStart"] += 1
    site = tmp_path / "site"  # served from disk: 20 MB through the browser driver is too slow
    shutil.copytree(snapshot_site, site)
    snapshot_file = site / memory_snapshot.SNAPSHOT_FILE
    snapshot = with_header_change(snapshot_file.read_bytes(), other_table)
    snapshot_file.write_bytes(snapshot)
    worker_file = site / memory_snapshot.WORKER
    code = worker_file.read_text()
    manifest = json.loads(code.split("\n", 1)[0].removeprefix(memory_snapshot.MANIFEST_ASSIGNMENT).removesuffix(";"))
    worker_file.write_text(code.replace(manifest["sha256"], hashlib.sha256(snapshot).hexdigest(), 1))
    server = serve(site)
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    current = Visit(browser, origin)
    try:
        warnings = []
        current.page.on("console", lambda message: warnings.append(message.text))
        current.page.goto(origin + "/leccion.html")
        wait_ready(current.page)
        stages = boot_stages(current.page)
        assert "packages" in stages and "snapshot" not in stages, stages
        assert "snapshot-runtime" in stages and "snapshot-libraries" not in stages, stages
        assert any("function table has" in text and "snapshot expects" in text for text in warnings), warnings
        assert not current.foreign_requests() and not current.errors, (current.foreign_requests(), current.errors)
    finally:
        current.close()
        server.shutdown()
        server.server_close()


def test_figures_are_the_same_from_the_snapshot_and_from_a_normal_boot(visit, site_url):
    restored = open_lesson(visit, site_url)
    assert "snapshot" in boot_stages(restored.page)
    normal = open_lesson(visit, site_url, (404, b"missing"))
    normal.errors_expected = True
    assert "packages" in boot_stages(normal.page)
    from_snapshot, from_normal_boot = figures(restored.page), figures(normal.page)
    for widget in WIDGETS:
        assert from_snapshot[widget].startswith("<?xml"), from_snapshot[widget][:80]
        assert from_snapshot[widget] == from_normal_boot[widget], f"{widget}: the figures differ"
