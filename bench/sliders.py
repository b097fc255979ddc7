"""Slider-to-figure latency of every widget, once its page is ready: paced changes, then bursts."""

import time

from bench.change_plan import change_plan
from bench.loads import open_page

CHANGE_TIMEOUT_MS = 30_000  # one figure (paced), or the last figure of a burst
BURST_INTERVAL_MS = 5

# toy_problem's default sample (seed 2024) reaches w = 2 even at lr = 0.1, whatever the epochs.
# With seed 13, lr = 0.1 diverges after 18 iterations (checked with py/toy_problem.train_toy), so the
# changes exercise the divergence path too. It is set the way a reader does: "Nueva muestra".
DIVERGING_SEEDS = {"toy_problem.solve_toy_problem": 13}


def bench_page(new_context, server, page_name, script, changes, bursts, drags, after_ready_ms=0, read_ms=0):
    """All widgets of one page, one after the other, in a fresh context: {widget: result}.
    The first change comes as soon as every widget is ready, or ``after_ready_ms`` later (a
    reader who reads a little before moving a slider); each widget's first change comes as
    soon as it is scrolled into view, or ``read_ms`` later (a reader who scrolled to it and
    reads before moving it)."""
    context = new_context()
    page = context.new_page()
    try:
        open_page(page, server.url + page_name)
        if after_ready_ms:
            page.wait_for_timeout(after_ready_ms)
        specs = page.eval_on_selector_all("[data-widget]", "roots => roots.map(r => JSON.parse(r.dataset.spec))")
        return {spec["widget"]: bench_widget(page, script, spec, changes, bursts, drags, read_ms) for spec in specs}
    except Exception as error:  # the page failed: report it, the bench goes on
        return {"error": f"{type(error).__name__}: {error}".splitlines()[0]}
    finally:
        page.close()
        context.close()


def bench_widget(page, script, spec, changes, bursts, drags, read_ms=0):
    selector = f'[data-widget="{spec["widget"]}"]'
    # As a reader would have it: in view (the browser paints nothing outside the viewport).
    page.eval_on_selector(selector, "root => root.scrollIntoView({block: 'center'})")
    if read_ms:
        page.wait_for_timeout(read_ms)
    seed = DIVERGING_SEEDS.get(spec["widget"])
    if seed is not None:
        use_seed(page, selector, seed)
    plan = change_plan(spec["controls"], changes * (1 + bursts))
    paced = drive(page, script, selector, plan[:changes], None)
    result = {"seed": seed, "paced": paced_summary(paced), "bursts": []}
    for index in range(bursts if not paced["error"] else 0):
        segment = plan[changes * (1 + index):changes * (2 + index)]
        result["bursts"].append(burst_summary(drive(page, script, selector, segment, BURST_INTERVAL_MS)))
    result["drags"] = [drag(page, selector, spec["controls"][0]["name"], backwards=index % 2 == 1)
                       for index in range(drags if not paced["error"] else 0)]
    return result


def use_seed(page, selector, seed):
    """Clicks "Nueva muestra aleatoria" with Math.random fixed so that the page draws ``seed``."""
    page.evaluate("""([selector, random]) => {
        const original = Math.random;
        Math.random = () => random;
        try { document.querySelector(selector + ' .lw-reseed').click(); } finally { Math.random = original; }
    }""", [selector, (seed + 0.5) / 2 ** 31])
    page.wait_for_function(
        "([selector, seed]) => { const root = document.querySelector(selector);"
        " return root.dataset.state === 'ready' && JSON.parse(root.querySelector('.lw-figure').dataset.values).seed === seed; }",
        arg=[selector, seed], timeout=CHANGE_TIMEOUT_MS)


def drive(page, script, selector, changes, interval_ms):
    return page.evaluate(script, {"selector": selector, "changes": changes,
                                  "intervalMs": interval_ms, "timeoutMs": CHANGE_TIMEOUT_MS})


def shows(figure, state):
    return all(abs(figure["values"][name] - value) < 1e-9 for name, value in state.items())


def paced_summary(raw):
    """Each change's latency: sent -> first later figure with its values, painted. And in how
    many display frames: a paced change is sent right after the frame that painted the previous
    change's figure, so its figure's frame counts from that one (1: the very next frame)."""
    latencies, shown_by = [], []
    for change in raw["sent"]:
        later = raw["figures"][change["figuresBefore"]:]
        figure = next((f for f in later if f["painted"] is not None and shows(f, change["state"])), None)
        latencies.append(None if figure is None else figure["painted"] - change["sent"])
        shown_by.append(figure)
    unexpected = sum(1 for f in raw["figures"] if not any(shows(f, c["state"]) for c in raw["sent"]))
    painted = [f for f in raw["figures"] if f["painted"] is not None]
    framed = [f for f in painted if f.get("frame") is not None]
    return {
        "latencies_ms": latencies,
        "frames": frames_between(shown_by, raw.get("frameMs")),
        "page_moved": page_moved(shown_by, raw.get("belowAtStart")),
        "timings": [f["timings"] for f in painted if f.get("timings")],
        "painted_after_source_ms": [f["painted"] - f["source"] for f in painted],
        # "paint" split: swapped in -> the next frame's animation callback (waiting for the frame)
        # -> the first task after that frame (the browser's style, layout and paint of it).
        "frame_after_source_ms": [f["frame"] - f["source"] for f in framed],
        "painted_after_frame_ms": [f["painted"] - f["frame"] for f in framed],
        "sent": len(raw["sent"]),
        "renders": len(raw["figures"]),
        "unexpected_figures": unexpected,
        "diverged_figures": sum(1 for f in raw["figures"] if f["diverged"]),
        "error": raw["error"],
        "status": raw["status"] if raw["error"] else None,
        "raw": raw,
    }


def frames_between(figures, frame_ms):
    """Per paced change after the first: display frames from the previous change's figure to
    this one's (None where either is missing or the frame interval is unknown)."""
    if not frame_ms:
        return []
    return [None if before is None or after is None or before.get("frameTime") is None
            or after.get("frameTime") is None else round((after["frameTime"] - before["frameTime"]) / frame_ms)
            for before, after in zip(figures, figures[1:])]


def page_moved(figures, below_at_start):
    """Per paced change: whether the page below the widget had moved when its figure was painted,
    against the previous change's figure (the first: against the page before any change); None
    where a figure or a place is missing (an older site, a figure not painted)."""
    places = [below_at_start] + [None if figure is None else figure.get("below") for figure in figures]
    return [None if before is None or after is None else abs(after - before) > 0.5
            for before, after in zip(places, places[1:])]


def burst_summary(raw):
    """Renders against changes sent, each figure attributed to the latest change it shows (sent
    before its src was set), and the latency from the last change to its figure painted."""
    attributed = []
    for figure in raw["figures"]:
        matches = [c for c in raw["sent"] if c["sent"] <= figure["source"] and shows(figure, c["state"])]
        change = matches[-1] if matches else None
        attributed.append({
            "change": None if change is None else raw["sent"].index(change),
            "latency_ms": None if change is None or figure["painted"] is None else figure["painted"] - change["sent"],
        })
    last = raw["sent"][-1]
    final = raw["figures"][-1] if raw["figures"] else None
    final_ok = final is not None and final["painted"] is not None and shows(final, last["state"])
    return {
        "sent": len(raw["sent"]),
        "renders": len(raw["figures"]),
        "send_span_ms": last["sent"] - raw["sent"][0]["sent"],
        "handler_ms_max": max(c["handled"] - c["sent"] for c in raw["sent"]),
        "last_latency_ms": final["painted"] - last["sent"] if final_ok else None,
        "final_shows_last_values": final_ok,
        "unattributed_figures": sum(1 for a in attributed if a["change"] is None),
        "figures": attributed,
        "error": raw["error"],
        "status": raw["status"] if raw["error"] else None,
        "raw": raw,
    }


DRAG_MS = 1000
DRAG_STEPS = 60  # pointer moves, one per display frame at 60 Hz


def drag(page, selector, control, backwards=False):
    """The pointer presses the slider's thumb at one end and drags it to the other in DRAG_MS, as a
    reader would (real input events from the browser): figures painted, and the longest gap
    between two paintings (from the press to the first, and between any two)."""
    page.wait_for_function("(s) => document.querySelector(s).dataset.state === 'ready'", arg=selector,
                           timeout=CHANGE_TIMEOUT_MS)
    page.evaluate(DRAG_WATCH, selector)
    slider = page.locator(f'{selector} input[name="{control}"]')
    slider.scroll_into_view_if_needed()  # the pointer acts where the slider is on screen
    box = slider.bounding_box()
    y = box["y"] + box["height"] / 2
    ends = [box["x"] + 2, box["x"] + box["width"] - 2]
    start, end = reversed(ends) if backwards else ends
    page.mouse.move(start, y)
    page.mouse.down()
    pressed = page.evaluate("() => performance.now()")
    began = time.monotonic()
    for step in range(1, DRAG_STEPS + 1):
        page.mouse.move(start + (end - start) * step / DRAG_STEPS, y)
        time.sleep(max(0.0, began + step * DRAG_MS / 1000 / DRAG_STEPS - time.monotonic()))
    page.mouse.up()
    released = page.evaluate("() => performance.now()")
    page.wait_for_function("(s) => document.querySelector(s).dataset.state === 'ready'", arg=selector,
                           timeout=CHANGE_TIMEOUT_MS)
    painted = page.evaluate("() => window.__dragPainted.stop()")
    during = [time_ for time_, _ in painted if time_ <= released]
    marks = [pressed] + during
    return {
        "control": control,
        "drag_ms": released - pressed,
        "painted": len(during),
        "distinct": len({values for time_, values in painted if time_ <= released}),
        "painted_after_release": len(painted) - len(during),
        "longest_gap_ms": max((b - a for a, b in zip(marks, marks[1:])), default=None)
        if during else None,
    }


DRAG_WATCH = """(selector) => {
    const root = document.querySelector(selector);
    const painted = [];
    const observer = new MutationObserver((records) => {
      const element = records[records.length - 1].target;
      if (!element.classList.contains("lw-figure")) return;
      const values = element.dataset.values;
      const decoded = element.localName === "img" ? element.decode() : Promise.resolve();
      decoded.then(() => window.__bench.afterNextPaint(), () => null)
        .then((time) => { if (time !== null) painted.push([time, values]); });
    });
    observer.observe(root, { attributes: true, attributeFilter: ["data-values"], subtree: true });
    window.__dragPainted = { stop: () => { observer.disconnect(); return painted; } };
}"""
