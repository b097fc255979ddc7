"""The lesson's equations typeset at build time, not in the reader's browser.

pymdownx.arithmatex (generic mode) leaves ``\\(...\\)`` in ``span.arithmatex`` and ``\\[...\\]`` in
``div.arithmatex``. Each page's formulas go to KaTeX (the version package.json pins) in one Node
call (site_src/math/typeset.js), and its HTML + MathML replaces them: the page shows its math from
the first paint, without JavaScript, and runs no typesetting task while Python starts.

KaTeX sizes its boxes with ``style`` attributes, which the site's Content-Security-Policy refuses
(style-src 'self', no 'unsafe-inline'). Each distinct style becomes a class instead, defined in
one stylesheet written after the build (``assets/lesson/math.css``), ``!important`` so that it
wins over katex.min.css as the inline style did.

The search index is made from the pages before this runs (Material's on_page_context): it keeps
the TeX, which site_src/search_text.py turns into plain text.
"""

import hashlib
import html
import json
import re
import subprocess
from pathlib import Path

TYPESET = Path(__file__).resolve().parent / "math" / "typeset.js"
STYLESHEET = Path("assets") / "lesson" / "math.css"
FORMULA = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.DOTALL)
DELIMITED = re.compile(r"\A\s*\\[(\[](.*)\\[)\]]\s*\Z", re.DOTALL)
OPENING_TAG = re.compile(r"<[a-zA-Z][^<>]*>")
STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')
CLASS_ATTRIBUTE = re.compile(r'\sclass="([^"]*)"')


class MathError(Exception):
    """KaTeX could not typeset a formula (the message names it)."""


class MathStyles:
    """The style attributes of every typeset formula, as classes of one stylesheet."""

    def __init__(self):
        self.rules = {}  # class name -> declarations

    def class_for(self, style):
        declarations = ";".join(
            f"{part.strip()}!important" for part in style.split(";") if part.strip())
        name = "k-" + hashlib.sha1(declarations.encode()).hexdigest()[:8]
        self.rules[name] = declarations
        return name

    def css(self):
        header = "/* Written by the build (site_src/math_html.py): KaTeX's box sizes as classes. */\n"
        return header + "".join(f".katex .{name}{{{self.rules[name]}}}\n" for name in sorted(self.rules))

    def write(self, site_dir):
        path = Path(site_dir) / STYLESHEET
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.css(), encoding="utf-8")


def typeset_page(page_html, styles):
    """The page with every arithmatex formula replaced by KaTeX's HTML (no style attributes)."""
    found = list(FORMULA.finditer(page_html))
    if not found:
        return page_html
    formulas = [{"tex": tex_of(match.group(2)), "display": match.group(1) == "div"} for match in found]
    typeset = run_katex(formulas)
    parts, end = [], 0
    for match, formula_html in zip(found, typeset):
        tag = match.group(1)
        parts += [page_html[end:match.start()],
                  f'<{tag} class="arithmatex">{styles_as_classes(formula_html, styles)}</{tag}>']
        end = match.end()
    return "".join(parts) + page_html[end:]


def tex_of(element_text):
    """``\\(x^2\\)`` as arithmatex wrote it (HTML-escaped) -> ``x^2``."""
    text = html.unescape(element_text)
    delimited = DELIMITED.match(text)
    if not delimited:
        raise MathError(f"not a delimited formula: {text!r}")
    return delimited.group(1).strip()


def run_katex(formulas):
    try:
        done = subprocess.run(["node", str(TYPESET)], input=json.dumps(formulas), capture_output=True,
                              text=True, encoding="utf-8", timeout=120, check=False)
    except FileNotFoundError as error:
        raise MathError("node is needed to typeset the math (see README: Node 20.10+)") from error
    if done.returncode != 0:
        raise MathError(f"KaTeX refused a formula: {done.stderr.strip()}")
    typeset = json.loads(done.stdout)
    if len(typeset) != len(formulas):
        raise MathError(f"KaTeX returned {len(typeset)} formulas for {len(formulas)}")
    return typeset


def styles_as_classes(formula_html, styles):
    def rewrite(tag_match):
        tag = tag_match.group(0)
        style = STYLE_ATTRIBUTE.search(tag)
        if not style:
            return tag
        tag = tag[:style.start()] + tag[style.end():]
        name = styles.class_for(html.unescape(style.group(1)))
        classes = CLASS_ATTRIBUTE.search(tag)
        if classes:
            return f'{tag[:classes.end() - 1]} {name}"{tag[classes.end():]}'
        end = len(tag) - (2 if tag.endswith("/>") else 1)
        return f'{tag[:end]} class="{name}"{tag[end:]}'
    return OPENING_TAG.sub(rewrite, formula_html)
