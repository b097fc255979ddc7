"""Figures that live across renders: after any sequence of moves, the figure the page holds
(whole figures and patches applied as the page applies them) draws exactly what a fresh figure
drawn at the same values draws: same paths, same text."""

import io
import itertools
import re

import pytest

import live_figure
from controls import coerce_all
import text_layout
import widget_render
import tick_lines
from matplotlib.text import Text
from lesson_style import np, plt
from tests.unit.svg_drawing import SVG, apply_patch, drawing, painted_shapes, parse, same_shapes, sorted_shapes, subpaths

SGD = "sgd_descent.visualize_sgd"
TOY = "toy_problem.solve_toy_problem"
CHAIN = "chain_rule.explore_chain_rule"
BATCHES = "batch_comparison.compare_batches"

# Each sequence crosses what forces a full draw (limits, log scale, a notice that comes or goes,
# a new random sample) and long runs of moves that only patch.
SEQUENCES = {
    SGD: [{}, {"lr": 0.16}, {"lr": 0.21}, {"lr": 0.21, "steps": 30}, {"lr": 1.1, "steps": 30},
          {"lr": 1.06, "steps": 30}, {"lr": 1.0, "steps": 30}, {"lr": 0.96, "steps": 30},
          {"lr": 0.51, "steps": 2}, {"lr": 0.51, "steps": 1}, {"lr": 0.01, "steps": 50}],
    TOY: [{}, {"lr": 0.011}, {"lr": 0.016}, {"lr": 0.016, "epochs": 110},
          {"lr": 0.016, "epochs": 110, "seed": 5}, {"lr": 0.1, "epochs": 100, "seed": 0},
          {"lr": 0.096, "epochs": 100, "seed": 0}, {"lr": 0.046, "epochs": 100, "seed": 0},
          {"lr": 0.051, "epochs": 100}, {"lr": 0.001, "epochs": 10}],
    CHAIN: [{}, {"w": 0.6}, {"w": 0.6, "b": 0.1}, {"w": 0.6, "b": 0.1, "eta": 3.0},
            {"w": -4.0, "b": -4.0, "x": 3.0}, {"w": 0.5, "x": 0.0}, {"w": 0.5, "x": 0.1},
            {"y": 0.35, "eta": 2.0}, {}],
    BATCHES: [{}, {"lr": 0.11}, {"lr": 0.12}, {"lr": 0.12, "batch_size": 9},
              {"lr": 0.7, "batch_size": 9}, {"lr": 1.0, "updates": 200},
              {"lr": 0.1, "updates": 200, "seed": 3}, {"lr": 0.1, "updates": 195, "seed": 3}, {}],
}


def fresh_figure(name, values):
    """A new figure built and updated once at these values (what a first render draws)."""
    function = widget_render.find_widget(name)
    values, _ = coerce_all(function, values)
    output = live_figure.fresh(function, **values)
    return getattr(output, "figure", output)


def fresh_svg(name, values):
    return live_figure.figure_svg(fresh_figure(name, values))


def replay(name, sequence):
    """Render the sequence as the page would: yields (values, result, page's figure)."""
    live_figure.forget(name)
    page, shown = None, None
    for values in sequence:
        result = widget_render.render(name, values, shown=shown)
        if result["patch_of"] is None:
            page = parse(result["svg"])
        else:
            assert result["patch_of"] == shown
            page = apply_patch(page, result["svg"])
        shown = result["revision"]
        yield values, result, page


@pytest.mark.parametrize("name", SEQUENCES)
def test_any_sequence_of_moves_draws_what_a_fresh_figure_draws(name):
    patches = 0
    for values, result, page in replay(name, SEQUENCES[name]):
        patches += result["patch_of"] is not None
        expected = fresh_svg(name, values)
        assert drawing(page) == drawing(expected), (name, values, result["patch_of"])
        assert result["alt"] == widget_render.figure_titles(fresh_figure(name, values))
    assert patches >= 2, "the sequence must exercise patches, not only whole figures"


def test_an_axis_whose_limits_change_is_drawn_again_with_its_axes_only():
    (_, first, _), (_, moved, _) = replay(TOY, [{"lr": 0.011}, {"lr": 0.011, "epochs": 110}])
    assert moved["patch_of"] == first["revision"]
    patched = set(re.findall(r'<g id="(a\d-\w+)"', moved["svg"]))
    # More epochs: both x axes get new limits; the y axes, their ticks and labels stay.
    assert {"a0-xaxis", "a1-xaxis", "a0-line2d1", "a1-line2d1"} <= patched
    assert not {"a0-yaxis", "a1-yaxis"} & patched


def test_an_axis_seen_before_is_not_drawn_again():
    moves = [{"lr": 0.011}, {"lr": 0.011, "epochs": 110}, {"lr": 0.011}, {"lr": 0.011, "epochs": 110}]
    steps = list(replay(TOY, moves))
    assert all(result["patch_of"] is not None for _, result, _ in steps[1:])
    page = steps[-1][2]
    live = live_figure.LIVE[(TOY, "wide")]
    # Two x ranges (0-100 and 0-120) for each of the two panels, drawn once each.
    assert sorted(key[0] for key in live.axis_groups) == ["a0-xaxis", "a0-xaxis", "a1-xaxis", "a1-xaxis"]
    assert drawing(page) == drawing(fresh_svg(TOY, moves[-1]))


def test_an_artist_that_vanishes_and_comes_back_is_patched_in_its_place():
    # x = 0: no gradient, so no step: the arrow and the drop to the new loss are not drawn.
    moves = [{}, {"x": 0.0}, {"x": 0.1}, {"x": 0.0}, {}]
    for index, (values, result, page) in enumerate(replay(CHAIN, moves)):
        assert index == 0 or result["patch_of"] is not None
        assert drawing(page) == drawing(fresh_svg(CHAIN, values)), values
        if index == 1:
            for gone in ("a0-line2d6", "a0-line2d5", "a1-line2d6", "a1-line2d5"):
                assert f'<g id="{gone}"></g>' in result["svg"]  # an empty group keeps its place
        if index == 2:
            assert '<g id="a0-line2d6"><path' in result["svg"]  # drawn in its place again


def test_both_axes_moving_is_a_patch():
    (_, first, _), (_, diverged, page) = replay(SGD, [{}, {"lr": 1.1}])  # new x and y limits
    assert diverged["patch_of"] == first["revision"]
    assert {"a0-xaxis", "a0-yaxis"} <= set(re.findall(r'<g id="(a\d-\w+)"', diverged["svg"]))
    assert drawing(page) == drawing(fresh_svg(SGD, {"lr": 1.1}))


def test_a_patch_carries_only_what_changed():
    (_, first, _), (_, moved, _) = replay(SGD, [{}, {"lr": 0.16}])
    assert moved["patch_of"] == first["revision"]
    # A new lr moves the path of steps and changes the title; the axes' limits stay.
    assert re.findall(r'<g id="([^"]+)"', moved["svg"]) == ["a0-line2d2", "a0-title"]
    assert len(moved["svg"]) < len(first["svg"]) / 2
    assert "SGD con Learning Rate: 0.16" in moved["svg"]
    assert "Peso (w)" not in moved["svg"]  # the axis labels did not change


def test_a_page_showing_another_revision_gets_a_whole_figure():
    results = [result for _, result, _ in replay(SGD, [{}, {"lr": 0.16}])]
    again = widget_render.render(SGD, {"lr": 0.21}, shown=results[0]["revision"])
    assert again["patch_of"] is None
    assert drawing(again["svg"]) == drawing(fresh_svg(SGD, {"lr": 0.21}))


def test_a_failed_update_leaves_no_half_drawn_figure(monkeypatch):
    _, result, _ = next(replay(TOY, [{}]))

    def broken(*args):  # fails after the lines and titles were updated
        raise ValueError("roto")

    monkeypatch.setattr("toy_problem.show_notice", broken)
    with pytest.raises(ValueError):
        widget_render.render(TOY, {"lr": 0.011}, shown=result["revision"])
    monkeypatch.undo()
    after = widget_render.render(TOY, {"lr": 0.011}, shown=result["revision"])
    assert after["patch_of"] is None
    assert drawing(after["svg"]) == drawing(fresh_svg(TOY, {"lr": 0.011}))


@pytest.mark.parametrize("name", SEQUENCES)
def test_every_widget_is_built_once_then_updated(name):
    live_figure.forget(name)
    widget_render.render(name, {})
    figure = live_figure.LIVE[(name, "wide")].figure
    widget_render.render(name, SEQUENCES[name][1])
    assert live_figure.LIVE[(name, "wide")].figure is figure


def test_the_comparison_sees_a_moved_slider():
    assert drawing(fresh_svg(SGD, {"lr": 0.16})) != drawing(fresh_svg(SGD, {"lr": 0.21}))
    assert drawing(fresh_svg(TOY, {"seed": 5})) != drawing(fresh_svg(TOY, {}))


def matplotlib_svg(figure):
    """The figure as matplotlib's own SVG backend writes it, in the same compact form."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata=live_figure.SVG_METADATA)
    return live_figure.compact(live_figure.presentation_attributes(buffer.getvalue()))


@pytest.mark.parametrize("name, values", [(name, values) for name, sequence in SEQUENCES.items()
                                          for values in sequence[:-1]])
def test_figures_paint_what_matplotlib_paints_in_fewer_nodes(name, values):
    """The figures the page gets write markers and tick lines in fewer nodes than matplotlib's
    SVG backend: one path per kind of tick line of an axis, one per line's opaque markers.
    The same paths and texts are painted, in the same order but for the tick lines, whose
    kinds are drawn one after the other (lines of different ticks do not overlap)."""
    figure = fresh_figure(name, values)
    ours, theirs = live_figure.figure_svg(figure), matplotlib_svg(figure)
    assert "<use" in theirs and "<use" not in ours
    assert len(parse(ours).findall(".//*")) < 0.8 * len(parse(theirs).findall(".//*"))
    ours_shapes, their_shapes = painted_shapes(ours), painted_shapes(theirs)
    assert len(ours_shapes) > 30
    assert same_shapes(sorted_shapes(ours_shapes), sorted_shapes(their_shapes))
    # Outside the axes' ticks, the order is matplotlib's.
    tick_lines = re.compile(r'<path d="[^"]*"[^>]*/>')
    not_ticks = [shape for shape in ours_shapes if not is_tick_line(shape)]
    assert same_shapes(not_ticks, [shape for shape in their_shapes if not is_tick_line(shape)])


def is_tick_line(shape):
    """Grid lines (white, in ggplot's style) and tick marks (ggplot's #555555)."""
    attributes = dict(shape[0])
    return attributes.get("stroke") in ("#ffffff", "#555555") and shape[1] in ("ML", "MLz")


def test_the_shape_comparison_sees_a_marker_moved_by_a_thousandth():
    figure = fresh_figure(SGD, {"lr": 0.16})
    theirs = matplotlib_svg(figure)
    moved = re.sub(r'(<use [^>]*x=")([\d.]+)"', lambda m: f'{m.group(1)}{float(m.group(2)) + 0.001:f}"', theirs, count=1)
    assert moved != theirs
    assert same_shapes(painted_shapes(theirs), painted_shapes(theirs))
    assert not same_shapes(painted_shapes(moved), painted_shapes(theirs))


def test_the_shape_comparison_sees_a_marker_vertex_moved_by_a_thousandth():
    ours = live_figure.figure_svg(fresh_figure(SGD, {"lr": 0.16}))
    moved = re.sub(r'(<path d="M )([\d.]+)( [^"]*" fill="none" marker-start)',
                   lambda m: f"{m.group(1)}{float(m.group(2)) + 0.001:f}{m.group(3)}", ours, count=1)
    assert moved != ours
    assert not same_shapes(painted_shapes(moved), painted_shapes(ours))


@pytest.mark.parametrize("values", [{}, {"updates": 200}, {"lr": 0.02, "updates": 100}, {"lr": 0.5, "updates": 200}])
def test_each_marker_is_painted_on_its_own_once(values):
    """Translucent markers darken where they overlap, one painted over the other, as
    matplotlib's <use>s are: a <marker> at each vertex of a path is painted on its own. Each
    line's markers are one such path, whose last vertex is written twice and gets no marker:
    one marker per point, as many as matplotlib's backend writes <use>s."""
    figure = fresh_figure(BATCHES, values)
    ours, theirs = live_figure.figure_svg(figure), matplotlib_svg(figure)
    root = parse(ours)
    translucent = [marker for marker in root.iter(SVG + "marker") if marker[0].get("fill-opacity")]
    assert translucent, "the SGD line's markers are translucent"
    marked = [path for path in root.iter(SVG + "path") if path.get("marker-mid")]
    assert len(marked) >= 3 + 3 + 2  # the three lines, the legends' handles, start and minimum
    painted = 0
    for path in marked:
        assert path.get("marker-start") == path.get("marker-mid") and path.get("marker-end") is None
        [(commands, numbers)] = subpaths(path.get("d"))
        assert set(commands) <= set("ML") and numbers[-2:] == numbers[-4:-2], "the last vertex twice"
        painted += len(numbers) // 2 - 1
    assert painted == theirs.count("<use ") > values.get("updates", 50)


def test_a_tick_styled_apart_is_drawn_as_matplotlib_draws_it():
    figure = fresh_figure(SGD, {"lr": 0.16})
    axis = figure.axes[0].xaxis
    axis._update_ticks()  # the ticks it will draw exist now
    axis.get_major_ticks()[1].gridline.set_color("red")
    ours, theirs = live_figure.figure_svg(figure), matplotlib_svg(figure)
    assert 'stroke="#ff0000"' in ours
    assert same_shapes(sorted_shapes(painted_shapes(ours)), sorted_shapes(painted_shapes(theirs)))


def test_texts_of_every_kind_are_written_as_matplotlib_writes_them():
    """Plain one-line texts take a shorter way to their <text> element (live_figure's
    draw_text_plainly); the others (mathtext, several lines, rotated, boxed, clipped,
    translucent, bold) go matplotlib's way or share only its font declaration: every one
    must come out as matplotlib's SVG backend writes it."""
    figure, axes = plt.subplots(figsize=(6, 4))
    axes.plot([0, 1], [0, 1e5])
    axes.set_title("Título: w = −0.50 → 1.25", loc="left")
    axes.set_xlabel("Iteración")
    axes.set_ylabel("Pérdida", rotation=90)
    axes.text(0.1, 2e4, "izquierda arriba", ha="left", va="top", color="purple", alpha=0.5)
    axes.text(0.5, 4e4, "derecha\ncentro", ha="right", va="center", fontweight="bold", fontstyle="italic")
    axes.text(0.9, 6e4, "$10^{5}$ y $\\alpha$", ha="center", va="baseline")
    axes.text(0.2, 8e4, "girado", rotation=30, rotation_mode="anchor")
    axes.text(0.4, 8e4, "con caja", bbox={"facecolor": "white"})
    axes.text(0.6, 9e4, "recortado", clip_on=True)
    axes.text(2.0, 5e4, "fuera del recorte", clip_on=True)
    axes.text(0.7, 1e4, "precio: \\$5", fontsize=9, fontstretch="condensed")
    axes.text(0.3, 3e4, "color de un arreglo", color=np.array([0.2, 0.4, 0.6]), alpha=0.7)
    figure.text(0.5, 0.01, "aviso de la figura", ha="center", fontfamily="monospace")
    ours, theirs = live_figure.figure_svg(figure), matplotlib_svg(figure)
    plt.close(figure)
    ours_texts = [shape for shape in painted_shapes(ours) if shape[1].startswith("text")]
    their_texts = [shape for shape in painted_shapes(theirs) if shape[1].startswith("text")]
    assert len(ours_texts) >= 12
    assert ours_texts == their_texts


@pytest.mark.parametrize("scale, limits", [("linear", (-0.37, 2.9)), ("linear", (5.0, -3.0)), ("log", (0.2, 3e7)),
                                           ("symlog", (0, 8800)), ("linear", (0.999999, 1.000001))])
def test_patches_place_ticks_as_matplotlib_does(scale, limits):
    """A patch's axis finds which ticks it draws in one transform call (tick_lines.update_ticks):
    the same ticks, with the same labels, as matplotlib's tick-by-tick way."""
    figure, axes = plt.subplots(figsize=(6, 4))
    axes.set_xscale(scale)
    axes.set_xlim(*limits)
    ours = [(tick.get_loc(), tick.label1.get_text()) for tick in tick_lines.update_ticks(axes.xaxis)]
    theirs = [(tick.get_loc(), tick.label1.get_text()) for tick in axes.xaxis._update_ticks()]
    plt.close(figure)
    assert len(theirs) >= 3
    assert ours == theirs


def test_tick_space_is_matplotlibs_for_every_box_and_label_size():
    """tick_lines.tick_space_once_per_box answers Axis.get_tick_space from what it depends on
    (axes box, dpi, tick label size): matplotlib's answer, also after the figure, the axes or
    the label size change, and matplotlib's own method again once the context ends."""
    from matplotlib.axis import XAxis, YAxis
    own = {cls: cls.__dict__["get_tick_space"] for cls in (XAxis, YAxis)}
    figure, (left, right) = plt.subplots(1, 2, figsize=(9, 4))

    def spaces():
        return [axis.get_tick_space() for axes in (left, right) for axis in (axes.xaxis, axes.yaxis)]

    def changes():
        yield
        figure.set_size_inches(4, 2.5)
        yield
        right.set_position([0.6, 0.1, 0.3, 0.2])
        yield
        left.tick_params(axis="x", labelsize=22)
        yield
        figure.set_dpi(100)
        yield

    tick_lines.TICK_SPACES.clear()
    seen = set()
    for _ in changes():
        theirs = spaces()
        with tick_lines.tick_space_once_per_box():
            ours, again = spaces(), spaces()
        assert ours == again == theirs
        seen.add(tuple(theirs))
    plt.close(figure)
    assert len(seen) >= 4  # each change moved some answer: none was kept past what it depends on
    assert {cls: cls.__dict__["get_tick_space"] for cls in (XAxis, YAxis)} == own


@pytest.mark.parametrize("horizontal", ["left", "center", "right"])
@pytest.mark.parametrize("vertical", ["top", "bottom", "center", "baseline", "center_baseline"])
def test_one_line_layouts_are_matplotlibs(horizontal, vertical):
    """text_layout lays out a new one-line text on floats: the same box, line place and
    descent as Text._get_layout, to the last bit."""
    figure, axes = plt.subplots(figsize=(6, 4))
    renderer = live_figure.FigureRenderer(432, 288, io.StringIO())
    strings = ["0.35", "−1.2", "", "lp", "Paso de SGD: w = 0.50 → 0.61", "$10^{5}$", "ÁÉ gy", "1e6"]
    for string, size, multialignment in itertools.product(strings, [9, 13.5], [None, "center", "right"]):
        text = axes.text(0.3, 0.4, string, ha=horizontal, va=vertical, fontsize=size, multialignment=multialignment)
        ours, theirs = text_layout.one_line_layout(text, renderer), Text._get_layout(text, renderer)
        assert tuple(ours[0].bounds) == tuple(theirs[0].bounds), (string, size)
        assert [(line, size, float(x), float(y)) for line, size, x, y in ours[1]] == \
            [(line, size, float(x), float(y)) for line, size, x, y in theirs[1]], (string, size)
        assert ours[2] == theirs[2]
        text.remove()
    for other in (axes.text(0, 0, "dos\nlíneas"), axes.text(0, 0, "girado", rotation=30),
                  axes.text(0, 0, "anclado", rotation=0, rotation_mode="anchor")):
        assert text_layout.one_line_layout(other, renderer) is None  # matplotlib's own layout then
    plt.close(figure)


# Limits that cross what an axis' drawing depends on: new ticks, an offset text ("1e6"), ends
# reversed, and back to limits seen before (an axis drawn from its kept SVG).
LIMIT_MOVES = {
    "linear": [((0, 10), (0, 1)), ((0.5, 12.5), (-0.3, 1.7)), ((1e6, 1e6 + 5), (-2.5, 2.5)), ((3, -1), (0.1, 0.2)),
               ((0, 10), (0, 1))],
    "log": [((1, 1e3), (1e-2, 1e2)), ((0.5, 40), (1e-1, 5e5)), ((2, 3.5), (1, 1e9)), ((1, 1e3), (1e-2, 1e2))],
    "symlog": [((0, 10), (-1, 1)), ((-50, 8800), (-1e4, 30)), ((0.5, 2), (0, 0.1)), ((0, 10), (-1, 1))],
}


def limits_figure(scale, sides, limits):
    figure, axes = plt.subplots(figsize=(6, 4))
    axes.plot([0.5, 2, 8, 900], [0.05, 0.5, 3, 80], "o-")
    axes.set_xscale(scale)
    axes.set_yscale(scale)
    axes.set_xlabel("Iteración")
    axes.set_ylabel("Pérdida")
    axes.set_title("Límites que cambian")
    if sides == "both sides":  # labels on the top and right too, the axis labels there
        axes.tick_params(top=True, right=True, labeltop=True, labelright=True)
        axes.tick_params(axis="x", direction="in", length=6)  # the spine's box grows inwards
        axes.tick_params(axis="y", direction="inout")
        axes.xaxis.set_label_position("top")
        axes.yaxis.set_label_position("right")
    elif sides == "no tick labels":  # the axis labels placed past the spines' ticks alone
        axes.tick_params(labelbottom=False, labelleft=False, direction="inout", length=7)
    elif sides == "rotated":  # drawn by matplotlib's own Text.draw
        axes.tick_params(axis="x", labelrotation=35)
        axes.tick_params(axis="y", labelrotation=90)
    axes.set_xlim(*limits[0])
    axes.set_ylim(*limits[1])
    plt.close(figure)
    return figure, axes


@pytest.mark.parametrize("sides", ["one side", "both sides", "no tick labels", "rotated"])
@pytest.mark.parametrize("scale", sorted(LIMIT_MOVES))
def test_axes_whose_limits_move_draw_what_matplotlib_draws(scale, sides):
    """An axis drawn again after its limits moved (its labels placed in one call, measured
    from their layouts and written directly, the axis label and offset text placed past
    them) draws what a fresh figure draws, and paints what matplotlib's SVG backend paints:
    the same tick labels (text and place, to the written digit), lines and axis labels."""
    moves = LIMIT_MOVES[scale]
    figure, axes = limits_figure(scale, sides, moves[0])
    live = live_figure.LiveFigure(figure)
    page = parse(live.svg()[0])
    patches = 0
    for limits in moves[1:]:
        axes.set_xlim(*limits[0])
        axes.set_ylim(*limits[1])
        svg, patch_of = live.svg(shown=live.revision)
        assert patch_of is not None, "new limits are a patch of the axes"
        patches += 1
        page = apply_patch(page, svg)
        fresh_figure, _ = limits_figure(scale, sides, limits)
        assert drawing(page) == drawing(live_figure.figure_svg(fresh_figure)), limits
        theirs = matplotlib_svg(limits_figure(scale, sides, limits)[0])
        ours_shapes, their_shapes = sorted_shapes(painted_shapes(page)), sorted_shapes(painted_shapes(theirs))
        assert same_shapes(ours_shapes, their_shapes), limits
        texts = [shape for shape in ours_shapes if shape[1].startswith("text")]
        assert len(texts) >= (3 if sides == "no tick labels" else 6), "tick labels are drawn"
    assert patches == len(moves) - 1

def test_markers_go_where_matplotlib_puts_them():
    """marker_points (one call for a path of lines) against RendererSVG's loop over the segments:
    NaN gaps left out, points far off the canvas (a diverging run) moved to its edge, curves."""
    import numpy as np
    from matplotlib.path import Path
    from matplotlib.transforms import Affine2D

    rng = np.random.default_rng(0)
    flip, canvas = Affine2D().scale(1.0, -1.0).translate(0, 400), (0, 0, 648, 400)
    paths = [Path.unit_circle().transformed(Affine2D().scale(100).translate(300, 200))]
    for trial in range(60):
        vertices = rng.normal(300, 300, (int(rng.integers(1, 40)), 2))
        vertices[rng.integers(0, len(vertices))] = (np.nan, 1.0) if trial % 2 else (1e9, -1e9)
        paths.append(Path(vertices))
    for path in paths:
        theirs = [vertices[-2:] for vertices, _ in path.iter_segments(flip, clip=canvas, simplify=False)
                  if len(vertices)]
        np.testing.assert_array_equal(live_figure.marker_points(path, flip, canvas),
                                      np.array(theirs, dtype=float).reshape(-1, 2))


@pytest.mark.parametrize("name", SEQUENCES)
def test_a_figure_drawn_ahead_then_moved_draws_what_a_fresh_figure_draws(name):
    """widget_render.prepare draws the figure ahead (the page's values, then each slider moved
    one position, as patches); the page, which shows no revision of it, then gets a whole
    figure equal to a fresh one, and its later moves patch that."""
    live_figure.forget(name)
    widget_render.PREPARING.clear()
    widget_render.prepare(name, {})
    function = widget_render.find_widget(name)
    assert len(widget_render.PREPARING) == 1 + len(function.controls)
    revisions = []
    while widget_render.PREPARING:
        left = widget_render.prepare_next()
        assert left == len(widget_render.PREPARING)
        revisions.append(live_figure.LIVE[(name, "wide")].revision)
    assert len(set(revisions)) == len(revisions)  # every step drew
    first, second = SEQUENCES[name][1], SEQUENCES[name][2]
    result = widget_render.render(name, first, shown=None)
    assert result["patch_of"] is None
    assert drawing(parse(result["svg"])) == drawing(fresh_svg(name, first))
    moved = widget_render.render(name, second, shown=result["revision"])
    assert moved["patch_of"] == result["revision"]
    assert drawing(apply_patch(parse(result["svg"]), moved["svg"])) == drawing(fresh_svg(name, second))


def test_nothing_is_drawn_ahead_for_a_figure_the_page_may_show():
    """The page's render takes over: queued steps of that figure are dropped, and a figure
    already drawn (the page may show it) is never drawn ahead (it would become a whole figure)."""
    for name in (SGD, TOY):
        live_figure.forget(name)
    widget_render.PREPARING.clear()
    widget_render.prepare(SGD, {"lr": 0.21})
    widget_render.prepare(TOY, {})
    widget_render.prepare(SGD, {})  # asked twice: queued once
    assert [step[0] for step in widget_render.PREPARING].count(SGD) == 3  # whole + lr + steps
    assert widget_render.PREPARING[0][1] == {"lr": 0.21, "steps": 10}
    assert widget_render.PREPARING[1][1] == {"lr": 0.26, "steps": 10}  # the next position
    assert widget_render.PREPARING[2][1] == {"lr": 0.21, "steps": 11}
    widget_render.prepare_next()
    shown = widget_render.render(SGD, {"lr": 0.31}, shown=None)
    assert {step[0] for step in widget_render.PREPARING} == {TOY}
    widget_render.prepare(SGD, {})
    assert {step[0] for step in widget_render.PREPARING} == {TOY}
    while widget_render.prepare_next():
        pass
    again = widget_render.render(SGD, {"lr": 0.36}, shown=shown["revision"])
    assert again["patch_of"] == shown["revision"]  # left alone: still what the page shows


def test_drawing_ahead_stops_for_a_widget_whose_draw_fails(monkeypatch):
    for name in (SGD, TOY):
        live_figure.forget(name)
    widget_render.PREPARING.clear()
    widget_render.prepare(SGD, {})
    widget_render.prepare(TOY, {})
    monkeypatch.setattr(live_figure.LiveFigure, "svg", lambda *args: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        widget_render.prepare_next()
    assert {step[0] for step in widget_render.PREPARING} == {TOY}
    assert (SGD, "wide") not in live_figure.LIVE
    widget_render.PREPARING.clear()


def test_the_warm_up_draws_the_first_figure_asked_for_ahead():
    """The worker's warm-up right after start-up draws the first figure the page asked for
    (asked while Python started): the reader's first move on it finds it built."""
    for name in (SGD, TOY):
        live_figure.forget(name)
    widget_render.PREPARING.clear()
    widget_render.prepare(SGD, {"lr": 0.36})
    widget_render.prepare(TOY, {})
    widget_render.warm_up()
    assert (SGD, "wide") in live_figure.LIVE and (TOY, "wide") not in live_figure.LIVE
    steps = widget_render.PREPARING
    assert [step[0] for step in steps if not step[2]] == [TOY]  # only SGD's first step was drawn
    assert {step[0] for step in steps if step[2]} == {SGD, TOY}  # the moves one position ahead wait
    built = live_figure.LIVE[(SGD, "wide")]
    first = widget_render.render(SGD, {"lr": 0.41})  # the page shows its pre-rendered figure
    assert live_figure.LIVE[(SGD, "wide")] is built
    assert first["patch_of"] is None
    assert drawing(first["svg"]) == drawing(fresh_svg(SGD, {"lr": 0.41}))
    widget_render.PREPARING.clear()


def test_a_widget_in_view_is_drawn_ahead_first():
    """prepare(..., soon=True): the widget the reader sees goes before those queued earlier
    (asked again: its queued steps move to the front, none twice), and the worker is told to
    wait less before it (next_soon); the warm-up then draws it first."""
    for name in (SGD, TOY, CHAIN):
        live_figure.forget(name)
    widget_render.PREPARING.clear()
    widget_render.prepare(SGD, {})
    widget_render.prepare(TOY, {})
    assert not widget_render.next_soon()
    widget_render.prepare(CHAIN, {}, soon=True)
    chain_steps = 1 + len(widget_render.find_widget(CHAIN).controls)
    assert [step[0] for step in widget_render.PREPARING[:chain_steps]] == [CHAIN] * chain_steps
    assert widget_render.next_soon()
    widget_render.prepare(TOY, {"epochs": 30}, soon=True)  # queued already: moved, values kept
    order = [step[0] for step in widget_render.PREPARING]
    assert order == [TOY] * 3 + [CHAIN] * chain_steps + [SGD] * 3
    assert widget_render.PREPARING[0][1] == {"epochs": 100, "lr": 0.01}
    assert [step[4] for step in widget_render.PREPARING] == [True] * (3 + chain_steps) + [False] * 3
    widget_render.warm_up()
    assert (TOY, "wide") in live_figure.LIVE and (SGD, "wide") not in live_figure.LIVE
    while widget_render.next_soon():
        widget_render.prepare_next()
    assert {step[0] for step in widget_render.PREPARING} == {SGD}
    assert (CHAIN, "wide") in live_figure.LIVE
    widget_render.prepare(CHAIN, {}, soon=True)  # drawn already: the page may show it
    assert not widget_render.next_soon()
    widget_render.PREPARING.clear()


def test_a_warm_up_whose_figure_fails_warms_up_without_it(monkeypatch):
    live_figure.forget(SGD)
    widget_render.PREPARING.clear()
    widget_render.prepare(SGD, {})
    monkeypatch.setattr(live_figure.LiveFigure, "svg", lambda *args: 1 / 0)
    opened = plt.get_fignums()
    widget_render.warm_up()  # no exception: the page's render of that widget says what fails
    assert (SGD, "wide") not in live_figure.LIVE and not widget_render.PREPARING
    assert plt.get_fignums() == opened


def test_the_slider_moved_ahead_is_the_next_position_or_the_one_before_at_the_end():
    function = widget_render.find_widget(SGD)
    lr = function.controls["lr"]
    assert widget_render.next_position(lr, 0.1) == 0.11  # the author's default, then the grid
    assert widget_render.next_position(lr, 1.1) == 1.06
