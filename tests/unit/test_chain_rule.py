"""chain_rule: the tiny network's forward and backward pass, checked against finite differences,
and the explorer's figure, notices and table.

Warnings are errors (pyproject), so every test here also checks that no numpy RuntimeWarning
(overflow, invalid value) is raised.
"""

import math
import re
import statistics
import time

import numpy as np
import pytest

import chain_rule
import widget_render
from chain_rule import explore_chain_rule, format_number, forward_backward, loss, sigmoid
from controls import FloatSlider, defaults
from lesson_style import plt
from tests.unit.conftest import fields
from widget_render import figure_notice, figure_titles
import live_figure
from live_figure import build, fresh
from tests.unit.svg_drawing import drawing
from tests.unit.test_live_figure import fresh_svg, replay

WIDGET = "chain_rule.explore_chain_rule"
CONTROLS = explore_chain_rule.controls
DEFAULTS = {"w": 0.5, "b": 0.0, "x": 1.5, "y": 1.0, "eta": 1.0}




# --- forward_backward: the chain rule against finite differences -------------------------------

# A spread of every slider's positions: 17 values of w, each against 9 × 11 × 6 (b, x, y).
# The lesson says the two never differ by more than 10⁻⁹ (the brief asked for 10⁻⁶).
@pytest.mark.parametrize("w", CONTROLS["w"].positions()[::5])
def test_chain_rule_equals_finite_differences_over_the_sliders(w):
    for b in CONTROLS["b"].positions()[::10]:
        for x in CONTROLS["x"].positions()[::6]:
            for y in CONTROLS["y"].positions()[::4]:
                grads = forward_backward(w, b, x, y)
                assert grads.dL_dw == pytest.approx(grads.dL_dw_numeric, abs=1e-9)
                assert grads.dL_db == pytest.approx(grads.dL_db_numeric, abs=1e-9)


def test_forward_values_at_the_defaults():
    grads = forward_backward(0.5, 0.0, 1.5, 1.0)
    a = 1 / (1 + math.exp(-0.75))
    assert grads.z == 0.75
    assert grads.a == pytest.approx(a, rel=1e-15)
    assert grads.L == pytest.approx((a - 1.0) ** 2, rel=1e-14)


@pytest.mark.parametrize("w, b, x, y", [(0.5, 0.0, 1.5, 1.0), (-2.3, 1.1, -0.7, 0.25),
                                        (4.0, -4.0, 3.0, 0.0), (0.0, 0.0, 0.0, 0.5)])
def test_local_derivatives_and_their_products(w, b, x, y):
    grads = forward_backward(w, b, x, y)
    sigma = 1 / (1 + math.exp(-(w * x + b)))
    assert grads.dL_da == pytest.approx(2 * (grads.a - y), rel=1e-15)
    assert grads.da_dz == pytest.approx(sigma * (1 - sigma), rel=1e-12)
    assert grads.dz_dw == x and grads.dz_db == 1.0
    assert grads.dL_dw == grads.dL_da * grads.da_dz * grads.dz_dw
    assert grads.dL_db == grads.dL_da * grads.da_dz * grads.dz_db


def test_forward_backward_returns_floats_in_a_frozen_record():
    grads = forward_backward(0.5, 0.0, 1.5, 1.0)
    values = vars(grads)
    assert list(values) == ["z", "a", "L", "dL_da", "da_dz", "dz_dw", "dz_db", "dL_dw", "dL_db",
                            "dL_dw_numeric", "dL_db_numeric"]
    assert all(isinstance(value, float) for value in values.values())
    assert isinstance(forward_backward(1, 0, 2, 1).dz_dw, float)  # ints from a caller, too
    with pytest.raises(AttributeError):
        grads.L = 0.0


def test_sigmoid_is_the_logistic_function_and_never_overflows():
    z = np.linspace(-30, 30, 121)
    np.testing.assert_allclose(sigmoid(z), 1 / (1 + np.exp(-z)), rtol=1e-12, atol=1e-15)
    assert sigmoid(-1000.0) == 0.0 and sigmoid(1000.0) == 1.0  # no overflow warning


def test_loss_works_on_an_array_of_weights():
    ws = np.linspace(-4, 4, 9)
    expected = [float(forward_backward(w, 0.3, -1.2, 0.4).L) for w in ws]
    np.testing.assert_allclose(loss(ws, 0.3, -1.2, 0.4), expected, rtol=1e-14)


def test_central_difference_of_a_cubic():
    # (f(v+h) - f(v-h)) / 2h of v³ is 3v² + h²: exact up to rounding for h = 1e-6.
    assert chain_rule.central_difference(lambda v: v**3, 2.0) == pytest.approx(12.0, abs=1e-8)


# --- the explorer's figure --------------------------------------------------------------------

def test_titles_carry_the_current_values():
    output = fresh(explore_chain_rule, **DEFAULTS)
    grads = forward_backward(0.5, 0.0, 1.5, 1.0)
    w_new = 0.5 - 1.0 * grads.dL_dw
    whole, zoom = output.figure.axes
    assert whole.get_title() == "L(w) con b = 0.00, x = 1.50, y = 1.00"
    assert zoom.get_title() == f"Paso de SGD: w = 0.50 → {w_new:.2f}" == "Paso de SGD: w = 0.50 → 0.71"
    other = fresh(explore_chain_rule, w=-1.2, b=2.5, x=-0.4, y=0.35, eta=2.0).figure
    assert figure_titles(other).startswith("L(w) con b = 2.50, x = -0.40, y = 0.35 · Paso de SGD: w = -1.20 → ")


@pytest.mark.parametrize("values", [DEFAULTS, {"w": -1.2, "b": 2.5, "x": -0.4, "y": 0.35, "eta": 2.0}])
def test_tangent_has_the_chain_rule_slope_and_the_step_lands_on_the_curve(values):
    figure = fresh(explore_chain_rule, **values).figure
    grads = forward_backward(values["w"], values["b"], values["x"], values["y"])
    w_new = values["w"] - values["eta"] * grads.dL_dw
    for axes in figure.axes:
        curve, tangent, current, new = axes.get_lines()[:4]
        (w0, w1), (l0, l1) = tangent.get_xdata(), tangent.get_ydata()
        assert (l1 - l0) / (w1 - w0) == pytest.approx(grads.dL_dw, rel=1e-9, abs=1e-12)
        assert w0 <= values["w"] <= w1
        assert (current.get_xdata()[0], current.get_ydata()[0]) == (values["w"], grads.L)
        assert new.get_xdata()[0] == pytest.approx(w_new, rel=1e-15)
        assert new.get_ydata()[0] == pytest.approx(loss(w_new, values["b"], values["x"], values["y"]))
        np.testing.assert_allclose(curve.get_ydata(),
                                   loss(curve.get_xdata(), values["b"], values["x"], values["y"]))
        # The step: a horizontal arrow at the current loss, from w to the new w, its head there.
        drop, arrow = axes.get_lines()[4:6]
        assert arrow.get_visible() and drop.get_visible()
        assert list(arrow.get_xdata()) == [values["w"], w_new] and list(arrow.get_ydata()) == [grads.L] * 2
        assert list(arrow.get_markevery()) == [1]  # a head at the new w only
        head = arrow.get_marker().vertices
        assert tuple(head[0]) == (0, 0)  # the tip is the marker's origin: it ends at the new w
        assert np.sign(-head[1:3, 0].mean()) == np.sign(w_new - values["w"])  # pointing away from w
        assert list(drop.get_xdata()) == [w_new] * 2 and drop.get_ydata()[0] == grads.L


def test_whole_panel_shows_the_landing_point_even_outside_the_slider_range():
    values = {"w": 4.0, "b": -2.0, "x": 0.5, "y": 1.0, "eta": 3.0}
    grads = forward_backward(4.0, -2.0, 0.5, 1.0)
    w_new = 4.0 - 3.0 * grads.dL_dw
    assert w_new > 4.0
    whole = fresh(explore_chain_rule, **values).figure.axes[0]
    low, high = whole.get_xlim()
    assert low <= -4.0 and high >= w_new


def test_x_zero_says_nothing_about_w_but_moves_b():
    grads = forward_backward(0.5, 0.0, 0.0, 1.0)
    assert grads.dz_dw == 0.0 and grads.dL_dw == 0.0
    assert grads.dL_db == pytest.approx(-0.25)  # 2(0.5 − 1) · 0.25 · 1


def test_zero_gradient_draws_no_arrow():
    figure = fresh(explore_chain_rule, w=0.5, b=0.0, x=0.0, y=1.0, eta=1.0).figure
    assert figure_titles(figure).endswith("Paso de SGD: w = 0.50 → 0.50")
    for axes in figure.axes:
        drop, arrow = axes.get_lines()[4:6]
        assert not arrow.get_visible() and not drop.get_visible()
        assert all(line.get_visible() for line in axes.get_lines()[:4])  # the curve, tangent, w


# --- the zoomed panel's frame: limits snapped to a round grid ---------------------------------

def test_round_steps_and_snapped_limits():
    assert chain_rule.round_step(0.6 / 3) == 0.2  # 0.20000000000000004: rounding, not a larger step
    assert chain_rule.round_step(0.21) == 0.25
    assert chain_rule.round_step(0.0031) == 0.005
    assert chain_rule.round_step(4.0) == 5.0 and chain_rule.round_step(1.0) == 1.0
    assert chain_rule.snapped_outward(0.305, 0.905, 3) == (0.2, 1.0)
    assert chain_rule.snapped_outward(-0.905, -0.305, 3) == (-1.0, -0.2)
    assert chain_rule.snapped_outward(0.0211, 0.1049, 8) == (0.02, 0.12)  # a step of 0.0105 -> 0.02
    assert chain_rule.snapped_outward(0.4, 0.8, 2) == (0.4, 0.8)  # already on the grid


@pytest.mark.parametrize("w", CONTROLS["w"].positions()[::8])
def test_the_zoomed_frame_holds_the_step_and_fits_the_curve(w):
    figure = build(explore_chain_rule)
    whole, zoom = figure.axes
    for b in CONTROLS["b"].positions()[::20]:
        for x in CONTROLS["x"].positions()[::15]:
            for y in CONTROLS["y"].positions()[::10]:
                for eta in CONTROLS["eta"].positions()[::20]:
                    explore_chain_rule.update(figure, w=w, b=b, x=x, y=y, eta=eta)
                    grads = forward_backward(w, b, x, y)
                    w_new = w - eta * grads.dL_dw
                    L_new = float(loss(w_new, b, x, y))
                    # x: the step with room around it, at most 7/3 of the unsnapped window
                    low, high = zoom.get_xlim()
                    half = max(0.3, 0.8 * abs(w_new - w))
                    assert low <= (w + w_new) / 2 - half and (w + w_new) / 2 + half <= high
                    assert high - low <= 7 / 3 * 2 * half + 1e-12
                    assert round(low, 9) == low and round(high, 9) == high  # round numbers
                    # y: the curve, the current and the new point inside; the curve fills most of it
                    bottom, top = zoom.get_ylim()
                    curve = zoom.get_lines()[0].get_ydata()
                    assert bottom < min(curve.min(), grads.L, L_new) and max(curve.max(), grads.L, L_new) < top
                    if curve.max() - curve.min() > 0.02:  # not a flat stretch (1e-3 of padding each side)
                        assert (curve.max() - curve.min()) / (top - bottom) >= 0.6
                    # the whole panel: the slider's range, widened to a whole number for the new w
                    low, high = whole.get_xlim()
                    assert low <= min(-4.25, w_new - 0.25) and high >= max(4.25, w_new + 0.25)
                    assert low in (-4.25, math.floor(low)) and high in (4.25, math.ceil(high))
                    assert whole.get_ylim() == (-0.08, 1.08)


def test_moves_in_a_snapped_frame_keep_the_zoomed_axes():
    # w = 0.4, 0.5, 0.6 share the zoomed panel's limits, 0.7 leaves them, then it comes back.
    moves = [{"w": 0.4}, {"w": 0.5}, {"w": 0.6}, {"w": 0.7}, {"w": 0.6}, {"w": 0.4}]
    limits = []
    for index, (values, result, page) in enumerate(replay(WIDGET, moves)):
        zoom = live_figure.LIVE[(WIDGET, "wide")].figure.axes[1]
        limits.append((zoom.get_xlim(), zoom.get_ylim()))
        assert drawing(page) == drawing(fresh_svg(WIDGET, values)), values
        patched = set(re.findall(r'<g id="([^"]+)"', result["svg"])) if index else set()
        # the axes are drawn only when the frame changes; the step moves in either case
        assert ({"a1-xaxis", "a1-yaxis"} <= patched) == (index in (3, 4)), (values, patched)
        assert index == 0 or {"a1-line2d3", "a1-line2d6", "a1-title"} <= patched
    assert limits[0] == limits[1] == limits[2] == limits[4] == limits[5] == ((0.2, 1.0), (0.025, 0.2))
    assert limits[3] == ((0.4, 1.2), (0.0, 0.14))
    # each frame's axes were drawn once, the way back reused them
    kept = [key[0] for key in live_figure.LIVE[(WIDGET, "wide")].axis_groups]
    assert sorted(kept) == ["a1-xaxis", "a1-xaxis", "a1-yaxis", "a1-yaxis"]


def test_unchanged_lines_are_not_drawn_again():
    # η moves only the new point (and its arrow and drop): the curve, tangent and w stay.
    moves = [{}, {"eta": 1.05}, {"eta": 1.05, "w": 0.6}]
    steps = list(replay(WIDGET, moves))
    patched = set(re.findall(r'<g id="([^"]+)"', steps[1][1]["svg"]))
    assert patched == {f"a{panel}-{kind}" for panel in (0, 1) for kind in ("line2d4", "line2d5", "line2d6")} | {
        "a1-title"}
    # a move of w leaves the whole panel's curve and title (b, x, y) alone
    patched = set(re.findall(r'<g id="([^"]+)"', steps[2][1]["svg"]))
    assert not {"a0-line2d1", "a0-title"} & patched and {"a0-line2d2", "a0-line2d3", "a1-title"} <= patched
    assert drawing(steps[2][2]) == drawing(fresh_svg(WIDGET, moves[2]))


# --- notices: overshoot and saturation ---------------------------------------------------------

def test_defaults_have_no_notice():
    assert figure_notice(fresh(explore_chain_rule, **DEFAULTS).figure) == ""


def test_a_step_over_the_minimum_is_reported():
    values = {"w": 0.1, "b": 0.0, "x": 3.0, "y": 0.5, "eta": 3.0}
    grads = forward_backward(0.1, 0.0, 3.0, 0.5)
    w_new = 0.1 - 3.0 * grads.dL_dw
    assert loss(w_new, 0.0, 3.0, 0.5) > grads.L
    notice = figure_notice(fresh(explore_chain_rule, **values).figure)
    assert "salta el mínimo" in notice and "η = 3.00" in notice and "Bajen η" in notice


def test_a_saturated_sigmoid_is_reported():
    notice = figure_notice(fresh(explore_chain_rule, w=-4.0, b=-4.0, x=3.0, y=1.0, eta=1.0).figure)
    assert "saturada" in notice and "apenas se mueve" in notice


def test_saturation_at_the_target_is_not_a_problem():
    # a ≈ y = 1 with σ saturated: the gradient is small because the answer is right.
    assert figure_notice(fresh(explore_chain_rule, w=4.0, b=4.0, x=3.0, y=1.0, eta=1.0).figure) == ""


@pytest.mark.parametrize("eta", CONTROLS["eta"].positions()[::6])
def test_overshoot_notice_exactly_when_the_loss_goes_up(eta):
    for w, b, x, y in [(0.1, 0.0, 3.0, 0.5), (0.5, 0.0, 1.5, 1.0), (-1.0, 0.5, 2.0, 0.3)]:
        grads = forward_backward(w, b, x, y)
        goes_up = loss(w - eta * grads.dL_dw, b, x, y) > grads.L + 1e-12
        notice = figure_notice(fresh(explore_chain_rule, w, b, x, y, eta).figure)
        assert ("salta el mínimo" in notice) == goes_up
        plt.close("all")


# --- the table: the numbers as text -------------------------------------------------------------

TABLE_LABELS = [
    "z = w·x + b", "a = σ(z)", "L = (a − y)²", "∂L/∂a = 2(a − y)", "∂a/∂z = σ(z)(1 − σ(z))",
    "∂z/∂w = x", "∂z/∂b = 1", "∂L/∂w = ∂L/∂a · ∂a/∂z · ∂z/∂w", "∂L/∂w por diferencias finitas",
    "∂L/∂b = ∂L/∂a · ∂a/∂z · ∂z/∂b", "∂L/∂b por diferencias finitas", "nuevo w = w − η·∂L/∂w",
]


def test_table_holds_the_right_numbers():
    result = widget_render.render(WIDGET, {})
    table = dict(result["table"])
    assert [label for label, _ in result["table"]] == TABLE_LABELS
    grads = forward_backward(0.5, 0.0, 1.5, 1.0)
    assert table["z = w·x + b"] == "0.75"
    assert table["a = σ(z)"] == "0.679179"
    assert table["L = (a − y)²"] == "0.102926"
    assert table["∂L/∂a = 2(a − y)"] == "-0.641643"
    assert table["∂a/∂z = σ(z)(1 − σ(z))"] == "0.217895"
    assert table["∂z/∂w = x"] == "1.5" and table["∂z/∂b = 1"] == "1"
    assert table["∂L/∂w = ∂L/∂a · ∂a/∂z · ∂z/∂w"] == "-0.209716" == format_number(grads.dL_dw)
    assert table["∂L/∂w por diferencias finitas"] == "-0.209716"
    assert table["∂L/∂b = ∂L/∂a · ∂a/∂z · ∂z/∂b"] == table["∂L/∂b por diferencias finitas"] == "-0.139811"
    assert table["nuevo w = w − η·∂L/∂w"] == "0.709716" == format_number(0.5 - grads.dL_dw)
    assert result["table_caption"]


def test_table_follows_the_sliders():
    values = {"w": -1.2, "b": 2.5, "x": -0.4, "y": 0.35, "eta": 2.0}
    grads = forward_backward(-1.2, 2.5, -0.4, 0.35)
    table = dict(widget_render.render(WIDGET, values)["table"])
    assert table["∂z/∂w = x"] == "-0.4"
    assert table["∂L/∂a = 2(a − y)"] == format_number(2 * (grads.a - 0.35))
    assert table["nuevo w = w − η·∂L/∂w"] == format_number(-1.2 - 2.0 * grads.dL_dw)


@pytest.mark.parametrize("value, text", [
    (0.75, "0.75"), (-0.20971612, "-0.209716"), (1.0, "1"), (-0.0, "0"), (0.0, "0"),
    (1.5e-05, "1.5·10⁻⁵"), (-6.752114e-07, "-6.75211·10⁻⁷"), (123456789.0, "1.23457·10⁸"),
])
def test_numbers_are_plain_unicode_with_six_significant_digits(value, text):
    assert format_number(value) == text


# --- declarations, render, speed --------------------------------------------------------------

def test_sliders_are_declared_as_chosen():
    assert list(CONTROLS) == ["w", "b", "x", "y", "eta"]
    assert fields(CONTROLS["w"]) == (FloatSlider, -4, 4, 0.1, 0.5, "w", "")
    assert fields(CONTROLS["b"]) == (FloatSlider, -4, 4, 0.1, 0.0, "b", "")
    assert fields(CONTROLS["x"]) == (FloatSlider, -3, 3, 0.1, 1.5, "x", "")
    assert fields(CONTROLS["y"]) == (FloatSlider, 0, 1, 0.05, 1.0, "y", "")
    assert fields(CONTROLS["eta"]) == (FloatSlider, 0.05, 3, 0.05, 1.0, "η (learning rate)", "")
    assert explore_chain_rule.seed_argument is None
    assert defaults(explore_chain_rule) == DEFAULTS


def test_render_defaults():
    result = widget_render.render(WIDGET, {})
    assert result["values"] == DEFAULTS
    assert result["readouts"] == {"w": "0.50", "b": "0.00", "x": "1.50", "y": "1.00", "eta": "1.00"}
    assert result["alt"] == "L(w) con b = 0.00, x = 1.50, y = 1.00 · Paso de SGD: w = 0.50 → 0.71"
    assert result["message"] == "" and result["problems"] == []


def test_render_extremes_without_warnings():
    for corner in [{"w": -4, "b": -4, "x": 3, "y": 1, "eta": 3}, {"w": 4, "b": 4, "x": -3, "y": 0, "eta": 3},
                   {"w": 4, "b": -4, "x": -3, "y": 1, "eta": 3}]:
        result = widget_render.render(WIDGET, corner)
        assert result["problems"] == []
        assert "nan" not in result["svg"] and "inf" not in " ".join(v for _, v in result["table"])


def test_svg_is_deterministic():
    first = widget_render.render(WIDGET, {"eta": 2.5})["svg"]
    assert widget_render.render(WIDGET, {"eta": 2.5})["svg"] == first


def test_render_is_fast_enough():
    widget_render.render(WIDGET, {})  # warm caches (fonts, mathtext)
    times = []
    for _ in range(5):
        start = time.perf_counter()
        widget_render.render(WIDGET, {})
        times.append(time.perf_counter() - start)
    assert statistics.median(times) < 1.0
