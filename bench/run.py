"""``python -m bench.run``: serve the built site, measure it in Chromium, print tables, write JSON.

See bench/README.md for what each number means.
"""

import argparse
import functools
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench import report
from bench.browser import Context, find_chromium
from bench.compared import run_compared
from bench.code_runs import bench_code_runs, editor_sizes, summary_lines as code_run_lines
from bench.from_disk import from_disk, summary as from_disk_summary
from bench.loads import THROTTLED, cold_and_warm, measure_visit
from bench.server import SiteServer
from bench.sliders import bench_page

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
PAGES = ("index.html", "leccion.html")
REQUIRED = (*PAGES, "pyodide/pyodide.asm.wasm")


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5,
                        help="cold + warm visits per page, and bursts per widget (default 5)")
    parser.add_argument("--changes", type=int, default=60,
                        help="slider changes per widget, paced and per burst (default 60)")
    parser.add_argument("--code-runs", type=int, default=30,
                        help="runs of a one-line print block in an editor (default 30)")
    parser.add_argument("--code-only", action="store_true",
                        help="instead of the tables: only the 'Editar y ejecutar' measurements")
    parser.add_argument("--stops", type=int, default=3,
                        help="endless loops stopped with Detener, each followed by a run (default 3)")
    parser.add_argument("--json", type=Path, default=ROOT / "bench-results" / "latest.json",
                        help="where to write every raw sample (default bench-results/latest.json)")
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site (default site/)")
    parser.add_argument("--from-disk", type=int, default=0, metavar="N",
                        help="instead of the tables: N visits of the downloaded copy opened from "
                             "disk (file://), timing ready and the first live figure")
    parser.add_argument("--cold-loads", type=int, default=0, metavar="N",
                        help="instead of the tables: N consecutive cold visits of leccion.html, "
                             "counting how many end with every widget ready")
    parser.add_argument("--throttled", action="store_true",
                        help="with --cold-loads: under a 20 Mbit/s, 40 ms round-trip network (the server plays it)")
    parser.add_argument("--after-ready", type=int, default=0, metavar="MS",
                        help="the sliders' first change MS after every widget is ready (default 0: at once)")
    parser.add_argument("--read", type=int, default=0, metavar="MS",
                        help="each widget's first change MS after it is scrolled into view (default 0: at once)")
    parser.add_argument("--sliders-only", action="store_true",
                        help="skip the page loads: only the sliders (paced, bursts, drags)")
    parser.add_argument("--compare", type=Path, metavar="OTHER_SITE",
                        help="instead of the tables: the sliders of leccion.html on --site and on "
                             "OTHER_SITE, round after round (--runs), each round both builds in turn")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.changes < 2:
        parser.error("--runs must be at least 1 and --changes at least 2")
    return args


def check_site(site):
    site = site.resolve()
    for needed in REQUIRED:
        if not (site / needed).is_file():
            sys.exit(f"bench: {site / needed} is missing: build the site first (`make build`).")
    return site


def snapshot(site, copy):
    """Copies the site to ``copy`` and serves that: a rebuild during the run cannot mix two builds."""
    for _ in range(10):
        built = fingerprint(site)
        shutil.copytree(site, copy, copy_function=shutil.copy2)  # copy2 keeps mtimes: same ETags
        if fingerprint(site) == built and all((copy / needed).is_file() for needed in REQUIRED):
            return built
        shutil.rmtree(copy)
        time.sleep(3)  # a build is writing site/: wait for it to finish
    sys.exit(f"bench: {site} kept changing for 30 s (a build running?): try again.")


def folder_size(folder):
    files = [path for path in folder.rglob("*") if path.is_file()]
    return {"bytes": sum(path.stat().st_size for path in files), "files": len(files)}


def fingerprint(site):
    """Changes when the site is rebuilt: every file's path, size and modification time."""
    return hash(tuple((str(path), path.stat().st_size, path.stat().st_mtime_ns)
                      for path in sorted(site.rglob("*")) if path.is_file()))


def git_revision():
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return f"{head}{' + uncommitted changes' if dirty else ''}" if head else "unknown"


def machine(new_context, chromium_path):
    context = new_context()
    try:
        chromium = context.browser_version()
    finally:
        context.close()
    info = {"platform": platform.platform(), "nproc": len(os.sched_getaffinity(0)),
            "chromium": chromium, "chromium_path": chromium_path,
            "playwright": version("playwright"), "python": platform.python_version()}
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        info["cpu"] = next(line.split(":", 1)[1].strip() for line in cpuinfo.splitlines()
                           if line.startswith("model name"))
        meminfo = Path("/proc/meminfo").read_text().split()
        info["memory_gb"] = round(int(meminfo[meminfo.index("MemTotal:") + 1]) / 1e6, 1)
    except (OSError, StopIteration, ValueError):
        pass
    return info


def say(text=""):
    print(text, flush=True)


def progress(text):
    print(f"  .. {text}", file=sys.stderr, flush=True)


def run_loads(new_context, server, runs):
    """Runs interleave the pages (index cold, warm; leccion cold, warm; next run) to share any drift."""
    samples = []
    for run in range(1, runs + 1):
        for page in PAGES:
            load = os.getloadavg()[0]  # other work on the machine shows up in the times
            cold, warm = cold_and_warm(new_context, server, page)
            for visit, sample in (("cold", cold), ("warm", warm)):
                samples.append({"page": page, "visit": visit, "run": run, "load_average": load, **sample})
                progress(f"run {run}/{runs} {page} {visit}: " + (
                    f"FAILED {sample['error']}" if "error" in sample else
                    f"all ready {sample['ready_all_ms']:,.0f} ms, {sample['bytes']:,} bytes"))
    return samples


def run_sliders(new_context, server, changes, bursts, after_ready_ms=0, read_ms=0):
    script = (HERE / "sliders.js").read_text(encoding="utf-8")
    results = {}
    for page in PAGES:
        results[page] = bench_page(new_context, server, page, script, changes, bursts, drags=bursts,
                                   after_ready_ms=after_ready_ms, read_ms=read_ms)
        progress(f"sliders {page}: " + ("FAILED " + results[page]["error"] if "error" in results[page]
                                        else ", ".join(results[page])))
    return results


def run_cold_loads(new_context, server, count):
    """Reliability: ``count`` cold visits in a row, each in a new profile (empty cache)."""
    samples = []
    for number in range(1, count + 1):
        context = new_context()
        try:
            sample = measure_visit(context, server, "leccion.html")
        finally:
            context.close()
        samples.append(sample)
        progress(f"cold load {number}/{count}: " + (f"FAILED {sample['error']}" if "error" in sample
                                                    else f"ready {sample['ready_all_ms']:,.0f} ms"))
    return samples


def report_cold_loads(samples, json_path, header):
    ready = [s["ready_all_ms"] for s in samples if "error" not in s and not s.get("foreign_requests")]
    say()
    say(f"Cold loads of leccion.html: {len(ready)}/{len(samples)} ended with every widget ready")
    if ready:
        say(f"all widgets ready: min / median / max = {report.triple(report.spread(ready))}")
        sent = [s["bytes"] for s in samples if "error" not in s]
        say(f"bytes sent until ready: min / median / max = {report.byte_triple(report.spread(sent))}")
    for number, sample in enumerate(samples, 1):
        if "error" in sample or sample.get("foreign_requests"):
            say(f"FAILED load {number}: {sample.get('error') or sample['foreign_requests']}")
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps({**header, "site": str(header["site"]), "started": header["started"].isoformat(),
                                     "cold_loads": samples}, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0 if len(ready) == len(samples) else 1


def failures(loads, sliders):
    found = [f"{s['page']} {s['visit']} run {s['run']}: {s['error']}" for s in loads if "error" in s]
    found += [f"{s['page']} {s['visit']} run {s['run']}: requests left loopback: {s['foreign_requests']}"
              for s in loads if s.get("foreign_requests")]
    for page, widgets in sliders.items():
        if "error" in widgets:
            found.append(f"sliders on {page}: {widgets['error']}")
            continue
        for widget, result in widgets.items():
            for mode, part in [("paced", result["paced"])] + [("burst", b) for b in result["bursts"]]:
                if part["error"]:
                    found.append(f"{page} {widget} {mode}: {part['error']} (status: {part['status']})")
                elif mode == "burst" and not part["final_shows_last_values"]:
                    found.append(f"{page} {widget} burst: the final figure does not show the last values")
    return found


def measure(server, playwright, args, header):
    """Prints the header, then runs every measurement: (machine info, load samples, slider results)."""
    chromium = find_chromium(playwright)
    probe = (HERE / "probe.js").read_text(encoding="utf-8")
    new_context = functools.partial(Context, playwright, chromium, server.url, probe)
    info = machine(new_context, chromium)
    say(f"command: {header['command']}")
    say(f"machine: nproc {info['nproc']}, {info.get('cpu', '?')}, {info.get('memory_gb', '?')} GB RAM, "
        f"{info['platform']}")
    say(f"browser: Chromium {info['chromium'].split('/')[-1]} ({info['chromium_path']}, headless), "
        f"Playwright {info['playwright']}, Python {info['python']}")
    say(f"site:    {header['site']} (git {header['git']}), a copy served at {server.url}")
    say(f"started: {header['started']:%Y-%m-%d %H:%M:%S} UTC, load average {os.getloadavg()[0]:.2f}; "
        f"{args.runs} cold + {args.runs} warm visits per page, {args.changes} changes per widget "
        f"(paced, and in each of {args.runs} bursts)"
        + (f"; the first change {args.after_ready} ms after ready" if args.after_ready else "")
        + (f"; each widget's first change {args.read} ms after it is in view" if args.read else ""))
    loads = [] if args.sliders_only else run_loads(new_context, server, args.runs)
    sliders = run_sliders(new_context, server, args.changes, args.runs, args.after_ready, args.read)
    if args.sliders_only:
        return info, loads, sliders, None
    code = bench_code_runs(new_context, server, (HERE / "code_runs.js").read_text(encoding="utf-8"),
                           args.code_runs, args.stops)
    progress("code runs: " + ("FAILED " + code["error"] if "error" in code else "done"))
    return info, loads, sliders, code


def print_report(sizes, load_summary, widget_summary, code, problems, notes, elapsed, json_path):
    say()
    say(f"Site on disk: {report.size(sizes['site']['bytes'])} in {sizes['site']['files']} files, "
        f"of which pyodide/ {report.size(sizes['pyodide']['bytes'])} in {sizes['pyodide']['files']} files")
    say()
    say("Page loads: ms from navigation start, bytes = response bodies sent by the server until all "
        "widgets were ready (min / median / max)")
    say(report.loads_table(load_summary))
    say()
    say("Slider -> figure painted, paced (one change at a time; ms; nearest-rank percentiles; frames: "
        "the share of changes painted in the display's next frame, the second, or later)")
    say(report.paced_table(widget_summary))
    say(report.cross_check(widget_summary))
    say()
    say("Slider -> figure painted, bursts (one change every 5 ms; min / median / max over bursts)")
    say(report.burst_table(widget_summary))
    say()
    say("Where a render's time goes (paced; median ms): in the worker, compute (the widget's update) "
        "+ draw (matplotlib to SVG) + serialize (to a JavaScript object); transfer to the page; swap "
        "(parse + patch or replace, main thread); paint (to the first task after the next frame) = wait (for "
        "that frame to start) + render (the browser's work on it until that task)")
    say(report.timings_table(widget_summary))
    say()
    say(f"Drag: the pointer drags the first slider end to end in 1 s (min / median / max over drags)")
    say(report.drag_table(widget_summary))
    if code is not None:  # not measured with --sliders-only
        say()
        say("Editar y ejecutar (leccion.html, Python ready; ms from the click to the output painted)")
        for line in code_run_lines(code, sizes["editor"]):
            say(line)
    say()
    for problem in problems:
        say(f"FAILED: {problem}")
    for note in notes:
        say(f"note: {note}")
    say(f"finished in {elapsed:,.0f} s, load average {os.getloadavg()[0]:.2f}; raw samples in {json_path}")


def compare(site, other, args, header):
    """Two builds' sliders, interleaved round by round (bench/compared.py)."""
    say(f"command: {header['command']}")
    say(f"started: {header['started']:%Y-%m-%d %H:%M:%S} UTC, load average {os.getloadavg()[0]:.2f}; "
        f"{args.runs} rounds, {args.changes} paced changes per widget per round"
        + (f", the first {args.after_ready} ms after ready" if args.after_ready else "")
        + (f", each widget's first change {args.read} ms after it is in view" if args.read else ""))
    labels = {"site": site, "other": other}
    say(f"site: {site} (this checkout: git {git_revision()})\nother: {other}")
    with tempfile.TemporaryDirectory(prefix="bench-site-") as folder, sync_playwright() as playwright:
        copies = {label: Path(folder) / label for label in labels}
        for label, path in labels.items():
            snapshot(path, copies[label])
        with SiteServer(copies["site"]) as first, SiteServer(copies["other"]) as second:
            pooled, errors = run_compared(
                playwright, {"site": first, "other": second}, (HERE / "sliders.js").read_text(encoding="utf-8"),
                (HERE / "probe.js").read_text(encoding="utf-8"), args.changes, args.runs, progress,
                args.after_ready, args.read)
    summary = {(f"{label} {PAGES[1]}", widget): report.summarize_widget(result)
               for label, widgets in pooled.items() for widget, result in widgets.items()}
    say()
    say(f"Slider -> figure painted, paced, {args.runs} rounds pooled (ms; nearest-rank percentiles; "
        "first: the median of the rounds' first changes; frames: painted in the next frame, the second, or later)")
    say(report.paced_table(summary))
    say()
    say("Where a render's time goes (paced; median ms; paint = wait for the frame + render it)")
    say(report.timings_table(summary))
    say()
    say("Drag: the first slider end to end in 1 s (min / median / max over rounds)")
    say(report.drag_table(summary))
    for error in errors:
        say(f"FAILED: {error}")
    say(f"finished: load average {os.getloadavg()[0]:.2f}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({
        **header, "site": str(site), "compare": str(other), "started": header["started"].isoformat(),
        "summary": [{"build": page.split()[0], "widget": widget, **stats} for (page, widget), stats in summary.items()],
        "failures": errors}, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
    return 1 if errors else 0


def main(argv=None):
    args = parse_args(argv)
    site = check_site(args.site)
    header = {"command": shlex.join([Path(sys.executable).as_posix(), "-m", "bench.run", *sys.argv[1:]]),
              "site": site, "git": git_revision(), "started": datetime.now(timezone.utc)}
    clock = time.monotonic()
    if args.from_disk:
        say(f"command: {header['command']}")
        with sync_playwright() as playwright:
            samples = from_disk(playwright, find_chromium(playwright), site, args.from_disk)
        say(from_disk_summary(samples))
        return 0
    if args.compare:
        return compare(site, check_site(args.compare), args, header)
    with tempfile.TemporaryDirectory(prefix="bench-site-") as folder:
        copy = Path(folder) / "site"
        built = snapshot(site, copy)
        sizes = {"site": folder_size(copy), "pyodide": folder_size(copy / "pyodide"),
                 "editor": editor_sizes(copy)}
        network = THROTTLED if args.cold_loads and args.throttled else None
        with SiteServer(copy, network) as server, sync_playwright() as playwright:
            if args.code_only:
                new_context = functools.partial(Context, playwright, find_chromium(playwright), server.url,
                                                (HERE / "probe.js").read_text(encoding="utf-8"))
                say(f"command: {header['command']}")
                say(f"started: load average {os.getloadavg()[0]:.2f}")
                code = bench_code_runs(new_context, server, (HERE / "code_runs.js").read_text(encoding="utf-8"),
                                       args.code_runs, args.stops)
                for line in code_run_lines(code, sizes["editor"]):
                    say(line)
                say(f"finished: load average {os.getloadavg()[0]:.2f}")
                return 1 if "error" in code else 0
            if args.cold_loads:
                new_context = functools.partial(Context, playwright, find_chromium(playwright), server.url,
                                                (HERE / "probe.js").read_text(encoding="utf-8"))
                say(f"command: {header['command']}")
                if network:
                    say(f"network: {network['downloadThroughput'] * 8 / 1e6:g} Mbit/s, {network['latency']} ms "
                        "round trip (played by the bench's server for every request, workers' included)")
                samples = run_cold_loads(new_context, server, args.cold_loads)
                return report_cold_loads(samples, args.json, header)
            info, loads, sliders, code = measure(server, playwright, args, header)
    elapsed = time.monotonic() - clock
    load_summary = report.summarize_loads(loads)
    widget_summary = {(page, widget): report.summarize_widget(result)
                      for page, widgets in sliders.items() if "error" not in widgets
                      for widget, result in widgets.items()}
    problems = failures(loads, sliders)
    if code is None:  # not measured with --sliders-only
        pass
    elif "error" in code:
        problems.append(f"code runs: {code['error']}")
    elif not all(stop["printed"] for stop in code["stops"]):
        problems.append("code runs: a run after Detener did not print its line")
    notes = [f"{site} was rebuilt during the run; the numbers are those of the copy taken at the start"
             ] if fingerprint(site) != built else []
    print_report(sizes, load_summary, widget_summary, code, problems, notes, elapsed, args.json)

    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({
        **header, "site": str(site), "started": header["started"].isoformat(), "elapsed_s": elapsed,
        "machine": info, "options": {"runs": args.runs, "changes": args.changes,
                                     "code_runs": args.code_runs, "stops": args.stops}, "site_size": sizes,
        "summary": {
            "loads": [{"page": page, "visit": visit, **stats} for (page, visit), stats in load_summary.items()],
            "widgets": [{"page": page, "widget": widget, **stats} for (page, widget), stats in widget_summary.items()],
        },
        "loads": loads, "sliders": sliders, "code_runs": code, "failures": problems,
    }, indent=1, ensure_ascii=False), encoding="utf-8")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
