"""``--compare OTHER_SITE``: the slider measurements of two builds, interleaved in one run.

Round after round (``--runs``), each build in turn: a fresh profile opens leccion.html and drives
every widget (the paced changes, one burst, one drag), so both builds meet the same machine load.
Each build's rounds are then pooled: p50 / p95 over runs x changes paced figures per widget.
"""

import functools
import os

from bench.browser import Context, find_chromium
from bench.sliders import bench_page

PAGE = "leccion.html"


def pool(rounds):
    """One widget's results of several rounds as one result (what report.summarize_widget reads)."""
    paced = [result["paced"] for result in rounds]
    return {
        "paced": {
            "latencies_ms": [value for part in paced for value in part["latencies_ms"]],
            "first_ms_each": [part["latencies_ms"][0] if part["latencies_ms"] else None for part in paced],
            "timings": [timing for part in paced for timing in part["timings"]],
            **{key: [value for part in paced for value in part.get(key, [])]
               for key in ("frames", "page_moved", "painted_after_source_ms", "frame_after_source_ms",
                           "painted_after_frame_ms")},
            "sent": sum(part["sent"] for part in paced),
            "renders": sum(part["renders"] for part in paced),
            "unexpected_figures": sum(part["unexpected_figures"] for part in paced),
            "diverged_figures": sum(part["diverged_figures"] for part in paced),
            "error": next((part["error"] for part in paced if part["error"]), None),
            "status": next((part["status"] for part in paced if part["error"]), None),
            "raw": {"figures": [figure for part in paced for figure in part["raw"]["figures"]]},
        },
        "bursts": [burst for result in rounds for burst in result["bursts"]],
        "drags": [drag for result in rounds for drag in result["drags"]],
    }


def run_compared(playwright, servers, script, probe, changes, runs, progress, after_ready_ms=0, read_ms=0):
    """``servers``: {label: SiteServer}. Returns {label: {widget: pooled result}}, and the
    errors ("label round N: ...")."""
    chromium = find_chromium(playwright)
    rounds = {label: [] for label in servers}
    errors = []
    for number in range(1, runs + 1):
        for label, server in servers.items():
            new_context = functools.partial(Context, playwright, chromium, server.url, probe)
            load = os.getloadavg()[0]
            result = bench_page(new_context, server, PAGE, script, changes, bursts=1, drags=1,
                                after_ready_ms=after_ready_ms, read_ms=read_ms)
            if "error" in result:
                errors.append(f"{label} round {number}: {result['error']}")
            else:
                rounds[label].append(result)
            progress(f"round {number}/{runs} {label}: load average {load:.1f}, "
                     + ("FAILED" if "error" in result else "done"))
    pooled = {label: {widget: pool([result[widget] for result in results])
                      for widget in (results[0] if results else {})}
              for label, results in rounds.items()}
    return pooled, errors
