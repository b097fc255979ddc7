"""The built pages carry their math typeset (site_src/math_html.py) and load no typesetting script."""

import re

from tests.conftest import SITE

FORMULA = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.DOTALL)


def pages():
    return sorted(SITE.glob("*.html"))


def test_every_formula_is_typeset_in_the_html():
    typeset = 0
    for page in pages():
        html = page.read_text(encoding="utf-8")
        for match in FORMULA.finditer(html):
            assert match.group(2).startswith(('<span class="katex">', '<span class="katex-display">')), \
                f"{page.name}: left as TeX: {match.group(2)[:80]}"
            typeset += 1
    assert typeset >= 40  # the lesson's and the home page's formulas


def test_no_style_attribute_and_every_math_class_defined():
    css = (SITE / "assets" / "lesson" / "math.css").read_text(encoding="utf-8")
    defined = set(re.findall(r"\.katex \.(k-[0-9a-f]{8})\{", css))
    for page in pages():
        html = page.read_text(encoding="utf-8")
        # The Content-Security-Policy (style-src 'self') would drop any inline style.
        assert not re.search(r"<[^>]*\sstyle=", html), f"{page.name}: an inline style attribute"
        used = set(re.findall(r"\b(k-[0-9a-f]{8})\b", html))
        assert used <= defined, f"{page.name}: math classes missing from math.css: {sorted(used - defined)[:5]}"
        if "arithmatex" in html:
            assert 'href="assets/lesson/math.css"' in html


def test_no_katex_script_is_shipped_or_loaded():
    assert not (SITE / "assets" / "katex" / "katex.min.js").exists()
    assert (SITE / "assets" / "katex" / "katex.min.css").is_file()
    for page in pages():
        assert "katex.min.js" not in page.read_text(encoding="utf-8")
