"""Make the memory snapshot of the site's Python in headless Chromium, and check it restores.

The snapshot is engine-specific, so it is made in the engine that will use it: Chromium, driven
by Playwright (the same browser the tests use; see tests/browser/chromium.py). Steps:

1. serve the built site on loopback; a worker boots Pyodide as the site does (snapshot-maker.js),
   renders every widget, and uploads the snapshot (gzip);
2. a second, new worker restores it as the site's worker would (snapshot-check.js) and renders the
   same widgets: every figure must be byte-identical to the normal boot's, or the build fails.

Run alone: ``python -m site_src.snapshot.make_snapshot SITE_DIR OUT_FILE``.
"""

import argparse
import functools
import gzip
import http.server
import json
import os
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
RESTORE_JS = ROOT / "site_src" / "js" / "snapshot-restore.js"
WORKERS = {"maker.js": HERE / "snapshot-maker.js", "check.js": HERE / "snapshot-check.js"}
PREFIX = "/__snapshot__/"
TIMEOUT_MS = 240_000


class SnapshotError(RuntimeError):
    """The snapshot could not be made or does not restore correctly: the build must stop."""


def widget_cases():
    """Every widget of py/ at its default values and at its sliders' extreme positions."""
    import widget_render  # py/ is on PYTHONPATH (Makefile)
    from site_src.build_hooks import WIDGET_LINE

    names = []
    for page in sorted((ROOT / "docs").glob("*.md")):
        names += [name for name in WIDGET_LINE.findall(page.read_text(encoding="utf-8")) if name not in names]
    cases = []
    for name in names:
        spec = widget_render.widget_spec(name)
        cases.append({"name": name, "values": {}})
        for end in (0, -1):
            values = {}
            for control in spec["controls"]:
                values[control["name"]] = control["positions"][end]
            cases.append({"name": name, "values": values})
    return cases


def worker_script(name):
    from site_src.static_files import packages_prelude  # the packages the site's worker loads

    return (packages_prelude() + RESTORE_JS.read_text(encoding="utf-8") + "\n"
            + WORKERS[name].read_text(encoding="utf-8"))


class Handler(http.server.SimpleHTTPRequestHandler):
    upload_dir = None

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path.startswith(PREFIX):
            name = self.path[len(PREFIX):]
            if name == "page.html":
                body, kind = b"<!doctype html><title>snapshot</title>", "text/html"
            elif name in WORKERS:
                body, kind = worker_script(name).encode(), "application/javascript"
            elif name == "snapshot.gz":
                body, kind = (Path(self.upload_dir) / name).read_bytes(), "application/gzip"
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def do_PUT(self):
        if self.path != PREFIX + "snapshot.gz":
            self.send_error(404)
            return
        length = int(self.headers["Content-Length"])
        raw = gzip.decompress(self.rfile.read(length))
        # Level 9 and no date: the smallest file, the same bytes for the same snapshot.
        (Path(self.upload_dir) / "snapshot.gz").write_bytes(gzip.compress(raw, 9, mtime=0))
        self.send_response(204)
        self.end_headers()


def run_worker(page, script, message):
    """Start a worker on the page, post message, return its answer (or raise its error)."""
    answer = page.evaluate(
        """([script, message, timeout]) => new Promise((resolve) => {
            const worker = new Worker(script);
            const timer = setTimeout(() => resolve({ok: false, error: "no answer in time"}), timeout);
            worker.onmessage = ({data}) => { clearTimeout(timer); worker.terminate(); resolve(data); };
            worker.onerror = (event) => { clearTimeout(timer); resolve({ok: false, error: event.message}); };
            worker.postMessage(message);
        })""",
        [script, message, TIMEOUT_MS],
    )
    if not answer.get("ok"):
        raise SnapshotError(f"{script}: {answer.get('error')}")
    return answer["summary"]


def find_browser():
    from playwright.sync_api import sync_playwright

    from tests.browser.chromium import MISSING, chromium_path

    with sync_playwright() as playwright:
        executable = chromium_path(playwright)
    if not executable:
        raise SnapshotError(f"the memory snapshot is made in Chromium. {MISSING}")
    return executable


def make_snapshot(site_dir, out_file):
    """Write the checked snapshot to out_file; return a summary (sizes, timings, header)."""
    from playwright.sync_api import sync_playwright

    from tests.browser.chromium import BASE_FLAGS, MISSING, chromium_path

    cases = widget_cases()
    with tempfile.TemporaryDirectory() as upload_dir:
        handler = functools.partial(type("SnapshotHandler", (Handler,), {"upload_dir": upload_dir}),
                                    directory=str(site_dir))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        root = f"http://127.0.0.1:{server.server_address[1]}/"
        try:
            with sync_playwright() as playwright:
                executable = chromium_path(playwright)
                if not executable:
                    raise SnapshotError(f"the memory snapshot is made in Chromium. {MISSING}")
                flags = list(BASE_FLAGS)
                if hasattr(os, "geteuid") and os.geteuid() == 0:
                    flags.append("--no-sandbox")
                browser = playwright.chromium.launch(executable_path=executable, args=flags)
                try:
                    made = run_in_new_page(browser, root, "maker.js",
                                           {"root": root, "uploadURL": root + PREFIX[1:] + "snapshot.gz", "widgets": cases})
                    checked = run_in_new_page(browser, root, "check.js",
                                              {"root": root, "snapshotURL": root + PREFIX[1:] + "snapshot.gz", "widgets": cases})
                finally:
                    browser.close()
        finally:
            server.shutdown()
            server.server_close()
        different = [f"{case['name']} {case['values']}" for case, before, after
                     in zip(cases, made["rendered"], checked["rendered"], strict=True) if before != after]
        if different:
            raise SnapshotError(f"after a restore these figures differ from a normal boot's: {', '.join(different)}")
        Path(out_file).write_bytes((Path(upload_dir) / "snapshot.gz").read_bytes())
    return {"made": made, "checked": checked}


def run_in_new_page(browser, root, script, message):
    page = browser.new_page()
    try:
        messages = []
        page.on("console", lambda entry: messages.append(entry.text))
        page.goto(root + PREFIX[1:] + "page.html")
        try:
            return run_worker(page, root + PREFIX[1:] + script, message)
        except SnapshotError as error:
            raise SnapshotError(f"{error}\nconsole:\n" + "\n".join(messages[-20:])) from None
    finally:
        page.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site_dir")
    parser.add_argument("out_file")
    args = parser.parse_args()
    started = time.monotonic()
    summary = make_snapshot(args.site_dir, args.out_file)
    made, checked = summary["made"], summary["checked"]
    made.pop("rendered")
    checked.pop("rendered")
    header = made.pop("header")
    print(json.dumps({"made": made, "checked": checked, "table": header["table"] | {"lateEntries": len(header["table"]["lateEntries"])},
                      "libraries": len(header["libraries"]["loaded"]), "openFiles": header["openFiles"],
                      "files": len(header["files"]["regular"])}, indent=1))
    print(f"{time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
