"""widget_render with the lesson's two widgets: what the build and the browser get back."""

import re

import pytest

import widget_render
from lesson_style import plt
from toy_problem import solve_toy_problem
from live_figure import fresh

SGD = "sgd_descent.visualize_sgd"
TOY = "toy_problem.solve_toy_problem"
DIVERGING_SEED = 0  # a sample for which lr = 0.1 diverges (see test_toy_problem.py)

SVG_NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
# The public DOCTYPE matplotlib always writes: an identifier, never fetched for an <img>.
SVG_DTD = "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"


def absolute_urls(svg):
    return set(re.findall(r"""https?://[^\s"'<>)]+""", svg))


def test_sgd_defaults():
    result = widget_render.render(SGD, {})
    assert "SGD con Learning Rate: 0.1" in result["alt"]
    assert result["values"] == {"lr": 0.1, "steps": 10}
    assert result["readouts"] == {"lr": "0.10", "steps": "10"}
    assert result["message"] == "" and result["problems"] == []
    assert result["svg"].lstrip().startswith("<?xml")


def test_toy_defaults():
    result = widget_render.render(TOY, {})
    assert "Pérdida por iteración" in result["alt"]
    assert "Evolución del Peso (Final: " in result["alt"]
    assert result["readouts"] == {"epochs": "100", "lr": "0.010"}
    assert result["message"] == ""


def test_sgd_divergence_reaches_the_message():
    result = widget_render.render(SGD, {"lr": 1.1, "steps": 50})
    assert "diverge" in result["message"]
    assert "SGD con Learning Rate: 1.1" in result["alt"]


def test_toy_divergence_notice_is_what_the_page_shows():
    figure = fresh(solve_toy_problem, 100, 0.1, seed=DIVERGING_SEED)
    try:
        assert "diverge" in widget_render.figure_notice(figure)
        assert "Evolución del Peso (Final: diverge)" in widget_render.figure_titles(figure)
    finally:
        plt.close(figure)


def test_toy_divergence_through_render_with_a_seed():
    result = widget_render.render(TOY, {"lr": 0.1, "seed": DIVERGING_SEED})
    assert "diverge" in result["message"]
    assert result["values"]["seed"] == DIVERGING_SEED


def test_bad_values_are_reported_not_raised():
    result = widget_render.render(SGD, {"lr": "abc", "steps": 500})
    assert result["values"] == {"lr": 0.1, "steps": 50}
    assert len(result["problems"]) == 2


@pytest.mark.parametrize("name, values", [
    (SGD, {}), (SGD, {"lr": 1.1, "steps": 50}), (TOY, {}), (TOY, {"lr": 0.096, "epochs": 500}),
])
def test_svg_is_deterministic(name, values):
    first = widget_render.render(name, values)["svg"]
    widget_render.render(SGD if name == TOY else TOY, {})  # another figure in between
    assert widget_render.render(name, values)["svg"] == first


@pytest.mark.parametrize("name", [SGD, TOY])
def test_svg_loads_nothing_from_the_network(name):
    svg = widget_render.render(name, {})["svg"]
    assert not re.search(r"""(href|src)\s*=\s*["']\s*(https?:)?//""", svg)
    assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//", svg)
    assert "@import" not in svg


@pytest.mark.parametrize("name", [SGD, TOY])
def test_svg_has_no_urls_besides_its_namespaces(name):
    svg = widget_render.render(name, {})["svg"]
    assert absolute_urls(svg) <= SVG_NAMESPACES | {SVG_DTD}


def test_render_closes_its_figure():
    before = plt.get_fignums()
    widget_render.render(TOY, {})
    assert plt.get_fignums() == before


@pytest.mark.parametrize("name", [
    "nope.nothing", "sgd_descent.nope", "sgd_descent", "", "sgd_descent.sgd_path",
])
def test_unknown_widget_raises_lookup_error(name):
    with pytest.raises(LookupError):
        widget_render.render(name, {})


def test_widget_spec_lists_the_declared_controls():
    spec = widget_render.widget_spec(TOY)
    assert [control["name"] for control in spec["controls"]] == ["epochs", "lr"]
    assert [control["label"] for control in spec["controls"]] == ["epochs", "lr"]
    lr = spec["controls"][1]
    # Readouts come formatted from Python, one per position (the page never formats).
    assert len(lr["readouts"]) == len(lr["positions"])
    assert lr["readouts"][lr["positions"].index(0.01)] == "0.010"


def test_warm_up_leaves_no_figure_open():
    before = plt.get_fignums()
    widget_render.warm_up()
    assert plt.get_fignums() == before
