"""Page loads: a cold visit (new profile, empty cache), then a warm one in the same profile."""

GOTO_TIMEOUT_MS = 60_000
READY_TIMEOUT_MS = 120_000  # a cold Pyodide on a busy 2-core machine takes seconds, not minutes


class VisitFailed(Exception):
    pass


def cold_and_warm(new_context, server, page_name):
    """One run: the cold visit's sample, then the warm visit's (each a dict, "error" when failed)."""
    context = new_context()
    try:
        cold = measure_visit(context, server, page_name)
        warm = measure_visit(context, server, page_name) if "error" not in cold else {
            "error": "skipped: the cold visit failed"}
    finally:
        context.close()
    return cold, warm


# A student's connection (issue 10): 20 Mbit/s down and up, 40 ms round trip, played by the bench's
# server (server.SiteServer) for every request, the workers' included.
THROTTLED = {"offline": False, "latency": 40, "downloadThroughput": 20e6 / 8, "uploadThroughput": 20e6 / 8}


def measure_visit(context, server, page_name):
    """Opens the page in a new tab of ``context``, waits until it has settled, closes the tab."""
    page = context.new_page()
    server.reset()
    try:
        open_page(page, server.url + page_name)
        byte_count, requests = server.take()
        sample = visit_sample(page.evaluate("() => window.__bench"), byte_count, requests)
    except VisitFailed as error:
        missing = [entry["path"] for entry in server.take()[1] if entry["status"] == 404]
        sample = {"error": str(error) + (f" [HTTP 404: {', '.join(missing)}]" if missing else "")}
    except Exception as error:  # a crash, a navigation error: that run fails, the bench goes on
        sample = {"error": f"{type(error).__name__}: {error}".splitlines()[0]}
    finally:
        page.close()
    if context.foreign:
        sample["foreign_requests"] = list(context.foreign)
    if context.errors:
        sample["page_errors"] = list(context.errors)
        context.errors.clear()
    return sample


def open_page(page, url):
    """Navigates and waits until the page has settled, or VisitFailed."""
    response = page.goto(url, wait_until="commit", timeout=GOTO_TIMEOUT_MS)
    if response is None or response.status != 200:
        raise VisitFailed(f"{url}: HTTP {response.status if response else 'no response'}")
    wait_settled(page)


def wait_settled(page):
    """Every widget ready (or in error) and every first figure loaded, or VisitFailed."""
    try:
        page.wait_for_function("() => window.__bench && window.__bench.settled()",
                               timeout=READY_TIMEOUT_MS, polling=50)
    except Exception as error:
        try:
            widgets = page.evaluate("() => window.__bench ? window.__bench.widgets() : []")
        except Exception:
            widgets = []
        states = "; ".join(f"{w['widget']}: {w['state']} — {w['status']}" for w in widgets)
        raise VisitFailed(f"not settled after {READY_TIMEOUT_MS} ms ({states or 'no widgets'})") from error
    widgets = page.evaluate("() => window.__bench.widgets()")
    if not widgets:
        raise VisitFailed(f"{page.url}: no widget on the page")
    failed = [w for w in widgets if w["state"] != "ready"]
    if failed:
        raise VisitFailed("; ".join(f"{w['widget']}: {w['state']} — {w['status']}" for w in failed))


def figure_shown(widget, figure, element_timing):
    """(ms, how): the browser's paint time of the figure if it painted it (in the viewport),
    else, below the fold, the first animation frame after it loaded."""
    painted = [entry["renderTime"] for entry in element_timing
               if entry["widget"] == widget and entry["url"] == figure["src"] and entry["renderTime"]]
    if painted:
        return min(painted), "paint"
    return figure["frame"], "loaded"


def visit_sample(probe, byte_count, requests):
    figures = probe["figures"]
    broken = [f"{name}: {figure['error']}" for name, figure in figures.items() if "error" in figure]
    if broken:
        raise VisitFailed("; ".join(broken))
    shown = {name: figure_shown(name, figure, probe["elementTiming"]) for name, figure in figures.items()}
    first_ready = {}
    for change in probe["states"]:
        if change["state"] == "ready":
            first_ready.setdefault(change["widget"], change["t"])
    return {
        "first_figure_ms": max(ms for ms, _ in shown.values()),
        "ready_first_ms": min(first_ready.values()),
        "ready_all_ms": max(first_ready.values()),
        "bytes": byte_count,
        "figures": {name: {"ms": ms, "how": how, **figures[name]} for name, (ms, how) in shown.items()},
        "ready_ms": first_ready,
        "paints": probe["paints"],
        "states": probe["states"],
        "element_timing": probe["elementTiming"],
        "requests": [{key: entry[key] for key in ("path", "status", "bytes")} for entry in requests],
    }
