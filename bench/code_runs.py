"""'Editar y ejecutar' (js/code-runner.js): run latency of a block that prints one line, the time
from "Detener" on an endless loop to a working Python, and the editor's size.

All times are performance.now() in the page (code_runs.js); the page is opened once in a fresh
profile and Python is ready before the first run.
"""

import gzip
import statistics

from bench.loads import open_page
from bench.report import percentile

EDITOR_FILES = ("assets/lesson/code-editor.js", "assets/lesson/code-runner.js")


def editor_sizes(site):
    """Bytes and gzip bytes (level 9) of the editor's two scripts; which pages load them."""
    sizes = {}
    for name in EDITOR_FILES:
        data = (site / name).read_bytes()
        sizes[name] = {"bytes": len(data), "gzip": len(gzip.compress(data, 9))}
    pages = sorted(path.name for path in site.glob("*.html") if "code-runner.js" in path.read_text(encoding="utf-8"))
    return {"files": sizes, "pages_with_runner": pages}


def bench_code_runs(new_context, server, script, runs, restarts):
    context = new_context()
    page = context.new_page()
    try:
        open_page(page, server.url + "leccion.html")
        page.evaluate(script)
        page.get_by_role("button", name="Editar y ejecutar el bloque de código 1").click()
        page.locator('[data-code-block="bloque-1"] [role=textbox]').wait_for()
        widget_ready = page.evaluate("() => JSON.parse(document.documentElement.dataset.pythonTimings || '{}')")
        prints = page.evaluate("(runs) => window.__benchCode.timeRuns(1, \"print('hola')\", runs)", runs)
        floor = page.evaluate("(runs) => window.__benchCode.timeRuns(1, 'pass', runs)", runs)
        stops = [page.evaluate("() => window.__benchCode.stopAndRecover(1)") for _ in range(restarts)]
        return {"prints_ms": prints, "pass_ms": floor, "stops": stops, "boot_timings": widget_ready}
    except Exception as error:  # report it; the rest of the bench goes on
        return {"error": f"{type(error).__name__}: {error}".splitlines()[0]}
    finally:
        page.close()
        context.close()


def summary_lines(result, sizes):
    lines = []
    for name, size in sizes["files"].items():
        lines.append(f"{name}: {size['bytes']:,} bytes, {size['gzip']:,} gzip")
    lines.append(f"pages that load code-runner.js: {', '.join(sizes['pages_with_runner']) or 'none'} "
                 "(code-editor.js only when a reader opens an editor)")
    if "error" in result:
        return lines + [f"FAILED: {result['error']}"]
    prints, floor = result["prints_ms"], result["pass_ms"]
    lines.append(f"run -> output shown, print('hola'): p50 {percentile(prints, 0.5):.0f} ms, "
                 f"p95 {percentile(prints, 0.95):.0f} ms, max {max(prints):.0f} ms ({len(prints)} runs); "
                 f"same for `pass` (round-trip floor): p50 {percentile(floor, 0.5):.0f} ms")
    stops = result["stops"]
    to_stopped = [stop["stopped_ms"] for stop in stops]
    to_working = [stop["working_ms"] for stop in stops]
    boots = [stop["boot_ms"] for stop in stops]
    lines.append(f"Detener on `while True: pass` -> run marked stopped: median {statistics.median(to_stopped):.0f} ms; "
                 f"-> a new run printed its line: median {statistics.median(to_working):,.0f} ms "
                 f"(min {min(to_working):,.0f}, max {max(to_working):,.0f}; {len(stops)} stops)")
    lines.append(f"  of which the new worker's start-up (worker's own ready timing): median "
                 f"{statistics.median(boots):,.0f} ms; the page's first start-up in the same run: "
                 f"{result['boot_timings'].get('imports', float('nan')):,.0f} ms to ready")
    return lines
