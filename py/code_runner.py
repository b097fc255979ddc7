"""Run a reader's edited code block ("Editar y ejecutar") and collect what it shows.

Each run gets a fresh namespace of its own, keyed by nothing shared with the widgets: it starts
as if the lesson's first cell had run (``np``, ``plt`` and the slider names of ``controls``), so a
block runs as it reads on the page. What comes back:

- ``text``: what the code printed, stdout and stderr in the order written;
- ``figures``: every matplotlib figure it made (at each ``plt.show()``, and those still open at
  the end) as SVG, with the figure's titles as alternative text;
- ``exception``: ``None``, or the last traceback line (``ZeroDivisionError: division by zero``)
  and the line of the reader's code where it happened.

The reader's matplotlib settings (``plt.style.use``, rcParams) end with the run, so the widgets'
figures keep their look. Runs unchanged in CPython (tests) and in Pyodide (the page's worker).
"""

import contextlib
import importlib
import io
import traceback
from pathlib import Path

import controls
from lesson_style import np, plt
from widget_render import figure_svg, figure_titles

# The reader's code as tracebacks name it: its frames are the ones whose line numbers count.
CODE_FILENAME = "<código>"
PRELUDE = (
    "import numpy as np\n"
    "import matplotlib.pyplot as plt\n"
    "from controls import interact, FloatSlider, IntSlider\n"
)


def new_namespace(module=None):
    """The lesson's first cell, then (for a block shown from a lesson module) that module's
    globals, so the names its folded or unshown code defines exist. Arrays and containers are
    copied: the reader's changes stay out of the module the widgets use."""
    namespace = {}
    if module is not None:
        for name, value in vars(module).items():
            if not name.startswith("__"):
                namespace[name] = value.copy() if isinstance(value, (np.ndarray, list, dict, set)) else value
    namespace.update({"__name__": "__main__", "__builtins__": __builtins__})
    exec(compile(PRELUDE, "<preludio>", "exec"), namespace)
    return namespace


def lesson_module_for(original):
    """The py/ module a page block was taken from: the one whose source holds most of the
    block's lines (the page shows snippet sections of the modules verbatim), or None."""
    lines = {line.strip() for line in original.splitlines() if line.strip()}
    if not lines:
        return None
    best, best_count = None, 0
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        if path.stem == __name__:
            continue
        source = {line.strip() for line in path.read_text(encoding="utf-8").splitlines()}
        count = len(lines & source)
        if count > best_count:
            best, best_count = path.stem, count
    return importlib.import_module(best) if best_count * 2 >= len(lines) else None


def run(code, original=""):
    """Run ``code`` (a string) and return a JSON-ready dict: text, figures, exception.
    ``original`` is the block's code as the page shows it (see lesson_module_for)."""
    # Imported (a first import runs the module's own interact calls) before the run's capture.
    namespace = new_namespace(lesson_module_for(original))
    stream = io.StringIO()
    figures = []
    already_open = set(plt.get_fignums())

    def collect_open_figures(*args, **kwargs):
        for number in plt.get_fignums():
            if number in already_open:
                continue
            figure = plt.figure(number)
            figures.append(figure_entry(figure))
            plt.close(figure)

    exception = None
    original_show = plt.show
    plt.show = collect_open_figures
    controls.draw_on_interact = True
    try:
        with plt.rc_context(), contextlib.redirect_stdout(stream), contextlib.redirect_stderr(stream):
            try:
                exec(compile(code, CODE_FILENAME, "exec"), namespace)
            except BaseException as error:  # SystemExit, KeyboardInterrupt: the reader's too
                exception = describe(error)
            collect_open_figures()
    finally:
        plt.show = original_show
        controls.draw_on_interact = False
    return {"text": stream.getvalue(), "figures": figures, "exception": exception}


def figure_entry(figure):
    return {
        "svg": figure_svg(figure),
        "alt": figure_titles(figure) or "Figura sin título",
        "width": round(figure.get_figwidth() * 72),
        "height": round(figure.get_figheight() * 72),
    }


def describe(error):
    """The last traceback line and the reader's line number (None if not in their code)."""
    message = traceback.format_exception_only(type(error), error)[-1].strip()
    line = None
    if isinstance(error, SyntaxError) and error.filename == CODE_FILENAME:
        line = error.lineno
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename == CODE_FILENAME:
            line = frame.lineno  # the innermost frame of the reader's code
    return {"name": type(error).__name__, "message": message, "line": line}
