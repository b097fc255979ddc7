"""Search: the math in the index reads as text, and the built index is tuned for Spanish."""

import json

import pytest

from site_src.search_text import PAGE_INTRO_BOOST, plain_text, readable_math
from tests.conftest import SITE


@pytest.mark.parametrize("latex, text", [
    (r"\frac{\partial L}{\partial w}", "∂L/∂w"),
    (r"\frac{L(w + h) - L(w - h)}{2h}", "(L(w + h) - L(w - h))/(2h)"),
    (r"\theta_{t+1} = \theta_t - \eta \cdot \nabla_{\theta} J(\theta; x^{(i)}, y^{(i)})",
     "θₜ₊₁ = θₜ - η · ∇θ J(θ; x⁽ⁱ⁾, y⁽ⁱ⁾)"),
    (r"h = 10^{-6}", "h = 10⁻⁶"),
    (r"\hat{y} = w \cdot x + b", "ŷ = w · x + b"),
    (r"\eta &gt; 2 / 2.88 \approx 0.69", "η &gt; 2 / 2.88 ≈ 0.69"),
    (r"\begin{aligned} z &amp;= w \cdot x + b \\ a &amp;= \sigma(z) &amp;&amp; \text{(Función de activación)} \end{aligned}",
     "z = w · x + b ; a = σ(z) (Función de activación)"),
])
def test_formulas_become_plain_text(latex, text):
    assert readable_math(latex) == text


def test_only_the_math_is_rewritten():
    assert plain_text(r"<p>Los pesos \(w\) y \(b\); \[ f(x) = x^2 \] fin</p>") == "<p>Los pesos w y b; f(x) = x² fin</p>"


def built_index():
    path = SITE / "search" / "search_index.json"
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `make build` first")
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_built_index_has_no_raw_latex_and_finds_the_lessons_words():
    index = built_index()
    assert index["config"]["lang"] == ["es"]
    text = {doc["location"]: doc["text"] for doc in index["docs"]}
    for location, body in text.items():
        assert "\\(" not in body and "\\[" not in body and "\\frac" not in body, location
    assert "sigmoide" in text["leccion.html#la-regla-de-la-cadena-paso-a-paso"]
    assert "divergir" in text["leccion.html#sgd-mini-batch-y-batch-completo"]
    assert "∂L/∂w" in text["leccion.html#la-regla-de-la-cadena-paso-a-paso"]


def test_the_offline_copy_of_the_index_is_the_cleaned_one():
    offline = (SITE / "search" / "search_index.js").read_text(encoding="utf-8")
    assert offline.startswith("var __index = ")
    assert json.loads(offline[len("var __index = "):]) == built_index()


def test_the_lessons_greeting_weighs_less_than_its_sections():
    docs = {doc["location"]: doc for doc in built_index()["docs"]}
    assert docs["leccion.html"]["boost"] == PAGE_INTRO_BOOST
    assert "boost" not in docs["leccion.html#3-backpropagation-la-regla-de-la-cadena"]
