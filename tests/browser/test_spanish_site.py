"""The site speaks Spanish everywhere a reader looks: search, the 404 page, the footer."""

import pytest


def search(page, query):
    """Type a query into Material's search and return the result titles, best first."""
    opener = page.locator("label.md-header__button[for='__search']")
    if opener.is_visible():  # narrow screens: a button opens the search box
        opener.click()
    box = page.locator("input.md-search__input")
    box.click()
    # Typed once the index is loaded ("Escriban para comenzar la búsqueda"): earlier input is dropped.
    page.wait_for_function(
        "() => /Escriban/.test(document.querySelector('.md-search-result__meta').textContent)",
        timeout=30_000)
    box.fill(query)
    box.press("End")  # Material searches on key events: one, with the whole query
    # "N documentos encontrados" / "No se encontraron documentos" once the index has answered.
    page.wait_for_function(
        "() => /encontrad/.test(document.querySelector('.md-search-result__meta').textContent)",
        timeout=30_000)
    # Every entry shown (page heads and their sections), in the order Material lists them.
    return page.eval_on_selector_all(
        ".md-search-result__link", "links => links.map(link => ({"
        " title: link.querySelector('h1, h2').textContent.trim(),"
        " href: link.getAttribute('href'),"
        " score: Number(link.querySelector('article').dataset.mdScore),"
        " teaser: Boolean(link.querySelector('article > p')),"
        " text: link.textContent }))")


def test_chain_rule_query_ranks_the_chain_rule_sections_first(visit, site_url):
    page = visit().page
    page.goto(site_url + "leccion.html")
    results = search(page, "regla de la cadena")
    assert results, "no results for «regla de la cadena»"
    summary = [(r["href"].split("/")[-1], r["score"]) for r in results]
    best = max(results, key=lambda r: r["score"])
    assert "regla-de-la-cadena" in best["href"], summary
    # The lesson's greeting (the page's own entry) shows only its title, no snippet, above it.
    head = results[0]
    assert "#" not in head["href"] and not head["teaser"], summary
    assert "regla-de-la-cadena" in results[1]["href"] and results[1]["teaser"], summary


@pytest.mark.parametrize("query, section", [
    ("sigmoide", "la-regla-de-la-cadena-paso-a-paso"),
    ("divergir", "sgd-mini-batch-y-batch-completo"),
])
def test_words_of_the_lesson_are_found(visit, site_url, query, section):
    page = visit().page
    page.goto(site_url + "index.html")
    results = search(page, query)
    hrefs = [result["href"] for result in results]
    assert any(section in href for href in hrefs), (query, hrefs)


def test_search_snippets_show_no_raw_latex(visit, site_url):
    page = visit().page
    page.goto(site_url + "index.html")
    results = search(page, "derivada")
    assert results
    for result in results:
        assert "\\(" not in result["text"] and "\\partial" not in result["text"], result["text"]
    texts = " ".join(result["text"] for result in results)
    assert "∂" in texts  # the math is there, as text a reader can read


def test_the_404_page_and_the_footer_are_in_spanish(visit, site_url):
    current = visit()
    page = current.page
    page.goto(site_url + "404.html")
    assert "página no encontrada" in page.locator("h1").inner_text().lower()
    assert page.get_attribute("html", "lang") == "es"
    body = page.locator("body").inner_text()
    assert "Not found" not in body
    for path in ("404.html", "index.html", "leccion.html"):
        page.goto(site_url + path)
        footer = page.locator("footer").inner_text()
        assert "Made with" not in footer and "Sitio hecho con" in footer, footer
    page.goto(site_url + "404.html")
    page.click("text=Ir a la lección")
    page.wait_for_url("**/leccion.html")
