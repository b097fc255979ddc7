"""Plain lines take a shorter way to their SVG (plain_lines): whole figures and patches must come
out byte for byte as Line2D.draw writes them, for every widget's lines at many slider values
(diverging runs with inf and nan, empty lines, one point, lines partly outside the axes,
dashed and dotted, markers, markers at some points only), and any other line is Line2D.draw's."""

import contextlib
import io

import pytest
from matplotlib.lines import Line2D
from matplotlib import patheffects

import live_figure
import plain_lines
import widget_render
from controls import coerce_all
from lesson_style import np, plt
from tests.unit.test_live_figure import SEQUENCES

# Beyond the sequences of test_live_figure: the toy problem's diverging seed at its largest
# rate (losses and weights to inf and nan), the descent's run leaving the plot, the chain
# rule's points off the zoomed panel, long runs of the batch comparison.
MORE_VALUES = {
    "toy_problem.solve_toy_problem": [{"lr": 0.1, "epochs": 200, "seed": 13}, {"lr": 0.096, "seed": 13},
                                      {"lr": 0.1, "epochs": 10, "seed": 13}, {"epochs": 1}],
    "sgd_descent.visualize_sgd": [{"lr": 1.1, "steps": 50}, {"lr": 1.0, "steps": 1}, {"lr": 0.0, "steps": 1},
                                  {"lr": 0.99, "steps": 50}],
    "chain_rule.explore_chain_rule": [{"w": 4.0, "b": 4.0, "x": -3.0, "y": 0.0, "eta": 3.0},
                                      {"w": -4.0, "b": 4.0, "x": 3.0, "y": 1.0, "eta": 0.05},
                                      {"w": 0.0, "b": 0.0, "x": 0.0, "y": 0.5, "eta": 1.5}],
    "batch_comparison.compare_batches": [{"lr": 1.0, "batch_size": 1, "updates": 200},
                                         {"lr": 0.01, "batch_size": 50, "updates": 5}],
}
VALUES = [(name, values) for name in SEQUENCES for values in SEQUENCES[name] + MORE_VALUES[name]]


@contextlib.contextmanager
def without_plain_lines():
    """Every line drawn by Line2D.draw, as before plain_lines."""
    kept = live_figure.lines_drawn_plainly
    live_figure.lines_drawn_plainly = lambda writes_plainly: contextlib.nullcontext()
    try:
        yield
    finally:
        live_figure.lines_drawn_plainly = kept


def both_ways(draw):
    """``draw()`` with plain lines, then by Line2D.draw alone, then plainly again: the first
    and the last must agree too (drawing leaves nothing behind that changes the next)."""
    ours = draw()
    with without_plain_lines():
        theirs = draw()
    return ours, theirs, draw()


def figure_of(name, values):
    function = widget_render.find_widget(name)
    values, _ = coerce_all(function, values)
    output = live_figure.fresh(function, **values)
    return getattr(output, "figure", output)


def lines_of(figure):
    return [line for axes in figure.axes for line in axes.get_lines()]


def test_plain_lines_are_written_only_while_drawing():
    draw = Line2D.draw
    figure = figure_of("chain_rule.explore_chain_rule", {})
    calls = []
    kept = plain_lines.draw_line_plainly
    plain_lines.draw_line_plainly = lambda *args: calls.append(args[0]) or kept(*args)
    try:
        live_figure.figure_svg(figure)
    finally:
        plain_lines.draw_line_plainly = kept
    assert Line2D.draw is draw
    assert set(lines_of(figure)) <= set(calls), "every line of the figure went the plain way"


@pytest.mark.parametrize("name, values", VALUES)
def test_whole_figures_are_byte_for_byte_line2d_draws(name, values):
    figure = figure_of(name, values)
    ours, theirs, again = both_ways(lambda: live_figure.figure_svg(figure))
    assert ours == theirs == again


@pytest.mark.parametrize("name", SEQUENCES)
def test_patches_of_lines_are_byte_for_byte_line2d_draws(name):
    """One live figure moved through every value: its lines patched alone, plainly or not."""
    function = widget_render.find_widget(name)
    figure = live_figure.build(function)
    drawn, sequence = 0, SEQUENCES[name] + MORE_VALUES[name]
    for values in sequence:
        values, _ = coerce_all(function, values)
        function.update(figure, **values)
        lines = lines_of(figure)
        ours, theirs, again = both_ways(lambda: live_figure.artists_svg(figure, lines))
        assert ours == theirs == again, values
        drawn += ours.count("<path")
    assert drawn >= 2 * len(sequence), "every move draws a widget's lines"


def test_the_kinds_of_lines_seen_are_all_covered():
    """The values above reach what makes a line's drawing differ: no points, one point, points
    far out of the axes (clipped), a log scale, dashes and dots, markers at some points only.
    (The widgets stop a diverging run before inf or nan: lines_figure has both.)"""
    seen = set()
    for name, values in VALUES:
        for line in lines_of(figure_of(name, values)):
            x, y = np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)
            seen.add(("points", min(len(x), 2)))
            seen.add(("linestyle", line.get_linestyle()))
            if line.get_markevery() is not None:
                seen.add("markevery")
            if line.axes.get_yscale() == "log":
                seen.add("log scale")
            bottom, top = line.axes.get_ylim()
            if len(y) and np.any(np.isfinite(y) & ((y > max(bottom, top)) | (y < min(bottom, top)))):
                seen.add("outside")
    assert {("points", 0), ("points", 1), ("points", 2), ("linestyle", "-"), ("linestyle", "--"),
            ("linestyle", ":"), ("linestyle", "None"), "markevery", "log scale", "outside"} <= seen


def lines_figure():
    """Lines of every kind in one axes, some plain, some not."""
    figure, axes = plt.subplots(figsize=(6, 4))
    x = np.linspace(-2, 2, 300)
    axes.plot(x, x ** 2, "b-", alpha=0.4)
    axes.plot(x, np.where(np.abs(x) < 0.5, np.nan, 3 * x), "g--o", markevery=7, markersize=4)
    axes.plot([0, 10], [0, 100], ":", color="purple", linewidth=3, solid_capstyle="round")
    axes.plot([1], [1], "s", markerfacecolor="none", markeredgecolor="red", markersize=12)
    axes.plot([0.5, 1.5], [1, 2], "-.", dash_capstyle="round", dash_joinstyle="bevel")
    axes.plot([0.2, 0.4], [0.5, 0.5], ",")
    axes.plot([0.3, 0.6], [3, 3.5], "o", markerfacecolor=(1, 0, 0, 0.3))  # an "auto" edge takes its alpha
    axes.plot([], [], "ko")
    axes.plot([-1, 0, 1], [2, np.inf, 2], "r-^", clip_on=False)
    axes.axhline(2.5, color="gray", linestyle="--")
    axes.plot(np.arange(2000) / 500 - 2, np.sin(np.arange(2000) / 50), linewidth=0.5)  # subsliced
    # Not plain: Line2D.draw draws them.
    axes.plot(x, x, drawstyle="steps-post")
    axes.plot(x, -x, path_effects=[patheffects.withStroke(linewidth=4, foreground="white")])
    axes.plot([0, 1], [2, 3], "o", fillstyle="left")  # an alternate marker path
    axes.plot([0, 1], [3, 2], "--", gapcolor="orange")
    axes.plot([0, 1], [1, 3], url="https://example.org/line")
    axes.set_ylim(-1, 4)
    axes.legend([axes.lines[0], axes.lines[1], axes.lines[3]], ["curva", "rayas", "cuadro"])
    return figure


def test_lines_of_every_kind_are_written_as_line2d_draws_them():
    figure = lines_figure()
    ours, theirs, again = both_ways(lambda: live_figure.figure_svg(figure))
    assert ours == theirs == again
    ours, theirs, again = both_ways(lambda: live_figure.artists_svg(figure, figure.axes[0].get_lines()))
    assert ours == theirs == again
    # Restyled lines are written in their new looks (a look is worked out once, then kept).
    lines = figure.axes[0].get_lines()
    lines[1].set_color("orange")
    lines[3].set_markersize(6)
    lines[6].set_markerfacecolor((0, 0, 1, 0.6))
    lines[7].set_alpha(0.5)
    lines[4].set_linestyle((0, (5, 1)))
    lines[2].set_linewidth(1)
    restyled, theirs, again = both_ways(lambda: live_figure.artists_svg(figure, lines))
    assert restyled == theirs == again != ours


def test_lines_that_are_not_plain_are_drawn_by_line2d():
    figure = lines_figure()
    lines = figure.axes[0].get_lines()
    renderer = live_figure.FigureRenderer(432, 288, io.StringIO())
    plain = [plain_lines.drawn_plainly(line, renderer) for line in lines]
    assert plain == [True] * 11 + [False] * 5
    drawn_by_matplotlib = []
    draw = Line2D.draw

    def counted(line, renderer):
        drawn_by_matplotlib.append(line)
        draw(line, renderer)

    Line2D.draw = counted
    try:
        live_figure.artists_svg(figure, lines)
    finally:
        Line2D.draw = draw
    # The long sorted line drawn in part (subsliced) goes Line2D.draw's way too.
    assert drawn_by_matplotlib == [lines[10], *lines[11:]]
