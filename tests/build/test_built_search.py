"""The built search index: tuned for Spanish, math as plain text, the offline copy the same."""

import json

import pytest

from site_src.search_text import PAGE_INTRO_BOOST
from tests.conftest import SITE


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
