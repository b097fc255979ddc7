"""Faults that must end in a working page: dropped, failed, stalled and modified runtime requests.

Whatever fails, within a bounded time every widget is ready, or shows its pre-rendered figure, a
Spanish sentence saying what failed and "Reintentar", which starts Python again without a reload.
Faults are injected with Playwright routes, with service workers blocked (a cached copy would
hide the fault; test_service_worker.py covers the service worker's own fallbacks). Some tests pass shorter bounds to the runtime
(window.LeccionRuntimeLimits) so they do not wait for the production ones; no test asserts a
duration, only that something happens before a functional bound.
"""

import gzip
import json
import os
import re
from types import SimpleNamespace

import pytest

from tests.browser.chromium import BASE_FLAGS
from tests.browser.conftest import Visit, find_chromium, served
from tests.browser.pages import wait_drawn, wait_ready
from site_src import runtime_manifest

SGD = '[data-widget="sgd_descent.visualize_sgd"]'
WIDGETS = "[data-widget]"
WORKER = "assets/lesson/pyodide-worker.js"
FAILED_WITHIN_MS = 30_000  # the bound: a Spanish failure and "Reintentar" by then
SHORT_LIMITS = "window.LeccionRuntimeLimits = {stall_ms: 2000, attempts: 3, backoff_ms: 100};"
# The URL settings and figure patching are modules bundled into widgets.js (site_src/js_bundle.py):
# no script of their own to lose.
PAGE_SCRIPTS = ["python-runtime.js", "widgets.js"]


def runtime_paths(site):
    """Every runtime request the worker makes at start-up (the gzip copy where there is one; not
    the on-demand files), and the worker."""
    files = runtime_manifest.build(site)
    return [entry["gzip"] or path for path, entry in files.items() if not entry["on_demand"]] + [WORKER]


def path_of(url, base):
    return url[len(base):].split("?")[0] if url.startswith(base) else None


def with_faults(current, base, fault):
    """Send the visit's requests through ``fault(route, path)`` first (path: relative to base,
    "" elsewhere): it answers those it injects a fault into and returns True; the rest go on as
    usual. Returns the page."""
    current.errors_expected = True  # the browser logs the failed requests

    def route(request_route):
        if not fault(request_route, path_of(request_route.request.url, base) or ""):
            current._route(request_route)

    current.context.route("**/*", route)
    return current.page


def wait_failed(page, timeout=FAILED_WITHIN_MS, prerendered=True):
    """Every widget shows the failure, a figure (the pre-rendered one unless Python had drawn
    some already) and a Reintentar button."""
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-widget]')].every((w) => w.dataset.state === 'error'
             && w.querySelector('.lw-runtime-action:not([hidden])'))""", timeout=timeout)
    for widget in page.locator(WIDGETS).all():
        status = widget.locator("[role=status]").inner_text()
        assert status.startswith("El modo interactivo no está disponible: "), status
        assert widget.locator(".lw-runtime-action").inner_text() == "Reintentar"
        # The pre-rendered <img>, or the inline <svg> of the last figure Python drew.
        figure = widget.locator(".lw-figure")
        assert figure.evaluate("(f) => f.tagName === 'IMG' ? f.complete && f.naturalWidth > 0"
                               " : f.querySelectorAll('path, text').length > 0")
        if prerendered:
            assert figure.evaluate("(f) => f.tagName") == "IMG"
            assert not figure.get_attribute("src").startswith("blob:")
    return page.locator(SGD + " [role=status]").inner_text()


def assert_spanish(text):
    for english in ("Failed to fetch", "Program terminated", "The following error", "NetworkError", "undefined"):
        assert english not in text, text


@pytest.mark.parametrize("fault", ["abort", "500"])
def test_every_runtime_request_failing_once_still_ends_ready(visit, site_url, built_site, fault):
    """Each runtime file's first request is dropped (or answered 500); all are retried."""
    current = visit(service_workers="block")
    failed = []
    expected = set(runtime_paths(built_site))

    def once(route, path):
        if path not in expected or path in failed:
            return False
        failed.append(path)
        if fault == "abort":
            route.abort("connectionreset")
        else:
            route.fulfill(status=500, body="error del servidor")
        return True

    page = with_faults(current, site_url, once)
    page.goto(site_url + "leccion.html")
    wait_ready(page)
    assert sorted(failed) == sorted(expected)
    page.locator(SGD + ' input[name="steps"]').fill("30")
    wait_drawn(page, SGD, {"lr": 0.1, "steps": 30})
    assert not [e for e in current.errors if e.startswith("pageerror")]


@pytest.mark.parametrize("stalled", ["pyodide/python_stdlib.zip", "numpy", "py/modules.json"])
def test_a_runtime_file_that_never_answers_fails_in_spanish_then_reintentar_works(
        visit, site_url, built_site, stalled):
    current = visit(service_workers="block")
    current.context.add_init_script(SHORT_LIMITS)
    held = []
    state = {"stall": True}

    def stall(route, path):
        if state["stall"] and stalled in path:
            held.append(route)  # accepted, never answered
            return True
        return False

    page = with_faults(current, site_url, stall)
    page.goto(site_url + "leccion.html")
    status = wait_failed(page)
    assert "no envió" in status and ("numpy" if stalled == "numpy" else stalled.split("/")[-1]) in status, status
    assert_spanish(status)
    # The page stays usable meanwhile.
    page.locator(SGD + ' input[name="lr"]').fill("0.51")
    assert page.locator(SGD + ' output[for$="-lr"]').inner_text() == "0.51"
    # The host recovers: Reintentar starts Python again, without a reload.
    state["stall"] = False
    page.evaluate("() => { window.notReloaded = true; }")
    page.locator(SGD + " .lw-runtime-action").click()
    wait_ready(page)
    wait_drawn(page, SGD, {"lr": 0.51, "steps": 10})
    assert page.evaluate("() => window.notReloaded") is True
    assert page.locator(SGD + " .lw-runtime-action").is_hidden()


def test_a_restart_after_a_crash_survives_a_slow_download_and_a_failed_restart(visit, site_url):
    current = visit(service_workers="block")
    # A render timer shorter than the restart's boot (which waits stall_ms for the stalled stdlib,
    # then boots): it must not count that boot.
    current.context.add_init_script(
        "window.LeccionRuntimeLimits = {stall_ms: 12000, attempts: 2, backoff_ms: 100, render_timeout_ms: 10000};")
    mode = {"stdlib": "pass"}
    held = []

    def faults(route, path):
        if not path.endswith(("python_stdlib.zip", "python_stdlib.zip.gz")) or mode["stdlib"] == "pass":
            return False
        if mode["stdlib"] == "stall-once":
            mode["stdlib"] = "pass"
            held.append(route)  # the restart's first try never answers
        else:
            route.fulfill(status=503, body="no disponible")
        return True

    page = with_faults(current, site_url, faults)
    page.goto(site_url + "leccion.html")
    wait_ready(page)
    crash = "() => window.leccionRuntime.worker.dispatchEvent(new ErrorEvent('error', { message: 'simulated crash' }))"

    # 1. Crash, then a restart whose stdlib download stalls once: retried, and the figure comes.
    page.evaluate(crash)
    mode["stdlib"] = "stall-once"
    page.locator(SGD + ' input[name="steps"]').fill("30")
    wait_ready(page)  # the restart: a stall, a retry, a boot
    wait_drawn(page, SGD, {"lr": 0.1, "steps": 30})
    assert held, "the restart did download the stdlib again"
    assert "no respondió a tiempo" not in page.locator(SGD + " [role=status]").inner_text()

    # 2. Crash again, and the restart fails for good: Reintentar is offered, and it works.
    page.evaluate(crash)
    mode["stdlib"] = "fail"
    page.locator(SGD + ' input[name="steps"]').fill("20")
    status = wait_failed(page, prerendered=False)
    assert "503" in status and "python_stdlib.zip" in status, status
    mode["stdlib"] = "pass"
    page.locator(SGD + " .lw-runtime-action").click()
    wait_ready(page)
    wait_drawn(page, SGD, {"lr": 0.1, "steps": 20})


def test_progress_is_shown_in_megabytes_and_the_core_downloads_first(visit, site_url, built_site):
    current = visit(service_workers="block")
    current.context.add_init_script("""
      window.statusTexts = [];
      new MutationObserver(() => {
        const status = document.querySelector('[data-widget] [role=status]');
        if (status && window.statusTexts.at(-1) !== status.textContent) window.statusTexts.push(status.textContent);
      }).observe(document, { subtree: true, childList: true, characterData: true });""")
    files = runtime_manifest.build(built_site)
    wire = {path: entry["gzip"] or path for path, entry in files.items() if not entry["on_demand"]}
    core = {wire[path] for path, entry in files.items() if entry["core"]}
    packages = {wire[path] for path in wire if path.endswith(".whl")}
    wasm = wire["pyodide/pyodide.asm.wasm"]
    held = []
    seen = []

    # The core's files have the connection to themselves: no package is asked for until they
    # have all arrived. pyodide.asm.wasm is held for a second to see it.
    def order(route):
        path = path_of(route.request.url, site_url)
        seen.append(path)
        if path == wasm and not held:
            held.append(route)
            return
        current._route(route)

    current.context.route("**/*", order)
    page = current.page
    page.goto(site_url + "leccion.html", wait_until="commit")
    for _ in range(300):
        if held:
            break
        page.wait_for_timeout(50)
    assert held, f"pyodide.asm.wasm was never asked for: {seen}"
    page.wait_for_timeout(1000)
    asked_while_held = packages & set(seen)
    current._route(held[0])
    wait_ready(page)
    assert not asked_while_held, f"packages asked for before the core arrived: {sorted(asked_while_held)}"
    runtime_order = [path for path in seen if path in core | packages]
    assert set(runtime_order[:len(core)]) == core, runtime_order
    # Then stage by stage (site_src/runtime/packages.json): numpy, matplotlib's dependencies,
    # matplotlib and the lesson's modules, each asked for once the stage before has arrived.
    stage_of = {wire[path]: entry["stage"] for path, entry in files.items() if not entry["on_demand"]}
    stages = [stage_of[path] for path in seen if path in stage_of]
    assert stages == sorted(stages) and set(stages) == {0, 1, 2, 3}, [(p, stage_of[p]) for p in seen if p in stage_of]
    assert packages <= set(seen)
    total = runtime_manifest.download_bytes(files) / 1e6
    shown = [text for text in page.evaluate("window.statusTexts") if "Descargando Python" in text]
    assert shown, page.evaluate("window.statusTexts")
    pattern = re.compile(r"Descargando Python: (\d+,\d) de (\d+,\d) MB")
    amounts = [pattern.search(text) for text in shown]
    assert all(amounts), shown
    assert {match.group(2) for match in amounts} == {f"{total:.1f}".replace(".", ",")}
    # The gzip copies travel, never the large originals.
    requested = set(seen)
    assert {"pyodide/pyodide.asm.wasm.gz", "pyodide/pyodide.asm.js.gz"} <= requested
    assert not {"pyodide/pyodide.asm.wasm", "pyodide/pyodide.asm.js"} & requested


def test_readers_saving_data_get_a_button_instead_of_a_download(visit, site_url):
    current = visit(service_workers="block")
    current.context.add_init_script(
        "Object.defineProperty(navigator, 'connection', { value: { saveData: true }, configurable: true });")
    page = current.page
    page.goto(site_url + "leccion.html")
    button = page.locator(SGD + " .lw-runtime-action")
    button.wait_for(state="visible")
    assert re.fullmatch(r"Activar los controles \(descarga de \d+ MB\)", button.inner_text()), button.inner_text()
    page.evaluate("() => new Promise((resolve) => setTimeout(resolve, 1000))")
    assert not [url for url in current.requests if "/pyodide/" in url or url.endswith(WORKER)]
    assert page.locator(SGD).get_attribute("data-state") == "static"
    button.click()
    wait_ready(page)
    page.locator(SGD + ' input[name="steps"]').fill("30")
    wait_drawn(page, SGD, {"lr": 0.1, "steps": 30})


# --- integrity: one modified byte in any runtime file is refused ------------------------------

def tampered(site, path):
    """The file with one byte flipped; a gzip copy is tampered inside and compressed again, so
    it is the sha256 check, not the decompressor, that must refuse it."""
    data = (site / path).read_bytes()
    inner = gzip.decompress(data) if path.endswith(".gz") else data
    changed = bytearray(inner)
    changed[len(changed) // 2] ^= 0x01
    return gzip.compress(bytes(changed)) if path.endswith(".gz") else bytes(changed)


def refuse_tampered(current, base, site, target):
    body = tampered(site, target)

    def route(request_route, path):
        if path != target:
            return False
        request_route.fulfill(status=200, body=body, content_type="application/octet-stream")
        return True

    page = with_faults(current, base, route)
    page.goto(base + "leccion.html")
    status = wait_failed(page, timeout=60_000)
    name = target.split("/")[-1].removesuffix(".gz")
    assert f"{name} no es el archivo de esta versión del sitio (su sha256 no coincide)" in status, status
    return page


TAMPERED = ["pyodide/pyodide.js", "pyodide/pyodide.asm.js.gz", "pyodide/pyodide.asm.wasm.gz",
            "pyodide/python_stdlib.zip", "pyodide/pyodide-lock.json", "numpy", "py/modules.json"]


def resolve_target(site, target):
    """The request that carries the file: its gzip copy where it has one."""
    files = runtime_manifest.build(site)
    path = target if "/" in target else next(path for path in files if f"/{target}-" in path)
    return files[path]["gzip"] or path if path in files else path


@pytest.mark.parametrize("target", TAMPERED)
def test_a_modified_byte_is_refused_on_localhost(visit, site_url, built_site, target):
    page = refuse_tampered(visit(service_workers="block"), site_url, built_site, resolve_target(built_site, target))
    assert page.evaluate("() => isSecureContext") is True


LAN_HOST = "aula.example"


@pytest.fixture(scope="module")
def lan_browser(browser):
    """A Chromium that resolves aula.example to this machine: a plain-http origin that is not
    localhost, as a classroom server on the LAN (no secure context, so no crypto.subtle).
    Launched by the session's Playwright (a second one cannot run beside it)."""
    flags = [*BASE_FLAGS, f"--host-resolver-rules=MAP {LAN_HOST} 127.0.0.1"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        flags.append("--no-sandbox")
    executable = find_chromium(SimpleNamespace(chromium=browser.browser_type))
    lan = browser.browser_type.launch(executable_path=executable, args=flags)
    yield lan
    lan.close()


@pytest.fixture(scope="module")
def lan_url(built_site):
    with served(built_site, host=LAN_HOST) as url:
        yield url


@pytest.fixture
def lan_visit(lan_browser, lan_url):
    visits = []
    yield lambda: visits.append(Visit(lan_browser, lan_url.rstrip("/"), service_workers="block")) or visits[-1]
    for current in visits:
        foreign = current.foreign_requests()
        current.close()
        assert not foreign, f"requests left the origin: {foreign}"


@pytest.mark.parametrize("target", TAMPERED)
def test_a_modified_byte_is_refused_on_a_plain_http_lan_origin(lan_visit, lan_url, built_site, target):
    page = refuse_tampered(lan_visit(), lan_url, built_site, resolve_target(built_site, target))
    assert page.evaluate("() => isSecureContext") is False


def test_a_plain_http_lan_origin_still_gets_python(lan_visit, lan_url):
    """Without crypto.subtle the files are checked in JavaScript, and Python starts."""
    current = lan_visit()
    page = current.page
    page.goto(lan_url + "leccion.html")
    assert page.evaluate("() => !(window.crypto && crypto.subtle)")
    wait_ready(page)
    page.locator(SGD + ' input[name="steps"]').fill("30")
    wait_drawn(page, SGD, {"lr": 0.1, "steps": 30})


# --- the page's own scripts ---------------------------------------------------------------------

def is_page_script(path, script):
    return path == "assets/lesson/" + script  # retries add a query, which path_of drops


@pytest.mark.parametrize("script", PAGE_SCRIPTS)
def test_a_page_script_dropped_once_is_fetched_again(visit, site_url, script):
    current = visit(service_workers="block")
    dropped = []

    def once(route, path):
        if not is_page_script(path, script) or dropped:
            return False
        dropped.append(path)
        route.abort("connectionreset")
        return True

    page = with_faults(current, site_url, once)
    page.goto(site_url + "leccion.html?visualize_sgd.lr=0.31")
    wait_ready(page)
    assert dropped
    wait_drawn(page, SGD, {"lr": 0.31, "steps": 10})  # the link's value: the URL settings were read
    assert not [e for e in current.errors if e.startswith("pageerror")]


@pytest.mark.parametrize("script", PAGE_SCRIPTS)
def test_a_page_script_that_never_arrives_is_reported_and_reintentar_works(visit, site_url, script):
    current = visit(service_workers="block")
    state = {"fail": True}

    def refuse(route, path):
        if not (state["fail"] and is_page_script(path, script)):
            return False
        route.fulfill(status=503, body="no disponible")
        return True

    page = with_faults(current, site_url, refuse)
    page.goto(site_url + "leccion.html")
    status = wait_failed(page)
    assert f"no se pudo descargar {script}" in status, status
    assert_spanish(status)
    state["fail"] = False
    page.locator(SGD + " .lw-runtime-action").click()
    # Reintentar replaces the notice at once (the widgets show they are loading) until the script ran.
    page.wait_for_function(
        "(text) => [...document.querySelectorAll('[data-widget] [role=status]')]"
        ".every((status) => !status.textContent.includes(text))",
        arg=f"no se pudo descargar {script}", timeout=30_000)
    wait_ready(page)
    page.locator(SGD + ' input[name="steps"]').fill("30")
    wait_drawn(page, SGD, {"lr": 0.1, "steps": 30})
    assert not [e for e in current.errors if e.startswith("pageerror")]


def test_a_worker_of_its_own_downloads_the_runtime_and_ends_once_every_file_has_arrived(visit, site_url):
    current = visit(service_workers="block")
    page = current.page
    started = []
    page.on("worker", lambda worker: started.append(worker.url))
    page.goto(site_url + "leccion.html")
    wait_ready(page)
    runtime_workers = [url for url in started if url.endswith("/assets/lesson/pyodide-worker.js")]
    assert len(runtime_workers) == 2, f"Python's worker and the downloader it starts: {started}"
    for _ in range(100):
        running = [worker for worker in page.workers if worker.url.endswith("/assets/lesson/pyodide-worker.js")]
        if len(running) == 1:
            break
        page.wait_for_timeout(100)
    assert len(running) == 1, "the downloader is still running after every file arrived"
    # The packages were loaded stage by stage, each after the one before.
    timings = json.loads(page.evaluate("() => document.documentElement.dataset.pythonTimings"))
    assert timings["core"] <= timings["stage-1"] <= timings["stage-2"] <= timings["stage-3"] <= timings["imports"], timings
