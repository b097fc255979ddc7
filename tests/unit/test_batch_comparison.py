"""batch_comparison: SGD, mini-batch and full batch on the same line-fitting problem; their
runs, the comparison figure, its divergence notice and its table, and the lesson's claims.

Warnings are errors (pyproject), so every test here also checks that no numpy RuntimeWarning
(overflow, invalid value) is raised.
"""


import inspect
import re

import numpy as np
import pytest

import batch_comparison as bc
import code_runner
import widget_render
from batch_comparison import DEFAULT_SEED, N, X, Y, compare, compare_batches, compared, train
from controls import FloatSlider, IntSlider, defaults
from lesson_style import plt
from tests.unit.conftest import fields
from widget_render import figure_notice, figure_titles
import live_figure
from live_figure import fresh

WIDGET = "batch_comparison.compare_batches"
CONTROLS = compare_batches.controls




def same_run(first, second):
    return (first.batch_size == second.batch_size and first.diverged == second.diverged
            and np.array_equal(first.losses, second.losses)
            and np.array_equal(first.weights, second.weights)
            and np.array_equal(first.biases, second.biases))


# --- the data and the gradient ----------------------------------------------------------------

def test_data_is_a_fixed_noisy_line():
    assert X.shape == Y.shape == (N,) == (40,)
    assert np.all((-2 <= X) & (X <= 2))
    x, y = bc.make_data()
    np.testing.assert_array_equal(x, X)
    np.testing.assert_array_equal(y, Y)
    residuals = Y - (2 * X + 1)
    assert 0.3 < residuals.std() < 0.7  # noise of σ = 0.5


def test_least_squares_is_near_the_true_line_and_is_the_minimum():
    w, b, loss = bc.least_squares()
    assert w == pytest.approx(2.0, abs=0.3) and b == pytest.approx(1.0, abs=0.3)
    assert loss == pytest.approx(bc.full_loss(w, b))
    assert bc.gradient(w, b, X, Y) == pytest.approx((0.0, 0.0), abs=1e-12)
    grid_loss = bc.loss_grid()[2]
    assert grid_loss.min() >= loss


@pytest.mark.parametrize("w, b", [(0.0, 0.0), (1.3, -0.4), (3.0, 2.5)])
@pytest.mark.parametrize("batch", [[5], [0, 3, 17], list(range(N))])
def test_backprop_gradient_equals_finite_differences(w, b, batch):
    x, y = X[batch], Y[batch]
    mse = lambda w, b: np.mean((w * x + b - y) ** 2)  # noqa: E731
    h = 1e-6
    dL_dw, dL_db = bc.gradient(w, b, x, y)
    assert dL_dw == pytest.approx((mse(w + h, b) - mse(w - h, b)) / (2 * h), abs=1e-6)
    assert dL_db == pytest.approx((mse(w, b + h) - mse(w, b - h)) / (2 * h), abs=1e-6)


def test_full_loss_works_on_arrays():
    ws, bs = np.array([0.0, 2.0]), np.array([0.0, 1.0])
    expected = [np.mean((w * X + b - Y) ** 2) for w, b in zip(ws, bs)]
    np.testing.assert_allclose(bc.full_loss(ws, bs), expected, rtol=1e-14)


def test_loss_grid_is_computed_once():
    assert bc.loss_grid() is bc.loss_grid()
    grid_w, grid_b, grid_loss = bc.loss_grid()
    assert grid_w.shape == grid_b.shape == grid_loss.shape == (bc.GRID_POINTS, bc.GRID_POINTS)


# --- mini-batches and training -----------------------------------------------------------------

@pytest.mark.parametrize("batch_size", [1, 8, 39, N])
def test_batches_are_drawn_without_replacement(batch_size):
    batches = bc.draw_batches(np.random.default_rng(3), batch_size, 50)
    assert batches.shape == (50, batch_size)
    assert all(len(set(row)) == batch_size for row in batches.tolist())
    assert batches.min() >= 0 and batches.max() < N


def test_full_batch_is_every_example_whatever_the_seed():
    for seed in (0, 1, DEFAULT_SEED):
        batches = bc.draw_batches(np.random.default_rng(seed), N, 5)
        assert np.array_equal(batches, np.tile(np.arange(N), (5, 1)))


def test_run_replays_the_updates():
    batch_size, lr, updates, seed = 4, 0.05, 30, 11
    run = train(batch_size, lr, updates, seed)
    batches = bc.draw_batches(np.random.default_rng(seed), batch_size, updates)
    w, b = 0.0, 0.0
    assert (run.weights[0], run.biases[0]) == (w, b)
    for k, batch in enumerate(batches, start=1):
        error = w * X[batch] + b - Y[batch]
        w, b = w - lr * np.mean(2 * error * X[batch]), b - lr * np.mean(2 * error)
        assert run.weights[k] == pytest.approx(w, rel=1e-12)
        assert run.biases[k] == pytest.approx(b, rel=1e-12)
    assert run.losses.shape == run.weights.shape == (updates + 1,)
    np.testing.assert_allclose(run.losses, bc.full_loss(run.weights, run.biases), rtol=1e-14)
    assert run.updates == updates and run.examples == updates * batch_size
    assert not run.diverged


LR_POSITIONS = CONTROLS["lr"].positions()


@pytest.mark.parametrize("lr", [lr for lr in LR_POSITIONS if lr <= 0.69][::4] + [0.69])
def test_full_batch_loss_never_goes_up_for_a_stable_lr(lr):
    losses = train(N, lr, 200).losses
    assert np.all(np.diff(losses) <= 1e-12)
    assert losses[-1] < losses[0] / 20


@pytest.mark.parametrize("lr", [0.1, 0.3, 0.5])
def test_full_batch_reaches_the_minimum(lr):
    assert train(N, lr, 200).losses[-1] == pytest.approx(bc.least_squares()[2], rel=1e-6)


def test_minibatches_are_reproducible_and_depend_on_the_seed():
    for batch_size in (1, 8):
        first, again = train(batch_size, 0.1, 50, seed=5), train(batch_size, 0.1, 50, seed=5)
        assert same_run(first, again)
        assert not np.array_equal(first.losses, train(batch_size, 0.1, 50, seed=6).losses)
    assert same_run(train(8, 0.1, 50), train(8, 0.1, 50, seed=DEFAULT_SEED))


def test_batch_size_n_is_the_full_batch():
    full = train(N, 0.1, 50)
    for seed in (0, 99):
        assert same_run(train(N, 0.1, 50, seed=seed), full)
    sgd, chosen, whole = compare(N, 0.1, 50, seed=7)
    assert same_run(chosen, whole) and same_run(whole, full)


def test_compare_runs_the_three_methods_with_the_same_settings():
    sgd, mini, full = compare(8, 0.2, 40, seed=13)
    assert (sgd.batch_size, mini.batch_size, full.batch_size) == (1, 8, N)
    assert same_run(sgd, train(1, 0.2, 40, 13)) and same_run(mini, train(8, 0.2, 40, 13))
    assert [run.examples for run in (sgd, mini, full)] == [40, 320, 40 * N]


# --- kept runs (a slider move trains only what it changed) --------------------------------------

def test_a_run_begins_as_every_shorter_run_with_its_settings():
    """The batches are drawn in order from the seed and the loss is taken row by row: the first
    k updates of a 200-update run are, to the bit, a run of k updates (a diverged one too)."""
    for batch_size, lr, seed in ((1, 0.1, DEFAULT_SEED), (8, 0.3, 5), (N, 0.5, 0), (1, 0.75, 9), (N, 1.0, 3)):
        longest = train(batch_size, lr, 200, seed)
        for updates in range(0, 201):
            assert same_run(longest.first(updates), train(batch_size, lr, updates, seed)), (batch_size, lr, updates)


def test_first_keeps_a_divergence_only_once_it_happened():
    run = train(N, 1.0, 200)
    assert run.diverged and run.updates == 22  # the full batch at lr = 1.0 leaves after 22 updates
    assert run.first(200) is run and run.first(22) is run
    before = run.first(21)
    assert not before.diverged and before.updates == 21 and before.examples == 21 * N
    assert abs(before.weights[-1]) <= bc.DIVERGENCE_LIMIT < abs(run.weights[-1])


def moves():
    """Updates up and down, batch sizes, new samples, a diverging lr and back."""
    values = {"batch_size": 8, "lr": 0.1, "updates": 50, "seed": DEFAULT_SEED}
    for change in ({"updates": 200}, {"updates": 5}, {"updates": 55}, {"batch_size": 20}, {"batch_size": 1},
                   {"batch_size": N}, {"batch_size": 20}, {"lr": 1.0}, {"updates": 10}, {"updates": 195},
                   {"seed": 77}, {"updates": 60}, {"lr": 0.75, "updates": 200}, {"updates": 30},
                   {"lr": 0.1}, {"seed": DEFAULT_SEED}, {"batch_size": 8, "updates": 50}):
        values = {**values, **change}
        yield values


def test_compared_after_any_moves_equals_training_afresh():
    bc.RUNS.clear()
    for values in moves():
        runs = compared(**values)
        fresh_runs = [train(size, values["lr"], values["updates"], values["seed"])
                      for size in (1, values["batch_size"], N)]
        assert all(same_run(kept, new) for kept, new in zip(runs, fresh_runs)), values
        assert len(bc.RUNS) <= bc.RUNS_KEPT


def test_the_figure_after_any_moves_shows_fresh_training():
    """One figure updated move after move, as the page's live figure is: its lines, titles and
    table are those of runs trained afresh."""
    figure = live_figure.build(compare_batches)
    bc.RUNS.clear()
    for values in moves():
        output = compare_batches.update(figure, **values)
        sgd, mini, full = (train(size, values["lr"], values["updates"], values["seed"])
                           for size in (1, values["batch_size"], N))
        ax_loss, ax_path = figure.axes
        for line, run in zip(ax_path.get_lines(), (sgd, mini, full)):
            np.testing.assert_array_equal(line.get_xdata(), run.weights)
            np.testing.assert_array_equal(line.get_ydata(), run.biases)
        for line, run in zip(ax_loss.get_lines(), (sgd, mini, full)):
            np.testing.assert_array_equal(line.get_xdata(), np.arange(run.updates + 1) * run.batch_size)
            np.testing.assert_array_equal(line.get_ydata(), run.losses)
        assert output.table == bc.comparison_table((sgd, mini, full))
        assert ax_loss.get_title().endswith(f"lr = {values['lr']:.2f}, {values['updates']} actualizaciones")
        assert ax_path.get_title() == f"Caminos de (w, b) · mini-batch de {values['batch_size']}"
    plt.close(figure)


def test_a_move_trains_only_the_runs_it_changed(monkeypatch):
    trained = []
    real_train = bc.train

    def counting_train(batch_size, lr, updates, seed=DEFAULT_SEED):
        trained.append((batch_size, lr, updates))
        return real_train(batch_size, lr, updates, seed)

    monkeypatch.setattr(bc, "train", counting_train)
    bc.RUNS.clear()

    def trains(batch_size, lr, updates):
        trained.clear()
        compared(batch_size, lr, updates, seed=4)
        return sorted(trained)

    assert trains(8, 0.2, 50) == [(1, 0.2, 50), (8, 0.2, 50), (N, 0.2, 50)]
    assert trains(20, 0.2, 50) == [(20, 0.2, 50)]  # a new batch size: only the mini-batch
    assert trains(20, 0.2, 30) == []  # fewer updates: the first 30 of the runs kept
    assert trains(8, 0.2, 40) == []  # back to a batch size kept
    assert trains(8, 0.2, 60) == [(1, 0.2, 60), (8, 0.2, 60), (N, 0.2, 60)]  # more updates: again
    assert trains(8, 0.3, 60) == [(1, 0.3, 60), (8, 0.3, 60), (N, 0.3, 60)]  # a new lr: all three
    assert trains(8, 1.0, 100) == [(1, 1.0, 100), (8, 1.0, 100), (N, 1.0, 100)]
    assert trains(8, 1.0, 200) == []  # all three diverged before 100 updates: more changes nothing


def test_kept_runs_cannot_be_changed_by_a_caller():
    bc.RUNS.clear()
    sgd, mini, _ = compared(8, 0.1, 50)
    for values in (sgd.losses, sgd.weights, mini.first(10).biases):
        with pytest.raises(ValueError, match="read-only"):
            values[0] = 99.0
    doubled = sgd.losses * 2  # arithmetic makes new arrays, as ever
    assert doubled[0] == 2 * sgd.losses[0]
    assert same_run(compared(8, 0.1, 50)[0], train(1, 0.1, 50))
    assert same_run(compared(8, 0.1, 20)[0], train(1, 0.1, 20))


def test_the_lessons_compare_trains_with_the_readers_code():
    """"Editar y ejecutar" runs the shown block in a namespace of its own: its ``compare`` must
    call the reader's ``train`` (and so the reader's ``gradient``), not the widget's kept runs."""
    shown = "\n".join(inspect.getsource(f) for f in (bc.gradient, bc.train, bc.compare))
    edited = shown.replace("return float(dL_dw), float(dL_db)", "return 0.0, 0.0")
    output = code_runner.run(edited + "\nprint([round(float(run.losses[-1]), 4) for run in compare(8, 0.1, 5)])\n", shown)
    assert output["exception"] is None
    assert output["text"] == "[7.2502, 7.2502, 7.2502]\n"  # no update moves (w, b) from (0, 0)
    bc.RUNS.clear()
    assert compared(8, 0.1, 5)[0].losses[-1] < 7  # the widget's runs are the module's


# --- divergence ----------------------------------------------------------------------------------

def test_divergence_stops_early_with_finite_numbers():
    for run in compare(8, 1.0, 200, DEFAULT_SEED):
        assert run.diverged and run.updates < 200
        assert max(abs(run.weights[-1]), abs(run.biases[-1])) > bc.DIVERGENCE_LIMIT
        for values in (run.losses, run.weights, run.biases):
            assert np.all(np.isfinite(values))
        assert np.all(np.abs(run.weights[:-1]) <= bc.DIVERGENCE_LIMIT)


def test_divergence_is_reported_through_render():
    result = widget_render.render(WIDGET, {"lr": 1.0, "updates": 200})
    assert "diverge" in result["message"] and "lr = 1.00" in result["message"]
    for name in ("SGD", "mini-batch de 8", "batch completo"):
        assert name in result["message"]
    table = dict(result["table"])
    assert table["SGD (batch 1): pérdida final"] == "diverge"
    assert "nan" not in result["svg"]


def test_a_rising_loss_is_reported_before_the_limit_is_reached():
    # lr = 0.70 is just past the full batch's limit (0.69): the loss grows, slowly.
    run = train(N, 0.7, 50)
    assert not run.diverged and run.losses[-1] > run.losses[0]
    notice = figure_notice(fresh(compare_batches, 8, 0.7, 50).figure)
    assert "diverge" in notice and "batch completo, la pérdida sube" in notice


def test_defaults_have_no_notice():
    assert figure_notice(fresh(compare_batches, 8, 0.1, 50).figure) == ""


def test_back_from_divergence_to_a_normal_result():
    fresh(compare_batches, 8, 1.0, 200)
    assert figure_notice(fresh(compare_batches, 8, 0.1, 200).figure) == ""


# --- the figure and the table ---------------------------------------------------------------------

def test_titles_carry_the_current_values():
    figure = fresh(compare_batches, 12, 0.25, 75, seed=3).figure
    ax_loss, ax_path = figure.axes
    assert ax_loss.get_title() == "Pérdida en los 40 datos\nlr = 0.25, 75 actualizaciones"
    assert ax_path.get_title() == "Caminos de (w, b) · mini-batch de 12"
    assert figure_titles(figure) == "Pérdida en los 40 datos · lr = 0.25, 75 actualizaciones · " + ax_path.get_title()


def test_figure_draws_the_three_runs():
    runs = compare(8, 0.1, 50, DEFAULT_SEED)
    ax_loss, ax_path = fresh(compare_batches, 8, 0.1, 50).figure.axes
    assert ax_loss.get_yscale() == "log"
    loss_lines, path_lines = ax_loss.get_lines(), ax_path.get_lines()
    for index, run in enumerate(runs):
        np.testing.assert_array_equal(loss_lines[index].get_ydata(), run.losses)
        np.testing.assert_array_equal(path_lines[index].get_xdata(), run.weights)
        np.testing.assert_array_equal(path_lines[index].get_ydata(), run.biases)
    labels = [text.get_text() for text in ax_path.get_legend().get_texts()]
    w_min, b_min, _ = bc.least_squares()
    assert labels == ["SGD (batch 1)", "Mini-batch", "Batch completo (40)", "Inicio (0, 0)",
                      f"Mínimo ({w_min:.2f}, {b_min:.2f})"]
    assert [text.get_text() for text in ax_loss.get_legend().get_texts()] == labels[:3] + ["Pérdida mínima"]
    assert ax_path.get_xlim() == bc.W_LIMITS and ax_path.get_ylim() == bc.B_LIMITS


def test_a_new_batch_size_patches_only_the_mini_batch_lines_and_the_title():
    """SGD's and the full batch's runs do not depend on the batch size, and the legends do not
    name it: their groups stay as the page shows them."""
    live_figure.forget(WIDGET)
    first = widget_render.render(WIDGET, {"batch_size": 8})
    moved = widget_render.render(WIDGET, {"batch_size": 20}, shown=first["revision"])
    assert moved["patch_of"] == first["revision"]
    patched = re.findall(r'<g id="([^"]+)"', moved["svg"])
    assert set(patched) == {"a0-line2d2", "a1-line2d2", "a1-title"}  # the loss panel's title is unchanged
    assert "mini-batch de 20" in moved["svg"]


def test_a_new_lr_leaves_the_paths_title_alone():
    live_figure.forget(WIDGET)
    first = widget_render.render(WIDGET, {"lr": 0.1})
    moved = widget_render.render(WIDGET, {"lr": 0.2}, shown=first["revision"])
    patched = set(re.findall(r'<g id="([^"]+)"', moved["svg"]))
    assert "a0-title" in patched and "a1-title" not in patched
    assert "lr = 0.20, 50 actualizaciones" in moved["svg"]


def test_the_loss_panel_keeps_its_frame_while_runs_stay_finite():
    """The x axis spans the longest run whatever the updates; the y axis 0.1 to 20 until a run
    blows up, then up to a power of ten at least twice the highest loss."""
    frames = {}
    for values in ((8, 0.1, 5), (8, 0.1, 50), (3, 0.25, 150), (8, 0.3, 200), (8, 0.9, 50), (8, 1.0, 200),
                   (40, 0.75, 200)):
        ax_loss = fresh(compare_batches, *values).figure.axes[0]
        frames[values] = ax_loss.get_xlim(), ax_loss.get_ylim()
        highest = max(run.losses.max() for run in compare(*values))
        assert ax_loss.get_ylim()[1] >= 2 * highest
    assert {x for x, _ in frames.values()} == {(0, 1.1 * bc.MAX_UPDATES * N)}
    assert frames[(8, 0.1, 5)][1] == frames[(8, 0.1, 50)][1] == frames[(3, 0.25, 150)][1] == (0.1, 20.0)
    assert frames[(8, 0.3, 200)][1] == (0.1, 1000.0)  # an SGD step up to a loss of 62
    assert frames[(8, 0.9, 50)][1] == frames[(8, 1.0, 200)][1] == (0.1, 1e14)  # both blow up to ~1e13
    assert frames[(40, 0.75, 200)][1] == (0.1, 1e13)
    plt.close("all")


def test_moves_that_keep_the_frame_patch_no_axis():
    live_figure.forget(WIDGET)
    shown = widget_render.render(WIDGET, {})["revision"]
    for values in ({"updates": 100}, {"updates": 35}, {"updates": 35, "lr": 0.3}, {"updates": 35, "lr": 1.0},
                   {"updates": 80, "lr": 0.9}, {"updates": 80, "lr": 0.9, "batch_size": 3}):
        moved = widget_render.render(WIDGET, values, shown=shown)
        assert moved["patch_of"] == shown, values
        shown = moved["revision"]
        patched = set(re.findall(r'<g id="([^"]+)"', moved["svg"]))
        if values in ({"updates": 35, "lr": 1.0},):  # from 20 to 1e14: the loss axis' top moves
            assert "a0-yaxis" in patched
        else:
            assert not any(group.endswith("axis") for group in patched), (values, patched)


def test_table_has_final_losses_and_work_per_method():
    result = widget_render.render(WIDGET, {"batch_size": 5, "updates": 60, "seed": 9})
    sgd, mini, full = compare(5, 0.1, 60, 9)
    assert result["table"] == [
        ["Pérdida mínima posible", "0.1537"],
        ["SGD (batch 1): pérdida final", bc.format_number(sgd.losses[-1], 4)],
        ["SGD (batch 1): ejemplos procesados", "60"],
        ["Mini-batch de 5: pérdida final", bc.format_number(mini.losses[-1], 4)],
        ["Mini-batch de 5: ejemplos procesados", "300"],
        ["Batch completo (40): pérdida final", bc.format_number(full.losses[-1], 4)],
        ["Batch completo (40): ejemplos procesados", "2400"],
    ]
    assert result["table_caption"]


# --- the lesson's claims (docs/leccion.md) -----------------------------------------------------------

def test_same_work_sgd_is_much_closer_than_one_full_batch_step():
    # 40 examples: 40 SGD updates against a single full-batch update.
    one_step = train(N, 0.1, 1).losses[-1]
    assert one_step > 4
    sgd = [train(1, 0.1, 40, seed).losses[-1] for seed in range(100)]
    assert max(sgd) < 0.6 and 0.15 < np.median(sgd) < 0.25  # "por debajo de 0.6, a menudo cerca de 0.2"


def test_sgd_keeps_jumping_around_the_minimum_while_the_full_batch_settles():
    minimum = bc.least_squares()[2]
    full = train(N, 0.1, 200).losses
    assert np.all(np.abs(full[50:] - minimum) < 1e-6 * minimum + 1e-9)
    sgd = np.array([train(1, 0.1, 200, seed).losses[100:] for seed in range(50)])
    assert sgd.mean() > 1.2 * minimum  # noisy: on average well above the bottom


def test_sgd_diverges_first_when_lr_grows():
    def diverged_fraction(batch_size, lr):
        return np.mean([train(batch_size, lr, 200, seed).diverged for seed in range(100)])

    assert diverged_fraction(1, 0.4) <= 0.05
    assert 0.2 <= diverged_fraction(1, 0.45) <= 0.7  # "en muchas muestras"
    assert diverged_fraction(1, 0.5) >= 0.8  # "en casi todas"


@pytest.mark.parametrize("lr", [lr for lr in LR_POSITIONS if lr >= 0.7])
def test_full_batch_diverges_from_0_70(lr):
    run = train(N, lr, 200)
    assert run.losses[-1] > run.losses[0]
    assert "batch completo" in figure_notice(fresh(compare_batches, 8, lr, 200).figure)
    plt.close("all")


def test_why_the_limits_are_0_69_and_0_2():
    design = np.column_stack([X, np.ones(N)])
    curvature = np.linalg.eigvalsh(2 * design.T @ design / N).max()  # the Hessian of the MSE
    assert curvature == pytest.approx(2.88, abs=0.005)
    assert 0.69 < 2 / curvature < 0.70
    single = 2 * (1 + X**2)  # one example's curvature
    assert single.max() == pytest.approx(10, abs=0.2) and 2 / single.max() == pytest.approx(0.2, abs=0.005)


def test_lesson_numbers():
    assert bc.least_squares()[2] == pytest.approx(0.15, abs=0.005)  # "la mínima de 0.15"
    sgd, mini, _ = compare(1, 0.1, 50)
    assert same_run(sgd, mini)  # "con tamaño 1 coincide con el SGD"


# --- declarations, render, speed --------------------------------------------------------------

def test_sliders_are_declared_as_chosen():
    assert list(CONTROLS) == ["batch_size", "lr", "updates"]
    assert fields(CONTROLS["batch_size"]) == (IntSlider, 1, N, 1, 8, "Tamaño del mini-batch", "")
    assert fields(CONTROLS["lr"]) == (FloatSlider, 0.01, 1.0, 0.01, 0.1, "lr", "")
    assert fields(CONTROLS["updates"]) == (IntSlider, 5, 200, 5, 50, "Actualizaciones", "")
    assert compare_batches.seed_argument == "seed"
    assert defaults(compare_batches) == {"batch_size": 8, "lr": 0.1, "updates": 50}


def test_render_defaults_and_a_new_seed():
    result = widget_render.render(WIDGET, {})
    assert result["values"] == {"batch_size": 8, "lr": 0.1, "updates": 50}
    assert result["readouts"] == {"batch_size": "8", "lr": "0.10", "updates": "50"}
    assert result["alt"] == ("Pérdida en los 40 datos · lr = 0.10, 50 actualizaciones · "
                             "Caminos de (w, b) · mini-batch de 8")
    assert result["message"] == "" and result["problems"] == []
    reseeded = widget_render.render(WIDGET, {"seed": 77})
    assert reseeded["values"]["seed"] == 77
    assert reseeded["table"] != result["table"]


def test_svg_is_deterministic():
    first = widget_render.render(WIDGET, {"seed": 4})["svg"]
    assert widget_render.render(WIDGET, {"seed": 4})["svg"] == first


def test_the_loss_plot_counts_the_work_the_lesson_talks_about():
    """"Llega más rápido" is about examples processed: that is the loss plot's x axis, and on it,
    at 40 examples, SGD's curve is already far below the full batch's."""
    figure = fresh(compare_batches, 8, 0.1, 50).figure
    ax_loss = figure.axes[0]
    assert ax_loss.get_xlabel() == "Ejemplos procesados (trabajo)"
    sgd_line, mini_line, full_line = ax_loss.get_lines()[:3]
    for line, batch_size in ((sgd_line, 1), (mini_line, 8), (full_line, N)):
        np.testing.assert_array_equal(line.get_xdata(), np.arange(51) * batch_size)
    at_40 = {name: np.interp(40, line.get_xdata(), line.get_ydata())
             for name, line in (("sgd", sgd_line), ("full", full_line))}
    assert at_40["full"] > 4 and at_40["sgd"] < 0.6
    assert ax_loss.get_xlim()[1] >= 50 * N  # the full batch's whole run is in the picture
    plt.close(figure)


def test_per_update_the_full_batch_wins_at_forty_times_the_work():
    """The lesson: with 40 updates each, the table shows the full batch closer to the minimum,
    after 1600 examples against SGD's 40."""
    for seed in range(100):
        sgd, _, full = bc.compare(8, 0.1, 40, seed)
        assert full.losses[-1] < sgd.losses[-1]
        assert (sgd.examples, full.examples) == (40, 1600)
