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
import io
import traceback

import controls
from lesson_style import plt
from widget_render import figure_svg, figure_titles

# The reader's code as tracebacks name it: its frames are the ones whose line numbers count.
CODE_FILENAME = "<código>"
PRELUDE = (
    "import numpy as np\n"
    "import matplotlib.pyplot as plt\n"
    "from controls import interact, FloatSlider, IntSlider\n"
)


def new_namespace():
    namespace = {"__name__": "__main__", "__builtins__": __builtins__}
    exec(compile(PRELUDE, "<preludio>", "exec"), namespace)
    return namespace


def run(code):
    """Run ``code`` (a string) and return a JSON-ready dict: text, figures, exception."""
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
                exec(compile(code, CODE_FILENAME, "exec"), new_namespace())
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
