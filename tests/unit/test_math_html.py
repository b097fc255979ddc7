"""Build-time math (site_src/math_html.py): arithmatex's TeX in, KaTeX's HTML out, no style attributes."""

import re

import pytest

from site_src import math_html

PAGE = ('<p>Si <span class="arithmatex">\\(a &lt; b\\)</span> y</p>\n'
        '<div class="arithmatex">\\[\n\\frac{\\partial L}{\\partial w} = 2x\n\\]</div>')


def test_each_formula_becomes_katex_html_and_mathml():
    styles = math_html.MathStyles()
    html = math_html.typeset_page(PAGE, styles)
    assert html.startswith("<p>Si ") and html.count('class="arithmatex"') == 2
    assert html.count('class="katex"') == 2 and html.count('class="katex-display"') == 1
    # The TeX was unescaped before typesetting: "<" is a relation, and the MathML keeps the source.
    assert '<annotation encoding="application/x-tex">a &lt; b</annotation>' in html
    assert "<mo>&lt;</mo>" in html
    assert '<annotation encoding="application/x-tex">\\frac{\\partial L}{\\partial w} = 2x</annotation>' in html
    assert "\\(" not in html and "\\[" not in html


def test_style_attributes_become_classes_of_one_stylesheet():
    styles = math_html.MathStyles()
    html = math_html.typeset_page(PAGE, styles)
    assert not re.search(r"\sstyle=", html), "an inline style the Content-Security-Policy would refuse"
    used = set(re.findall(r"\b(k-[0-9a-f]{8})\b", html))
    assert used and used == set(styles.rules)
    css = styles.css()
    for name in used:
        rule = re.search(r"\.katex \." + name + r"\{([^}]*)\}", css).group(1)
        assert all(part.endswith("!important") for part in rule.split(";")), rule
    # A fraction's line keeps its thickness and its numerator its raise, as classes.
    assert "border-bottom-width:0.04em!important" in css and "top:-3.677em!important" in css
    # An element that had a class keeps it beside the new one.
    assert re.search(r'class="strut k-[0-9a-f]{8}"', html)


def test_same_style_same_class_across_pages():
    first, second = math_html.MathStyles(), math_html.MathStyles()
    math_html.typeset_page(PAGE, first)
    math_html.typeset_page(PAGE.replace("2x", "3y"), second)
    assert set(first.rules) & set(second.rules)
    assert all(first.rules[name] == second.rules[name] for name in set(first.rules) & set(second.rules))


def test_a_page_without_math_is_left_as_it_is():
    assert math_html.typeset_page("<p>sin fórmulas</p>", math_html.MathStyles()) == "<p>sin fórmulas</p>"


def test_a_formula_katex_cannot_read_fails_the_build_naming_it():
    with pytest.raises(math_html.MathError, match=r"KaTeX refused a formula: .* in \"\\\\frac\{1\}\{\""):
        math_html.typeset_page('<span class="arithmatex">\\(\\frac{1}{\\)</span>', math_html.MathStyles())
    with pytest.raises(math_html.MathError, match="not a delimited formula"):
        math_html.typeset_page('<span class="arithmatex">x^2</span>', math_html.MathStyles())
