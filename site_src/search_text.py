"""Search results without raw LaTeX: the math in the search index, rewritten as plain text.

Material's search shows a snippet of each section's text; arithmatex leaves the math there as
``\\(\\partial L/\\partial w\\)``. After the build the index is rewritten so the snippet reads
``∂L/∂w`` (what KaTeX shows on the page); so is the copy Material's offline plugin made of it
for pages opened from disk (``search_index.js``, ``var __index = <the JSON>``).
"""

import json
import re
import unicodedata
from pathlib import Path

INDEX = Path("search") / "search_index.json"
OFFLINE_INDEX = Path("search") / "search_index.js"
OFFLINE_PREFIX = "var __index = "

SYMBOLS = {
    "theta": "θ", "eta": "η", "sigma": "σ", "partial": "∂", "nabla": "∇", "alpha": "α",
    "beta": "β", "lambda": "λ", "mu": "μ", "sum": "Σ", "infty": "∞", "left": "", "right": "",
}
OPERATORS = {  # written with a space on each side, whatever the source's spacing
    "cdot": "·", "approx": "≈", "leftarrow": "←", "rightarrow": "→", "times": "×", "le": "≤",
    "ge": "≥", "leq": "≤", "geq": "≥", "neq": "≠", "quad": "", "qquad": "",
}
SUPERSCRIPT = str.maketrans("0123456789+-=()in", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁱⁿ")
SUBSCRIPT = str.maketrans("0123456789+-=()aeixt", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑᵢₓₜ")
# A page's own entry holds the text before its first heading (the lesson's greeting): a query's
# small words ("de*", "la*", Material adds the wildcard) must not rank it above the section that
# answers the query. Sections keep Material's weight.
PAGE_INTRO_BOOST = 0.4
MATH = re.compile(r"\\\((.*?)\\\)|\\\[(.*?)\\\]", re.DOTALL)


def readable_math(latex):
    """One formula's LaTeX (as the index holds it, HTML-escaped) -> plain Unicode text."""
    text = latex.replace("&amp;", "").replace("\\\\", ";")
    text = re.sub(r"\\(begin|end)\{[a-z*]+\}", "", text)
    text = _expand(text)
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", text).strip(" ;"))


def _expand(text):
    out, i = [], 0
    while i < len(text):
        char = text[i]
        if char == "\\":
            match = re.match(r"\\([A-Za-z]+|.)", text[i:])
            name = match.group(1)
            i += match.end()
            if name == "frac":
                numerator, i = _group(text, i)
                denominator, i = _group(text, i)
                out.append(f"{_wrap(_expand(numerator))}/{_wrap(_expand(denominator))}")
            elif name in ("text", "mathrm", "operatorname"):
                content, i = _group(text, i)
                out.append(content)
            elif name == "hat":
                content, i = _group(text, i)
                out.append(_expand(content) + "\u0302")
            elif name in (",", ";", ":", "!", " "):
                out.append(" " if name != "!" else "")
            elif name in OPERATORS:
                out.append(f" {OPERATORS[name]} ")
            else:
                out.append(SYMBOLS.get(name, name))
                # "\\partial L" reads ∂L: a space that only ends the command word goes.
                if re.match(r" +[A-Za-z]", text[i:]):
                    i = len(text) - len(text[i:].lstrip(" "))
        elif char in "^_":
            content, i = _group(text, i + 1)
            content = _expand(content)
            table = SUPERSCRIPT if char == "^" else SUBSCRIPT
            converted = content.translate(table)
            # Unicode has no sub/superscript for most letters: then write the plain characters.
            mapped = all(c != o or c in " " for c, o in zip(converted, content))
            out.append(converted if mapped else (f"^{_wrap(content)}" if char == "^" else content))
        elif char in "{}":
            i += 1
        else:
            out.append(char)
            i += 1
    return "".join(out)


def _group(text, i):
    """The argument at text[i:]: a {braced group} (nested braces allowed) or one character."""
    while i < len(text) and text[i] == " ":
        i += 1
    if i >= len(text):
        return "", i
    if text[i] != "{":
        if text[i] == "\\":
            match = re.match(r"\\([A-Za-z]+|.)", text[i:])
            return match.group(0), i + match.end()
        return text[i], i + 1
    depth = 0
    for j in range(i, len(text)):
        depth += {"{": 1, "}": -1}.get(text[j], 0)
        if depth == 0:
            return text[i + 1:j], j + 1
    return text[i + 1:], len(text)


def _wrap(expression):
    """Parentheses around a fraction's part unless it is one symbol, ∂ of one, or a number."""
    simple = re.fullmatch(r"∂?[A-Za-zσθη]|[\d.]+", expression.strip())
    return expression.strip() if simple else f"({expression.strip()})"


def plain_text(text):
    """Every \\( \\) and \\[ \\] formula of an index entry rewritten as plain text."""
    return MATH.sub(lambda match: readable_math(match.group(1) or match.group(2) or ""), text)


def clean_search_index(site_dir):
    path = Path(site_dir) / INDEX
    if not path.is_file():
        return 0
    index = json.loads(path.read_text(encoding="utf-8"))
    changed = 0
    pages_with_sections = {doc["location"].split("#")[0] for doc in index["docs"] if "#" in doc["location"]}
    for doc in index["docs"]:
        if doc["location"] in pages_with_sections:
            doc["boost"] = PAGE_INTRO_BOOST * doc.get("boost", 1)
        for field in ("text", "title"):
            cleaned = plain_text(doc.get(field, ""))
            if cleaned != doc.get(field, ""):
                doc[field] = cleaned
                changed += 1
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    path.write_text(data, encoding="utf-8")
    offline = Path(site_dir) / OFFLINE_INDEX
    if offline.is_file():
        offline.write_text(OFFLINE_PREFIX + data, encoding="utf-8")
    return changed
