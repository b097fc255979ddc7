"""toy_problem: the seed's neuron learning y = 2x by pure SGD, reproducible and divergence-safe.

Warnings are errors (pyproject), so every test here also checks that no numpy RuntimeWarning
(overflow, invalid value) is raised.
"""

import numpy as np
import pytest

import toy_problem
from lesson_style import WIDE, plt
from toy_problem import DEFAULT_SEED, DIVERGENCE_LIMIT, X, Y, solve_toy_problem, train_toy
from widget_render import figure_notice
from live_figure import build, fresh

# A sample (seed) for which lr = 0.1 diverges within 100 steps; whether a run diverges depends on
# the sample: see test_lr_0_1_diverges_for_most_samples_over_500_epochs.
DIVERGING_SEED = 0


def test_data_is_y_equals_2x():
    np.testing.assert_array_equal(X, [1, 2, 3, 4, 5])
    np.testing.assert_array_equal(Y, 2 * X)


@pytest.mark.parametrize("epochs", [100, 500])
def test_small_learning_rate_reaches_two(epochs):
    run = train_toy(epochs, 0.01)
    assert not run.diverged
    assert run.w == pytest.approx(2.0, abs=0.01)
    assert run.losses.shape == run.weights.shape == (epochs,)


def test_loss_and_weight_are_recorded_before_each_update():
    lr, epochs, seed = 0.01, 30, 5
    run = train_toy(epochs, lr, seed)
    rng = np.random.default_rng(seed)
    w = 0.0
    for step in range(epochs):
        idx = rng.integers(0, len(X))
        assert run.weights[step] == w
        assert run.losses[step] == (w * X[idx] - Y[idx]) ** 2
        w -= lr * 2 * (w * X[idx] - Y[idx]) * X[idx]
    assert run.w == w


def test_same_seed_same_run_and_other_seed_other_sample():
    first, again = train_toy(200, 0.01), train_toy(200, 0.01, seed=DEFAULT_SEED)
    np.testing.assert_array_equal(first.losses, again.losses)
    np.testing.assert_array_equal(first.weights, again.weights)
    other = train_toy(200, 0.01, seed=DEFAULT_SEED + 1)
    assert not np.array_equal(first.losses, other.losses)


def test_divergence_is_reported_not_crashed():
    run = train_toy(100, 0.1, seed=DIVERGING_SEED)
    assert run.diverged
    assert abs(run.w) > DIVERGENCE_LIMIT and np.isfinite(run.w)
    assert len(run.weights) < 100  # stopped early, as soon as |w| passed the limit
    assert np.all(np.isfinite(run.losses)) and np.all(np.isfinite(run.weights))
    assert np.all(np.abs(run.weights) <= DIVERGENCE_LIMIT)


def test_diverged_figure_says_so_and_uses_a_log_scale():
    figure = fresh(solve_toy_problem, 100, 0.1, seed=DIVERGING_SEED)
    ax1, ax2 = figure.axes
    assert ax2.get_title() == "Evolución del Peso (Final: diverge)"
    assert ax1.get_title().startswith("Pérdida por iteración")
    assert ax1.get_yscale() == "log"
    notice = figure_notice(figure)
    assert "diverge" in notice and "Learning Rate" in notice and "lr" in notice


def test_back_from_divergence_to_a_normal_result():
    # The widget keeps no state: the same sample with a small lr behaves normally again.
    assert fresh(solve_toy_problem, 100, 0.1, seed=DIVERGING_SEED) is not None
    run = train_toy(100, 0.01, seed=DIVERGING_SEED)
    assert not run.diverged and run.w == pytest.approx(2.0, abs=0.01)
    figure = fresh(solve_toy_problem, 100, 0.01, seed=DIVERGING_SEED)
    assert figure_notice(figure) == ""
    assert figure.axes[1].get_title() == f"Evolución del Peso (Final: {run.w:.2f})"
    assert figure.axes[0].get_yscale() == "linear"


def test_stable_figure_has_the_seeds_look():
    figure = fresh(solve_toy_problem, 100, 0.01)
    ax1, ax2 = figure.axes
    run = train_toy(100, 0.01)
    assert tuple(figure.get_size_inches()) == WIDE.figsize(15, 5, 1, 2)  # the seed's (15, 5), as shown
    assert ax1.get_title() == "Pérdida por iteración"
    assert ax1.get_xlabel() == ax2.get_xlabel() == "Iteración"
    assert ax2.get_title() == "Evolución del Peso (Final: 2.00)"
    np.testing.assert_array_equal(ax1.get_lines()[0].get_ydata(), run.losses)
    weights_line, target = ax2.get_lines()
    np.testing.assert_array_equal(weights_line.get_ydata(), run.weights)
    assert list(target.get_ydata()) == [2.0, 2.0]
    assert target.get_color() == "r" and target.get_linestyle() == "--"


# The lesson's claims about the learning rate (docs/leccion.md), checked on the slider's values.

LR_POSITIONS = solve_toy_problem.controls["lr"].positions()


@pytest.mark.parametrize("lr", [lr for lr in LR_POSITIONS if lr < 0.04])
def test_below_0_04_every_step_gets_closer_to_two(lr):
    distance = np.abs(train_toy(200, lr, seed=1).weights - 2)
    assert np.all(np.diff(distance) <= 1e-12)  # allow rounding once w is at 2


@pytest.mark.parametrize("lr", [lr for lr in LR_POSITIONS if lr > 0.04])
def test_above_0_04_a_step_on_x_5_jumps_over_the_valley(lr):
    assert abs(1 - 2 * lr * 5**2) > 1
    distance = np.abs(train_toy(200, lr, seed=1).weights - 2)
    assert np.any(np.diff(distance) > 1e-6)


def test_lr_0_1_diverges_for_most_samples_over_500_epochs():
    diverged = [train_toy(500, 0.1, seed).diverged for seed in range(300)]
    assert 0.6 <= np.mean(diverged) <= 0.8  # the page says "unas 7 de cada 10"


def test_default_learning_rate_never_diverges():
    assert not any(train_toy(500, 0.01, seed).diverged for seed in range(100))


def test_module_exposes_a_fixed_default_seed():
    assert isinstance(toy_problem.DEFAULT_SEED, int)
    assert solve_toy_problem.seed_argument == "seed"


def test_unstable_lr_that_happened_to_converge_says_so():
    from toy_problem import STABLE_LR_LIMIT
    assert STABLE_LR_LIMIT == pytest.approx(0.04)
    run = train_toy(100, 0.1)  # the default sample converges at lr = 0.1 ...
    assert not run.diverged
    figure = fresh(solve_toy_problem, 100, 0.1)
    try:
        notice = figure_notice(figure)
        assert "salta el valle" in notice and "terminó en 2.00" in notice  # ... and is told so
        assert "puede divergir" in notice
    finally:
        plt.close(figure)
    stable = fresh(solve_toy_problem, 100, 0.036)
    try:
        assert figure_notice(stable) == ""
    finally:
        plt.close(stable)


# Seeds and settings from the lesson's readers: 268423649 at lr = 0.1 and 160 epochs swung to
# w ≈ −3000 and ended at 2.45, while the notice said the sample had arrived.
@pytest.mark.parametrize("seed", [268423649, DEFAULT_SEED, 1, 2, 3, 4, 5, 6, 7, 8])
@pytest.mark.parametrize("epochs, lr", [(160, 0.1), (100, 0.1), (500, 0.096), (60, 0.066), (30, 0.046)])
def test_the_notice_is_true_of_the_figures_numbers(seed, epochs, lr):
    run = train_toy(epochs, lr, seed)
    figure = fresh(solve_toy_problem, epochs, lr, seed=seed)
    notice, title = figure_notice(figure), figure.axes[1].get_title()
    if run.diverged:
        assert title == "Evolución del Peso (Final: diverge)" and "diverge" in notice
        return
    final = f"{run.w:.2f}"
    assert title == f"Evolución del Peso (Final: {final})"
    visited = np.append(run.weights, run.w)
    extreme = visited[np.argmax(np.abs(visited))]
    assert f"osciló hasta w = {extreme:.0f}" in notice or f"osciló hasta w = {extreme:.2f}" in notice
    if final == "2.00":
        assert "terminó en 2.00" in notice and "sin llegar" not in notice
    else:
        assert "terminó" not in notice and f"está en {final}, todavía sin llegar a 2" in notice
        assert f"tras {epochs} iteraciones" in notice


def toy_moves():
    """Slider moves as a reader makes them: epochs down and up, a new lr, a new sample, a
    diverging lr (its run stops early), back to values seen before."""
    values = {"epochs": 100, "lr": 0.01, "seed": DEFAULT_SEED}
    for change in ({"epochs": 50}, {"epochs": 10}, {"epochs": 300}, {"epochs": 20}, {"epochs": 500},
                   {"lr": 0.046}, {"epochs": 120}, {"seed": DEFAULT_SEED + 1}, {"epochs": 400},
                   {"lr": 0.1, "seed": DIVERGING_SEED}, {"epochs": 500}, {"epochs": 30}, {"epochs": 10},
                   {"lr": 0.01, "seed": DEFAULT_SEED}, {"epochs": 250}):
        values = {**values, **change}
        yield values


def same_toy_run(kept, fresh_run):
    return (np.array_equal(kept.losses, fresh_run.losses) and np.array_equal(kept.weights, fresh_run.weights)
            and kept.w == fresh_run.w and kept.diverged == fresh_run.diverged)


@pytest.mark.parametrize("longest", [0, 500])
def test_trained_toy_after_any_moves_equals_training_afresh(longest):
    toy_problem.RUNS.clear()
    for values in toy_moves():
        kept = toy_problem.trained_toy(**values, longest=longest)
        assert same_toy_run(kept, train_toy(**values)), values
        assert len(toy_problem.RUNS) <= toy_problem.RUNS_KEPT


def test_every_diverging_length_reads_the_same_as_training_afresh():
    """Around the iteration where a run diverges: before it, at it, past it."""
    stop = len(train_toy(500, 0.1, DIVERGING_SEED).losses)
    assert stop < 100
    toy_problem.RUNS.clear()
    toy_problem.trained_toy(500, 0.1, DIVERGING_SEED)
    for epochs in range(1, stop + 3):
        assert same_toy_run(toy_problem.trained_toy(epochs, 0.1, DIVERGING_SEED),
                            train_toy(epochs, 0.1, DIVERGING_SEED)), epochs


def test_moving_epochs_trains_at_most_once_per_lr_and_sample(monkeypatch):
    trained = []
    real_train = toy_problem.train_toy

    def counting_train(epochs, lr, seed=DEFAULT_SEED):
        trained.append((epochs, lr, seed))
        return real_train(epochs, lr, seed)

    monkeypatch.setattr(toy_problem, "train_toy", counting_train)
    toy_problem.RUNS.clear()

    def trains(epochs, lr, seed=DEFAULT_SEED):
        trained.clear()
        toy_problem.trained_toy(epochs, lr, seed, longest=500)
        return trained[:]

    assert trains(100, 0.01) == [(100, 0.01, DEFAULT_SEED)]  # a new lr: just what is asked
    assert trains(40, 0.01) == []  # fewer epochs: the start of the kept run
    assert trains(110, 0.01) == [(500, 0.01, DEFAULT_SEED)]  # more: to the slider's end, once
    assert [trains(epochs, 0.01) for epochs in (120, 500, 10, 370)] == [[], [], [], []]
    assert trains(60, 0.046) == [(60, 0.046, DEFAULT_SEED)]  # another lr
    assert trains(60, 0.01, seed=3) == [(60, 0.01, 3)]  # another sample
    assert trains(250, 0.01) == []  # the first lr and sample: still kept
    assert trains(100, 0.1, DIVERGING_SEED) == [(100, 0.1, DIVERGING_SEED)]
    assert trains(500, 0.1, DIVERGING_SEED) == []  # it diverged before 100: more changes nothing


def test_kept_toy_runs_cannot_be_changed_by_a_caller():
    toy_problem.RUNS.clear()
    for run in (toy_problem.trained_toy(100, 0.01), toy_problem.trained_toy(30, 0.01)):
        for values in (run.losses, run.weights):
            with pytest.raises(ValueError, match="read-only"):
                values[0] = 99.0
    assert same_toy_run(toy_problem.trained_toy(100, 0.01), train_toy(100, 0.01))


def test_the_toy_figure_after_any_moves_shows_fresh_training():
    """One figure updated move after move, as the page's live figure is: its lines, titles and
    notice are those of a figure drawn from nothing at the same values."""
    figure = build(solve_toy_problem)
    toy_problem.RUNS.clear()
    for values in toy_moves():
        solve_toy_problem.update(figure, **values)
        toy_problem.RUNS.clear()
        expected = fresh(solve_toy_problem, **values)
        for axes, expected_axes in zip(figure.axes, expected.axes):
            np.testing.assert_array_equal(axes.lines[0].get_ydata(), expected_axes.lines[0].get_ydata())
            assert axes.get_title() == expected_axes.get_title()
            assert axes.get_yscale() == expected_axes.get_yscale()
            assert axes.get_ylim() == expected_axes.get_ylim()
        assert figure_notice(figure) == figure_notice(expected)
        plt.close(expected)
    plt.close(figure)
