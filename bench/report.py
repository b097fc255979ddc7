"""Summaries of the raw samples, and the plain-text tables printed at the end of a run."""

import math
import statistics


def percentile(values, fraction):
    """Nearest-rank percentile (p50 of an even count is the lower middle; the median is not)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def spread(values):
    """{min, median, max, n} of the values that exist (failed samples are None)."""
    values = [value for value in values if value is not None]
    if not values:
        return None
    return {"min": min(values), "median": statistics.median(values), "max": max(values), "n": len(values)}


def summarize_loads(samples):
    """samples: [{page, visit, ...}] -> {(page, visit): {metric: spread, ok, runs}}."""
    summary = {}
    for key in dict.fromkeys((s["page"], s["visit"]) for s in samples):
        group = [s for s in samples if (s["page"], s["visit"]) == key]
        good = [s for s in group if "error" not in s]
        summary[key] = {
            "runs": len(group),
            "ok": len(good),
            **{metric: spread([s[metric] for s in good])
               for metric in ("first_figure_ms", "ready_first_ms", "ready_all_ms", "bytes")},
        }
    return summary


def frame_shares(frames):
    """How many paced changes were painted in the next frame, the second, or later: (n1, n2, n3+, n)."""
    counted = [count for count in frames if count is not None]
    if not counted:
        return None
    return (sum(1 for c in counted if c <= 1), sum(1 for c in counted if c == 2),
            sum(1 for c in counted if c >= 3), len(counted))


def first_change(paced):
    rounds = [value for value in paced.get("first_ms_each", []) if value is not None]
    if rounds:
        return median(rounds)
    return paced["latencies_ms"][0] if paced["latencies_ms"] else None


def summarize_widget(result):
    paced = result["paced"]
    latencies = [value for value in paced["latencies_ms"] if value is not None]
    bursts = result["bursts"]
    painted = [f for f in paced["raw"]["figures"] if f["painted"] is not None and f["presented"]]
    return {
        "paced": {
            "changes": paced["sent"],
            "figures": len(latencies),
            # Pooled rounds (--compare): the median of each round's first change.
            "first_ms": first_change(paced),
            "p50_ms": percentile(latencies, 0.50) if latencies else None,
            "p95_ms": percentile(latencies, 0.95) if latencies else None,
            "max_ms": max(latencies) if latencies else None,
            "diverged_figures": paced["diverged_figures"],
            "unexpected_figures": paced["unexpected_figures"],
            # Cross-check of "painted": how much later Element Timing says the frame was presented.
            "presented_after_painted_ms": spread([f["presented"] - f["painted"] for f in painted]),
            "frames": frame_shares(paced.get("frames", [])),
            "page_moved": moved_count(paced.get("page_moved", [])),
        },
        "timings": {
            part: median([t[part] for t in paced["timings"]])
            for part in ("compute", "draw", "serialize", "transfer", "swap")
        } | {"paint": median(paced["painted_after_source_ms"]),
             "wait": median(paced.get("frame_after_source_ms", [])),
             "render": median(paced.get("painted_after_frame_ms", []))},
        "drag": {
            "drags": len(result.get("drags", [])),
            "control": result["drags"][0]["control"] if result.get("drags") else None,
            "painted": spread([d["painted"] for d in result.get("drags", [])]),
            "distinct": spread([d["distinct"] for d in result.get("drags", [])]),
            "longest_gap_ms": spread([d["longest_gap_ms"] for d in result.get("drags", [])]),
        },
        "burst": {
            "bursts": len(bursts),
            "sent_per_burst": spread([b["sent"] for b in bursts]),
            "renders_per_burst": spread([b["renders"] for b in bursts]),
            "send_span_ms": spread([b["send_span_ms"] for b in bursts]),
            # The page's own input handling (snap, readout, URL update, request): the slowest one.
            "handler_ms_max": spread([b["handler_ms_max"] for b in bursts]),
            "last_latency_ms": spread([b["last_latency_ms"] for b in bursts]),
            "final_ok": sum(1 for b in bursts if b["final_shows_last_values"]),
            "unattributed_figures": sum(b["unattributed_figures"] for b in bursts),
        },
    }


def median(values):
    values = [value for value in values if value is not None]
    return statistics.median(values) if values else None


def table(headers, rows, left=2):
    """Aligned columns: the first ``left`` columns left-aligned, the others right-aligned."""
    cells = [list(map(str, headers))] + [[str(cell) for cell in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for row in cells:
        parts = [cell.ljust(width) if i < left else cell.rjust(width)
                 for i, (cell, width) in enumerate(zip(row, widths))]
        lines.append("  ".join(parts).rstrip())
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def ms(value):
    return "-" if value is None else f"{value:,.0f}"


def triple(stats, unit=ms):
    if stats is None:
        return "-"
    return f"{unit(stats['min'])} / {unit(stats['median'])} / {unit(stats['max'])}"


def byte_triple(stats):
    """Three byte counts in the unit of the largest (decimal kB / MB)."""
    if stats is None:
        return "-"
    scale, unit = next(((s, u) for s, u in ((1e6, "MB"), (1e3, "kB")) if stats["max"] >= s), (1, "B"))
    digits = 0 if scale == 1 else 2
    return " / ".join(f"{stats[key] / scale:,.{digits}f}" for key in ("min", "median", "max")) + f" {unit}"


def size(count):
    return f"{count / 1e6:,.2f} MB" if count >= 1e6 else f"{count / 1e3:,.1f} kB"


def loads_table(summary):
    rows = []
    for (page, visit), stats in summary.items():
        rows.append([page, visit, f"{stats['ok']}/{stats['runs']}", triple(stats["first_figure_ms"]),
                     triple(stats["ready_first_ms"]), triple(stats["ready_all_ms"]), byte_triple(stats["bytes"])])
    return table(["page", "visit", "ok", "first figure painted", "first widget ready",
                  "all widgets ready", "bytes fetched"], rows)


def paced_table(widgets):
    rows = []
    for (page, widget), stats in widgets.items():
        paced = stats["paced"]
        rows.append([page, widget, f"{paced['figures']}/{paced['changes']}", ms(paced["first_ms"]),
                     ms(paced["p50_ms"]), ms(paced["p95_ms"]), ms(paced["max_ms"]),
                     shares(paced.get("frames")), moved(paced.get("page_moved")), paced["diverged_figures"],
                     paced["unexpected_figures"]])
    return table(["page", "widget", "figures", "first", "p50", "p95", "max", "frames 1 / 2 / 3+",
                  "page moved", "diverged", "unexpected"], rows)


def moved_count(flags):
    """(changes after which the page below the widget had moved, changes known), or None."""
    known = [flag for flag in flags if flag is not None]
    return (sum(known), len(known)) if known else None


def moved(count):
    return "-" if count is None else f"{count[0]}/{count[1]}"


def shares(frames):
    """(n1, n2, n3+, n) as percentages of n."""
    if frames is None:
        return "-"
    *counts, total = frames
    return " / ".join(f"{100 * count / total:.0f}%" for count in counts)


def burst_table(widgets):
    rows = []
    for (page, widget), stats in widgets.items():
        burst = stats["burst"]
        sent = burst["sent_per_burst"]
        rows.append([page, widget, burst["bursts"], "-" if sent is None else sent["median"],
                     triple(burst["send_span_ms"]), triple(burst["renders_per_burst"]),
                     triple(burst["last_latency_ms"]), f"{burst['final_ok']}/{burst['bursts']}",
                     burst["unattributed_figures"]])
    return table(["page", "widget", "bursts", "changes", "sent over (ms)", "renders",
                  "last change -> painted (ms)", "final = last", "unattributed"], rows)


def cross_check(widgets):
    """One line: how far the browser's own presentation times (Element Timing) lie after "painted"."""
    deltas = [stats["paced"]["presented_after_painted_ms"] for stats in widgets.values()]
    deltas = [delta for delta in deltas if delta is not None]
    if not deltas:
        return "(no Element Timing entries to cross-check the paint times)"
    return ("cross-check: Element Timing puts the frame on screen "
            + ", ".join(f"{delta['median']:.0f}" for delta in deltas)
            + " ms (median per widget) after \"painted\"")


def timings_table(widgets):
    rows = []
    for (page, widget), stats in widgets.items():
        t = stats["timings"]
        parts = [t[part] for part in ("compute", "draw", "serialize", "transfer", "swap", "paint")]
        total = None if None in parts else sum(parts)
        split = [t.get(part) for part in ("wait", "render")]
        rows.append([page, widget, *(f"{value:.1f}" if value is not None else "-" for value in parts + split),
                     "-" if total is None else f"{total:.1f}", ms(stats["paced"]["p50_ms"])])
    return table(["page", "widget", "compute", "draw", "serialize", "transfer", "swap", "paint",
                  "(wait", "render)", "sum", "p50 slider->painted"], rows)


def drag_table(widgets):
    rows = []
    for (page, widget), stats in widgets.items():
        drag = stats["drag"]
        rows.append([page, widget, drag["control"] or "-", drag["drags"], triple(drag["painted"], str),
                     triple(drag["distinct"], str), triple(drag["longest_gap_ms"])])
    return table(["page", "widget", "slider", "drags", "figures painted", "distinct",
                  "longest gap (ms)"], rows)
