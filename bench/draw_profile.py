"""The bench's slider changes (bench/change_plan.py) run in one Python, without a browser: per
widget, the worker's compute and draw of each change, and where the draw's time goes.

Usage: python bench/draw_profile.py [--changes 30] [--profile toy_problem.solve_toy_problem] [--top 25]
                                    [--widgets W ...] [--py FOLDER] [--repeat N] [--each]
       node bench/draw_profile.js site/pyodide/ [same options]      (the same, inside Pyodide)
Prints per widget the medians of compute and draw, and the slowest draw (with --repeat N, of each change's fastest of N
replays, each from a new figure and no text measured: steadier on a busy machine) of the patches and whole figures, their SVG
sizes, and with --profile a cProfile of that widget's draws (sorted by own time, then cumulative).
"""

import argparse
import cProfile
import io
import logging
import pstats
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# bench.* and the widgets' modules (those of another folder with --py FOLDER, to compare)
PY = Path(sys.argv[sys.argv.index("--py") + 1]) if "--py" in sys.argv else HERE.parent / "py"
sys.path[:0] = [str(HERE.parent), str(PY)]

from bench.change_plan import change_plan  # noqa: E402

WIDGETS = ("sgd_descent.visualize_sgd", "toy_problem.solve_toy_problem",
           "chain_rule.explore_chain_rule", "batch_comparison.compare_batches")
SEEDS = {"toy_problem.solve_toy_problem": 13}  # as bench/sliders.py's DIVERGING_SEEDS


def median(samples):
    ordered = sorted(samples)  # statistics may not be shipped in Pyodide's trimmed stdlib
    if not ordered:
        return float("nan")
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def forget_drawings(live_figure, name):
    """A new live figure, and no text measured or laid out before (as in a new page)."""
    live_figure.forget(name)
    # Runs a widget's module keeps between renders (batch_comparison.RUNS): a new page has none.
    getattr(sys.modules.get(name.split(".")[0]), "RUNS", {}).clear()
    for cache in ("TEXT_LAYOUTS", "text_metrics", "TEXT_TO_PATH"):
        kept = getattr(live_figure, cache, None)
        if isinstance(kept, dict):
            kept.clear()
        elif hasattr(kept, "cache_clear"):
            kept.cache_clear()
        elif hasattr(kept, "mathtext_parser"):
            type(kept.mathtext_parser)._parse_cached.cache_clear()


def run_widget(name, changes, repeat=1, profiler=None, each=False):
    """The plan ``repeat`` times from a new figure: each change's fastest compute and draw."""
    import live_figure
    import widget_render

    spec = widget_render.widget_spec(name)
    values = {control["name"]: control["value"] for control in spec["controls"]}
    if name in SEEDS:
        values[spec["seed_argument"]] = SEEDS[name]
    svg = live_figure.LiveFigure.svg
    if profiler is not None:
        def profiled(self, *args, **kwargs):
            profiler.enable()
            try:
                return svg(self, *args, **kwargs)
            finally:
                profiler.disable()
        live_figure.LiveFigure.svg = profiled
    plan = change_plan(spec["controls"], changes)
    fastest = [None] * len(plan)
    try:
        for _ in range(repeat):
            forget_drawings(live_figure, name)
            shown = widget_render.render(name, values)["revision"]  # the page's first figure
            for index, change in enumerate(plan):
                result = widget_render.render(name, {**values, **change["state"]}, shown=shown)
                shown = result["revision"]
                sample = ("whole" if result["patch_of"] is None else "patch", result["timings"]["compute"],
                          result["timings"]["draw"], len(result["svg"]))
                if fastest[index] is None:
                    fastest[index] = sample
                else:
                    fastest[index] = (sample[0], min(sample[1], fastest[index][1]),
                                      min(sample[2], fastest[index][2]), sample[3])
    finally:
        live_figure.LiveFigure.svg = svg
    if each:
        for change, (kind, compute, draw, size) in zip(plan, fastest):
            print(f"{'':32s} {change['name']}={change['value']!s:8s} {kind:5s} compute {compute:5.1f} ms, "
                  f"draw {draw:5.1f} ms, SVG {size / 1024:5.1f} KB")
    kinds = {"patch": [], "whole": []}
    for kind, *sample in fastest:
        kinds[kind].append(sample)
    every = kinds["patch"] + kinds["whole"]
    print(f"{name:32s} all x{len(every):2d}: compute {median(s[0] for s in every):5.1f} ms, "
          f"draw {median(s[1] for s in every):5.1f} ms (slowest {max(s[1] for s in every):5.1f} ms)")
    for kind, samples in kinds.items():
        if samples:
            print(f"{'':32s} {kind:5s} x{len(samples):2d}: compute {median(s[0] for s in samples):5.1f} ms, "
                  f"draw {median(s[1] for s in samples):5.1f} ms, SVG {median(s[2] for s in samples) / 1024:5.1f} KB")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=30)
    parser.add_argument("--profile", help="a widget (module.function) whose draws to profile")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--repeat", type=int, default=1,
                        help="replay the plan N times, each from a new figure: per change, the fastest")
    parser.add_argument("--widgets", nargs="*", default=WIDGETS)
    parser.add_argument("--callees", nargs="*", default=[], help="with --profile: what these functions call")
    parser.add_argument("--each", action="store_true", help="also print every change's figures")
    parser.add_argument("--py", help="the folder of the widgets' modules (default: py/)")
    options = parser.parse_args(argv)
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    import widget_render

    started = time.perf_counter()
    widget_render.warm_up()
    print(f"warm-up {(time.perf_counter() - started) * 1000:.0f} ms")
    for name in options.widgets:
        profiler = cProfile.Profile() if name == options.profile else None
        run_widget(name, options.changes, options.repeat, profiler, options.each)
        if profiler is not None:
            for order in ("tottime", "cumulative"):
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(options.top)
                print(out.getvalue())
            for function in options.callees:
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_callees(function)
                print(out.getvalue())


if __name__ == "__main__":
    main()
