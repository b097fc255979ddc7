"""Every figure, in both layouts, at the sliders' defaults and ends and at the settings readers
reported: text large enough, inside the figure, and never on top of other text."""

import itertools

import pytest
from matplotlib.text import Text

import batch_comparison
import chain_rule
import sgd_descent
import toy_problem
from controls import defaults
from lesson_style import LAYOUTS, NOTICE_GID, plt
from live_figure import fresh, figure_svg

WIDGETS = {
    "sgd_descent.visualize_sgd": sgd_descent.visualize_sgd,
    "toy_problem.solve_toy_problem": toy_problem.solve_toy_problem,
    "chain_rule.explore_chain_rule": chain_rule.explore_chain_rule,
    "batch_comparison.compare_batches": batch_comparison.compare_batches,
}
# Settings where text collided before: lr = 1.1 (4-digit ticks against "Pérdida (L)"), the
# batch explorer's notice at lr = 1.00, a diverged toy run (log scale), a steep chain-rule step.
REPORTED = {
    "sgd_descent.visualize_sgd": [{"lr": 1.1, "steps": 10}, {"lr": 1.1, "steps": 50}, {"lr": 1.06, "steps": 20}],
    "toy_problem.solve_toy_problem": [{"lr": 0.1, "epochs": 160, "seed": 268423649},
                                      {"lr": 0.1, "epochs": 500, "seed": 0}],
    "chain_rule.explore_chain_rule": [{"w": 0.1, "b": 0.0, "x": 3.0, "y": 0.5, "eta": 3.0},
                                      {"w": -4.0, "b": -4.0, "x": 3.0, "y": 1.0, "eta": 1.0}],
    "batch_comparison.compare_batches": [{"lr": 1.0}, {"lr": 1.0, "updates": 200, "batch_size": 40},
                                         {"lr": 0.5, "updates": 200, "batch_size": 1}],
}
SMALLEST_FONT = 11  # SVG units; a figure is built as wide as it is shown, so about CSS px


def settings(name):
    function = WIDGETS[name]
    base = defaults(function)
    yield base
    for key, slider in function.controls.items():
        yield {**base, key: slider.positions()[0]}
        yield {**base, key: slider.positions()[-1]}
    for extra in REPORTED[name]:
        yield {**base, **extra}


CASES = [(name, layout, values) for name in WIDGETS for layout in LAYOUTS for values in settings(name)]


def drawn_texts(figure):
    """(description, bounding box) of every piece of text matplotlib draws: titles, axis
    labels, tick labels in view, legends (as one box each), figure texts."""
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    boxes = []
    for index, axes in enumerate(figure.axes):
        for text, kind in ((axes.title, "title"), (axes.xaxis.label, "x label"), (axes.yaxis.label, "y label")):
            if text.get_visible() and text.get_text():
                boxes.append((f"axes {index} {kind} «{text.get_text()}»", text.get_window_extent(renderer)))
        for axis, kind in ((axes.xaxis, "x tick"), (axes.yaxis, "y tick")):
            for tick in axis._update_ticks():  # the ticks this draw placed in view
                label = tick.label1
                if label.get_visible() and label.get_text():
                    boxes.append((f"axes {index} {kind} «{label.get_text()}»", label.get_window_extent(renderer)))
            offset = axis.get_offset_text()
            if offset.get_visible() and offset.get_text():
                boxes.append((f"axes {index} {kind} offset «{offset.get_text()}»", offset.get_window_extent(renderer)))
        legend = axes.get_legend()
        if legend is not None and legend.get_visible():
            boxes.append((f"axes {index} legend", legend.get_window_extent(renderer)))
    for text in figure.texts:
        if text.get_visible() and text.get_text():
            boxes.append((f"figure text «{text.get_text()[:30]}»", text.get_window_extent(renderer)))
    return boxes


@pytest.mark.parametrize("name, layout, values", CASES,
                         ids=[f"{n.split('.')[1]}-{l}-{i}" for i, (n, l, v) in enumerate(CASES)])
def test_text_is_inside_and_never_on_other_text(name, layout, values):
    figure = fresh(WIDGETS[name], layout=LAYOUTS[layout], **values)
    figure = getattr(figure, "figure", figure)
    try:
        width, height = figure.get_size_inches() * figure.dpi
        boxes = drawn_texts(figure)
        problems = []
        for label, box in boxes:
            if box.x0 < -0.5 or box.y0 < -0.5 or box.x1 > width + 0.5 or box.y1 > height + 0.5:
                problems.append(f"{label} leaves the figure: {box.bounds}")
        for (first, a), (second, b) in itertools.combinations(boxes, 2):
            overlap_x = min(a.x1, b.x1) - max(a.x0, b.x0)
            overlap_y = min(a.y1, b.y1) - max(a.y0, b.y0)
            if overlap_x > 0.5 and overlap_y > 0.5:
                problems.append(f"{first} overlaps {second}")
        assert not problems, f"{name} {layout} {values}:\n" + "\n".join(problems)
    finally:
        plt.close(figure)


@pytest.mark.parametrize("name", WIDGETS)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_no_text_is_smaller_than_the_smallest_readable_size(name, layout):
    figure = fresh(WIDGETS[name], layout=LAYOUTS[layout], **defaults(WIDGETS[name]))
    figure = getattr(figure, "figure", figure)
    try:
        sizes = {f"«{text.get_text()[:20]}»": text.get_fontsize() for text in figure.findobj(Text)
                 if text.get_visible() and text.get_text()}
        small = {text: size for text, size in sizes.items() if size < SMALLEST_FONT}
        assert not small, small
    finally:
        plt.close(figure)


@pytest.mark.parametrize("name, values", [("sgd_descent.visualize_sgd", {"lr": 1.1, "steps": 10}),
                                          ("batch_comparison.compare_batches", {"lr": 1.0}),
                                          ("toy_problem.solve_toy_problem", {"lr": 0.1, "epochs": 500, "seed": 0})])
def test_a_notice_is_said_once_under_the_figure_not_drawn_in_it(name, values):
    from widget_render import render
    result = render(name, values)
    assert result["message"]  # the page shows it in the widget's status line ...
    assert NOTICE_GID not in result["svg"] and result["message"][:20] not in result["svg"]  # ... only there
