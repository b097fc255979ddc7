"""Search: the math in the index reads as text (the built index: tests/build/test_built_search.py)."""

import json

import pytest

from site_src.search_text import plain_text, readable_math


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
