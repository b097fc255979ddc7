"""Readers are addressed as "ustedes", as the seed does ("Imaginen…", "muevan…"): no "usted"
(Elija, Pruebe) and no "tú" (mueve, tu navegador) in anything a reader sees."""

import re

import pytest

from tests.conftest import ROOT

# Forms of "usted" and "tú" that crept into the lesson's pages, widgets and messages before.
SINGULAR = re.compile(
    r"\b(usted|tú|tu|tus|elija|elige|pruebe|prueba tú|ponga|baje|suba|copie|activa JavaScript|"
    r"descomprima|abra|descargue|prefiere|sirva|mueve los controles|quédese|vas|eliges)\b",
    re.IGNORECASE)

READER_FACING = sorted(
    [*ROOT.glob("docs/*.md"), *ROOT.glob("py/*.py"), *ROOT.glob("site_src/js/*.js"),
     *ROOT.glob("site_src/*.py"), *ROOT.glob("site_src/overrides/**/*.html"), ROOT / "mkdocs.yml"])


@pytest.mark.parametrize("path", READER_FACING, ids=lambda path: str(path.relative_to(ROOT)))
def test_readers_are_addressed_as_ustedes(path):
    text = path.read_text(encoding="utf-8")
    found = [(text.count("\n", 0, match.start()) + 1, match.group(0)) for match in SINGULAR.finditer(text)]
    assert not found, f"{path.relative_to(ROOT)}: lines and words {found}"


def test_the_lesson_says_divergir():
    lesson = (ROOT / "docs" / "leccion.md").read_text(encoding="utf-8")
    assert "diverger" not in lesson and "divergir" in lesson
