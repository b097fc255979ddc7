"""py/code_runner.py: a reader's edited block, run as the page's worker runs it."""

import inspect
import json

import code_runner
from lesson_style import plt
from tests.conftest import ROOT

PROTOCOL = json.loads((ROOT / "site_src" / "protocol" / "protocol.json").read_text(encoding="utf-8"))


def test_printed_text_in_order_with_stderr():
    output = code_runner.run("import sys\nprint('uno')\nprint('dos', file=sys.stderr)\nprint(2 + 3)\n")
    assert output == {"text": "uno\ndos\n5\n", "figures": [], "exception": None}


def test_every_figure_shown_or_left_open_with_its_titles():
    output = code_runner.run(
        "plt.plot([1, 2, 3])\nplt.title('Primera')\nplt.show()\n"
        "fig, (a, b) = plt.subplots(1, 2, figsize=(10, 4))\na.set_title('A')\nb.set_title('B')\n")
    assert [figure["alt"] for figure in output["figures"]] == ["Primera", "A · B"]
    assert output["figures"][1]["width"] == 720 and output["figures"][1]["height"] == 288
    assert all(figure["svg"].lstrip().startswith("<?xml") for figure in output["figures"])
    assert plt.get_fignums() == []  # nothing left for the widgets to trip over


def test_exception_last_line_and_the_readers_line_number():
    output = code_runner.run("def f(x):\n    return 1 / x\n\nprint('antes')\nf(0)\n")
    assert output["text"] == "antes\n"
    assert output["exception"] == {"name": "ZeroDivisionError",
                                   "message": "ZeroDivisionError: division by zero", "line": 2}


def test_syntax_error_line():
    output = code_runner.run("x = 1\nif x\n    pass\n")
    assert output["exception"]["name"] == "SyntaxError"
    assert output["exception"]["line"] == 2
    assert output["exception"]["message"].startswith("SyntaxError:")


def test_error_inside_a_lesson_module_points_at_the_readers_call():
    output = code_runner.run("from toy_problem import train_toy\n\ntrain_toy('diez', 0.1)\n")
    assert output["exception"]["name"] == "TypeError"
    assert output["exception"]["line"] == 3


def test_each_run_has_a_fresh_namespace_with_the_lessons_imports():
    code_runner.run("secreto = 42\n")
    output = code_runner.run("print(np.arange(3).sum(), 'secreto' in globals(), interact.__name__)\n")
    assert output["text"] == "3 False interact\n"


def test_the_readers_style_changes_end_with_the_run():
    before = dict(plt.rcParams)
    code_runner.run("plt.style.use('dark_background')\nplt.rcParams['lines.linewidth'] = 9\n")
    assert plt.rcParams["lines.linewidth"] == before["lines.linewidth"]
    assert plt.rcParams["axes.facecolor"] == before["axes.facecolor"]


def test_interact_draws_once_at_the_defaults_like_ipywidgets():
    output = code_runner.run(
        "def curva(a):\n    fig = plt.figure()\n    plt.plot([0, a])\n    plt.title(f'a = {a}')\n"
        "    plt.show()\n\n"
        "interact(curva, a=FloatSlider(min=0, max=2, step=0.5, value=1.5))\n")
    assert output["exception"] is None
    assert [figure["alt"] for figure in output["figures"]] == ["a = 1.5"]
    # Outside a reader's run, interact only declares (importing a lesson module draws nothing).
    import controls
    assert controls.draw_on_interact is False


def test_output_fields_are_the_declared_ones():
    output = code_runner.run("plt.plot([1])\n1 / 0\n")
    assert set(output) == set(PROTOCOL["run_output"])
    assert set(output["figures"][0]) == set(PROTOCOL["run_figure"])
    assert set(output["exception"]) == set(PROTOCOL["run_exception"])


def shown_figure(function, *args):
    """What a seed-form function (drawing a new figure, then plt.show()) shows."""
    output = code_runner.run(f"{function.__name__}{args!r}\n",
                             original=inspect.getsource(function))
    assert output["exception"] is None, output["exception"]
    (figure,) = output["figures"]
    return figure


def test_a_blocks_namespace_starts_with_its_lesson_module():
    import toy_problem

    original = "\n".join(inspect.getsource(f) for f in (toy_problem.train_toy, toy_problem.solve_toy_problem))
    assert code_runner.lesson_module_for(original) is toy_problem
    assert code_runner.lesson_module_for("print('hola')\n") is None
    # The block's own names, and the module's unshown ones (the ToyRun dataclass, X, Y...).
    output = code_runner.run("X[0] = 100\nprint(train_toy(10, 0.01).w > 0, ToyRun.__name__)\n", original)
    assert output == {"text": "True ToyRun\n", "figures": [], "exception": None}
    assert toy_problem.X[0] == 1  # the reader's change stayed in the block's namespace


def test_the_seed_form_functions_show_what_the_widgets_draw():
    import sgd_descent
    import toy_problem
    from live_figure import fresh
    from widget_render import figure_titles

    for function, args in ((sgd_descent.visualize_sgd, (0.31, 10)),
                           (toy_problem.solve_toy_problem, (100, 0.01))):
        shown = shown_figure(function, *args)
        live = fresh(function, *args)
        assert shown["alt"] == figure_titles(live), function.__name__
    # the same numbers: the seed's path, drawn by both
    path = fresh(sgd_descent.visualize_sgd, 0.31, 10).axes[0].lines[1]
    history_x, _ = sgd_descent.sgd_path(0.31, 10)
    assert list(path.get_xdata()) == list(history_x)


def test_a_first_import_of_the_blocks_module_draws_nothing_extra():
    import importlib
    import sys

    sys.modules.pop("sgd_descent", None)  # as in a fresh worker, before any widget rendered
    try:
        source = inspect.getsource(importlib.import_module("sgd_descent"))
        sys.modules.pop("sgd_descent", None)
        shown = source[source.index("def visualize_sgd"):source.index("# --8<-- [end:visualize_sgd]")]
        output = code_runner.run(shown, original=shown)
        assert [figure["alt"] for figure in output["figures"]] == ["SGD con Learning Rate: 0.1"]
    finally:
        importlib.import_module("sgd_descent")
