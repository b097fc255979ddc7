"""sgd_descent: the seed's gradient descent on f(x) = x^2, its figure and its divergence notice."""

import numpy as np
import pytest

import sgd_descent
from lesson_style import WIDE
from widget_render import figure_notice
from live_figure import fresh

LR = sgd_descent.visualize_sgd.controls["lr"]


@pytest.mark.parametrize("lr", LR.positions())
def test_path_matches_closed_form_on_the_slider_grid(lr):
    # x_{k+1} = x_k - lr * 2 x_k = (1 - 2 lr) x_k, so x_k = 9 (1 - 2 lr)^k.
    steps = 50
    history_x, history_y = sgd_descent.sgd_path(lr, steps)
    expected = 9.0 * (1 - 2 * lr) ** np.arange(steps + 1)
    np.testing.assert_allclose(history_x, expected, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(history_y, expected**2, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("steps", [1, 10, 50])
def test_path_has_steps_plus_one_points_from_the_start(steps):
    history_x, history_y = sgd_descent.sgd_path(0.1, steps)
    assert history_x.shape == history_y.shape == (steps + 1,)
    assert history_x[0] == 9.0 and history_y[0] == 81.0


def test_default_figure_has_the_seeds_look():
    figure = fresh(sgd_descent.visualize_sgd, 0.1, 10)
    (axes,) = figure.axes
    assert tuple(figure.get_size_inches()) == WIDE.figsize(10, 6)  # the seed's (10, 6), as shown
    assert axes.get_title() == "SGD con Learning Rate: 0.1"
    assert axes.get_xlabel() == "Peso (w)"
    assert axes.get_ylabel() == "Pérdida (L)"
    assert [text.get_text() for text in axes.get_legend().get_texts()] == [
        "Función de Pérdida $x^2$", "Pasos del SGD"]
    curve, path = axes.get_lines()
    np.testing.assert_allclose(curve.get_xdata(), np.linspace(-10, 10, 101))
    assert curve.get_color() == "b" and curve.get_alpha() == 0.5
    assert path.get_color() == "r" and path.get_marker() == "o"
    history_x, history_y = sgd_descent.sgd_path(0.1, 10)
    np.testing.assert_array_equal(path.get_xdata(), history_x)
    np.testing.assert_array_equal(path.get_ydata(), history_y)
    assert figure_notice(figure) == ""


@pytest.mark.parametrize("lr", LR.positions())
def test_divergence_notice_exactly_when_the_path_moves_away(lr):
    history_x, _ = sgd_descent.sgd_path(lr, 50)
    moves_away = abs(history_x[-1]) > abs(history_x[0])
    notice = figure_notice(fresh(sgd_descent.visualize_sgd, lr, 50))
    assert moves_away == (lr > 1)
    assert ("diverge" in notice) == moves_away


def test_every_notice_can_show_on_the_sliders_grid():
    """The grid goes 0.96 -> 1.01: lr = 1 (x only flips sign) never occurs, so no message is
    written for it; the divergence message shows on the grid's last three positions."""
    positions = LR.positions()
    assert 1.0 not in positions and positions[-4:] == [0.96, 1.01, 1.06, 1.1]
    notices = {sgd_descent.explain_learning_rate(lr) for lr in positions}
    assert notices == {"", sgd_descent.explain_learning_rate(1.1)}
    assert sgd_descent.explain_learning_rate(1.0) == ""
