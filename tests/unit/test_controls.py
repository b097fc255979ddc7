"""controls: the widgets' slider declarations match the seed's interact(...) calls, and every
value the page may send is turned into an allowed one (with a Spanish explanation)."""

import math

import pytest

from controls import FloatSlider, IntSlider, coerce_all, defaults, interactive
from sgd_descent import visualize_sgd
from toy_problem import solve_toy_problem
from tests.unit.conftest import fields

SGD_LR = visualize_sgd.controls["lr"]
SGD_STEPS = visualize_sgd.controls["steps"]
TOY_EPOCHS = solve_toy_problem.controls["epochs"]
TOY_LR = solve_toy_problem.controls["lr"]


# --- declarations: exactly the seed's sliders --------------------------------------------------

def test_sgd_sliders_are_the_seeds():
    assert list(visualize_sgd.controls) == ["lr", "steps"]
    assert fields(SGD_LR) == (FloatSlider, 0.01, 1.1, 0.05, 0.1, "Learn Rate", "")
    assert fields(SGD_STEPS) == (IntSlider, 1, 50, 1, 10, "Pasos", "")
    assert visualize_sgd.seed_argument is None


def test_toy_sliders_are_the_seeds():
    assert list(solve_toy_problem.controls) == ["epochs", "lr"]
    # No description in the seed: ipywidgets labels a slider with the argument's name.
    assert fields(TOY_EPOCHS) == (IntSlider, 10, 500, 10, 100, "epochs", "")
    assert fields(TOY_LR) == (FloatSlider, 0.001, 0.1, 0.005, 0.01, "lr", ".3f")
    assert solve_toy_problem.seed_argument == "seed"


def test_readouts_follow_ipywidgets_formats():
    assert TOY_LR.format(0.01) == "0.010"
    assert SGD_LR.format(0.1) == "0.10"  # FloatSlider's default readout: two decimals
    assert SGD_STEPS.format(10) == "10" and TOY_EPOCHS.format(500) == "500"


def test_defaults_are_the_authors():
    assert defaults(visualize_sgd) == {"lr": 0.1, "steps": 10}
    assert defaults(solve_toy_problem) == {"epochs": 100, "lr": 0.01}


def test_interactive_keeps_the_function_and_names_unlabelled_sliders():
    @interactive(seed_argument="seed", n=IntSlider(min=0, max=4, step=2, value=2))
    def widget(n, seed=0):
        return n

    assert widget(4) == 4
    assert widget.controls["n"].description == "n"
    assert widget.seed_argument == "seed"


# --- positions: the grid, plus the author's default and the maximum ----------------------------

def test_sgd_lr_positions_keep_default_and_max():
    positions = SGD_LR.positions()
    assert positions == sorted(positions)
    assert positions[0] == 0.01 and positions[-1] == 1.1
    assert 0.1 in positions  # off the 0.01 + k * 0.05 grid, kept as the author wrote it
    assert {0.06, 0.11, 0.31, 1.01, 1.06} <= set(positions)
    assert len(positions) == 22 + 2  # 0.01 ... 1.06, then 0.1 and 1.1


def test_toy_lr_positions_keep_default_and_max():
    positions = TOY_LR.positions()
    assert positions[0] == 0.001 and positions[-1] == 0.1
    assert 0.01 in positions
    assert {0.006, 0.011, 0.096} <= set(positions)
    assert len(positions) == 20 + 2


def test_int_positions_are_the_whole_range():
    assert SGD_STEPS.positions() == list(range(1, 51))
    assert TOY_EPOCHS.positions() == list(range(10, 501, 10))


# --- coerce: whatever the page sends becomes an allowed value ----------------------------------

@pytest.mark.parametrize("slider, raw", [
    (SGD_LR, 0.1), (SGD_LR, "0.31"), (SGD_LR, 1.1), (SGD_LR, 0.01 + 6 * 0.05),
    (TOY_LR, "0.01"), (TOY_LR, 0.096), (SGD_STEPS, "50"), (TOY_EPOCHS, 250.0),
])
def test_allowed_values_pass_without_problem(slider, raw):
    value, problem = slider.coerce(raw)
    assert problem is None
    assert value in slider.positions()


@pytest.mark.parametrize("slider, raw, nearest", [
    (SGD_LR, 2.0, 1.1), (SGD_LR, -5, 0.01), (TOY_LR, 1, 0.1), (TOY_LR, 0, 0.001),
    (SGD_STEPS, 0, 1), (SGD_STEPS, 51, 50), (TOY_EPOCHS, 505, 500), (TOY_EPOCHS, -10, 10),
])
def test_out_of_range_goes_to_the_nearest_end(slider, raw, nearest):
    value, problem = slider.coerce(raw)
    assert value == nearest
    assert "debe estar entre" in problem and slider.description in problem


@pytest.mark.parametrize("slider, raw, nearest", [
    (SGD_LR, 0.5, 0.51), (SGD_LR, 0.09, 0.1), (TOY_LR, 0.0123, 0.011),
    (SGD_STEPS, 7.4, 7), (TOY_EPOCHS, 123, 120),
])
def test_off_step_goes_to_the_nearest_position(slider, raw, nearest):
    value, problem = slider.coerce(raw)
    assert value == nearest
    assert "avanza en pasos de" in problem


@pytest.mark.parametrize("slider", [SGD_LR, SGD_STEPS, TOY_EPOCHS, TOY_LR])
def test_any_value_goes_to_the_nearest_position_and_the_lower_one_on_a_tie(slider):
    """Against every position measured one by one: random values, each position, each midpoint
    between two positions (a tie) and values just either side of it."""
    import random

    allowed = slider.positions()
    chooser = random.Random(7)
    midpoints = [(low + high) / 2 for low, high in zip(allowed, allowed[1:])]
    samples = ([chooser.uniform(allowed[0] - 1, allowed[-1] + 1) for _ in range(500)] + allowed + midpoints
               + [math.nextafter(m, -math.inf) for m in midpoints] + [math.nextafter(m, math.inf) for m in midpoints])
    for raw in samples:
        target = min(max(raw, allowed[0]), allowed[-1])
        nearest = min(allowed, key=lambda candidate: (abs(candidate - target), candidate))
        assert slider.coerce(raw)[0] == slider.coerce(nearest)[0] == nearest, raw


@pytest.mark.parametrize("slider, raw, end", [
    (SGD_STEPS, 1e20, 50), (SGD_STEPS, 1e17, 50), (SGD_LR, 1e300, 1.1), (SGD_LR, "1e300", 1.1),
    (SGD_LR, -1e300, 0.01), (TOY_EPOCHS, 1.7e308, 500), (TOY_LR, 1e-300, 0.001),
])
def test_far_outside_the_range_still_clamps_to_the_nearest_end(slider, raw, end):
    """Every distance to the grid rounds to the same float there: the end must come from clamping."""
    value, problem = slider.coerce(raw)
    assert value == end
    assert "debe estar entre" in problem or problem is None


@pytest.mark.parametrize("raw", ["0x14", "0X14", "0b100", "0o620", "1_000", "٣", "infinity", "1e", "+-1", "1.2.3"])
def test_only_plain_decimal_numbers_are_read(raw):
    value, problem = SGD_STEPS.coerce(raw)
    assert value == SGD_STEPS.value
    assert "no es un número válido" in problem and "decimales" in problem


@pytest.mark.parametrize("raw", ["-3", "+12", " 7 ", "20.", ".5e2", "2E1"])
def test_plain_decimal_spellings_are_read(raw):
    assert SGD_STEPS.coerce(raw)[0] == round(min(max(float(raw), 1), 50))


def test_a_huge_value_is_quoted_short():
    value, problem = SGD_LR.coerce("9" * 100_000 + "x")
    assert value == SGD_LR.value and len(problem) < 200
    assert "«" + "9" * 40 + "…»" in problem
    _, problems = coerce_all(solve_toy_problem, {"seed": "7" * 100_000 + "z"})
    assert len(problems[0]) < 120


def test_int_sliders_give_ints():
    value, _ = TOY_EPOCHS.coerce("130.0")
    assert value == 130 and isinstance(value, int)


@pytest.mark.parametrize("slider", [SGD_LR, SGD_STEPS, TOY_EPOCHS, TOY_LR])
@pytest.mark.parametrize("raw", ["abc", None, "", [0.1], "nan", "inf", "-inf", math.nan, math.inf])
def test_malformed_values_fall_back_to_the_default(slider, raw):
    value, problem = slider.coerce(raw)
    assert value == slider.value
    assert problem.endswith(f"se usa {slider.format(slider.value)}.")
    assert "no es un número válido" in problem or "debe ser un número finito" in problem


# --- coerce_all: a whole request, including the random seed ------------------------------------

def test_coerce_all_fills_defaults_and_ignores_unknown_names():
    values, problems = coerce_all(visualize_sgd, {"momentum": 0.9, "__class__": "x"})
    assert values == {"lr": 0.1, "steps": 10} and problems == []
    values, problems = coerce_all(visualize_sgd, "not a dict")
    assert values == {"lr": 0.1, "steps": 10} and problems == []


def test_coerce_all_collects_one_problem_per_bad_value():
    values, problems = coerce_all(solve_toy_problem, {"epochs": "mucho", "lr": 5})
    assert values == {"epochs": 100, "lr": 0.1}
    assert len(problems) == 2


def test_widget_without_seed_argument_ignores_a_seed():
    values, problems = coerce_all(visualize_sgd, {"seed": 7})
    assert "seed" not in values and problems == []


@pytest.mark.parametrize("raw, seed", [(7, 7), ("12", 12), (3.0, 3), (0, 0), (2**32 - 1, 2**32 - 1)])
def test_valid_seeds_are_passed_as_ints(raw, seed):
    values, problems = coerce_all(solve_toy_problem, {"seed": raw})
    assert values["seed"] == seed and isinstance(values["seed"], int)
    assert problems == []


@pytest.mark.parametrize("raw", [-1, 2**32, 1.5, "abc", True, None, math.nan, math.inf, [1], "0x10", "1_0"])
def test_invalid_seeds_keep_the_initial_sample(raw):
    values, problems = coerce_all(solve_toy_problem, {"seed": raw})
    assert "seed" not in values  # the function's own default seed is used
    assert len(problems) == 1 and "semilla" in problems[0]
