"""Run a widget function and turn its figure into what the page shows.

The one entry point used both by the build (CPython, default values, pre-rendered figure)
and by the browser worker (Pyodide, the reader's values). Values are validated here too,
whatever the page sends.
"""

import importlib
import time
import warnings

from controls import coerce_all
from lesson_style import LAYOUTS, figure_notice, plt
from live_figure import LIVE, figure_svg, forget, live_figure
from tick_lines import tick_space_once_per_box
from widget_output import WidgetOutput


def find_widget(name):
    """``"module.function"`` -> the declared widget function (raises a Spanish error)."""
    module_name, _, function_name = name.rpartition(".")
    try:
        function = getattr(importlib.import_module(module_name), function_name)
    except (ImportError, AttributeError, ValueError) as error:
        raise LookupError(f"No existe el widget «{name}».") from error
    if not hasattr(function, "controls"):
        raise LookupError(f"«{name}» no declara sus controles con @interactive.")
    if not hasattr(function, "build_figure"):
        raise LookupError(f"«{name}» no declara con @draws_on la figura que actualiza.")
    return function


def render(name, raw_values=None, shown=None, layout="wide"):
    """Validate, compute, draw. Returns a JSON-ready dict for the page.

    The widget's figure lives across calls (live_figure): ``shown`` is the revision of it the
    page shows, if any; when only some artists changed, ``svg`` holds just their groups and
    ``patch_of`` says which revision they patch. The build passes nothing: a whole figure."""
    layout = layout if layout in LAYOUTS else "wide"  # the page asks by width; anything else: wide
    drop_prepared(name, layout)  # the page draws this figure now: no need to draw it ahead
    return draw(name, raw_values, shown, layout)


def draw(name, raw_values, shown, layout):
    function = find_widget(name)
    values, problems = coerce_all(function, raw_values or {})
    started = time.perf_counter()
    live = live_figure(name, function, layout)
    try:
        with tick_space_once_per_box():
            with warnings.catch_warnings():
                # Overflow is reported to the reader as divergence, never as a numpy warning.
                warnings.simplefilter("ignore", RuntimeWarning)
                output = function.update(live.figure, **values)
            if not isinstance(output, WidgetOutput):
                output = WidgetOutput(output)
            figure = output.figure
            computed = time.perf_counter()
            svg, patch_of = live.svg(shown)
            drawn = time.perf_counter()
    except BaseException:
        forget(name, layout)  # half-updated: the next render starts from a new figure
        raise
    return {
        "widget": name,
        "values": values,
        "readouts": {key: slider.format(values[key]) for key, slider in function.controls.items()},
        "svg": svg,
        "revision": live.revision,
        "patch_of": patch_of,
        "alt": figure_titles(figure),
        "message": figure_notice(figure),
        "problems": problems,
        "table": [[str(quantity), str(value)] for quantity, value in output.table],
        "table_caption": output.caption,
        # Size in CSS pixels at 72 dpi, as the SVG declares it: keeps the layout still.
        "width": round(figure.get_figwidth() * 72),
        "height": round(figure.get_figheight() * 72),
        "timings": {"compute": (computed - started) * 1000, "draw": (drawn - computed) * 1000},
    }


def figure_titles(figure):
    """The titles of every axes, joined: the figure's alternative text."""
    # A title of two lines reads as two parts of the name.
    titles = [axes.get_title().replace("\n", " · ") for axes in figure.axes if axes.get_title()]
    if figure.get_suptitle():
        titles.insert(0, figure.get_suptitle())
    return " · ".join(titles)


def warm_up():
    """Pay matplotlib's one-time costs (fonts, the mathtext parser, the first SVG) before the
    reader's first move. The first figure the page asked to have drawn ahead (``prepare``), if
    any, is drawn for that: the same costs, and the reader's first move on it finds it built
    and its code warm. Else a tiny figure with the same kinds of text the lesson draws."""
    if PREPARING:
        try:
            prepare_next()
            return
        except Exception:
            pass  # the page's own render of that widget reports what fails
    figure, axes = plt.subplots(figsize=(2, 1.5))
    axes.plot([0, 1], [0, 1], "ro-", label="$x^2$")
    axes.set_title("calentamiento")
    axes.legend()
    figure_svg(figure)
    plt.close(figure)


# Figures drawn ahead of the reader's first move: (widget, values, patch, layout, soon), in order.
PREPARING = []


def prepare(name, raw_values=None, layout="wide", soon=False):
    """Queue drawing a widget's figure ahead, while the worker is idle (``prepare_next``): at
    the page's values, then once with each slider moved one position, as patches. The reader's
    first move then finds the figure built and matplotlib's code warm (the first draws of each
    kind are several times slower: fonts, caches, the engine compiling Python's own code).
    Nothing is drawn ahead for a figure this Python has already drawn in that layout: the page
    may be showing it. The page's next render of it sends a whole figure, as it would have.
    ``soon``: the widget is in the reader's view; its steps go first (queued already: moved
    to the front), and the worker waits less for the reader's pause before them (``next_soon``)."""
    function = find_widget(name)
    layout = layout if layout in LAYOUTS else "wide"
    queued = [step for step in PREPARING if step[0] == name and step[3] == layout]
    if queued:
        if soon:
            drop_prepared(name, layout)
            PREPARING[:0] = [(*step[:4], True) for step in queued]
        return
    if (name, layout) in LIVE:
        return
    values, _ = coerce_all(function, raw_values or {})
    steps = [(name, values, False, layout, soon)]
    for key, slider in function.controls.items():
        steps.append((name, {**values, key: next_position(slider, values[key])}, True, layout, soon))
    if soon:
        PREPARING[:0] = steps
    else:
        PREPARING.extend(steps)


def next_soon():
    """Whether the next step drawn ahead is of a widget in the reader's view."""
    return bool(PREPARING) and PREPARING[0][4]


def prepare_next():
    """Draw the next queued step (``prepare``); returns how many are left."""
    if PREPARING:
        name, values, patch, layout, _ = PREPARING.pop(0)
        live = LIVE.get((name, layout))
        if not patch or live is not None:  # a patch needs the figure the first step built
            try:
                draw(name, values, live.revision if patch else None, layout)
            except Exception:
                drop_prepared(name, layout)  # the page's own render of it reports what fails
                raise
    return len(PREPARING)


def drop_prepared(name, layout):
    """Forget the queued steps of this widget's figure in this layout."""
    PREPARING[:] = [step for step in PREPARING if (step[0], step[3]) != (name, layout)]


def next_position(slider, value):
    """The slider's position after ``value`` (before it, at the end of the range)."""
    positions = slider.positions()
    index = positions.index(value)
    return positions[index + 1] if index + 1 < len(positions) else positions[index - 1]


def widget_spec(name):
    """What the page needs to draw a widget's controls: derived from its declaration."""
    function = find_widget(name)
    return {
        "widget": name,
        "controls": [slider.spec(key) for key, slider in function.controls.items()],
        "seed_argument": getattr(function, "seed_argument", None),
    }
