"""Widget markup: URL namespaces and element ids stay unique on a page, old shared links keep working."""

import json
import re
from html import unescape

import widget_render
from site_src.widget_html import PageNames, widget_html

SGD = "sgd_descent.visualize_sgd"


def page_of(*widgets):
    names = PageNames(widgets)
    spec = widget_render.widget_spec(SGD)
    results = {layout: widget_render.render(SGD, {}, layout=layout) for layout in ("wide", "narrow")}
    sources = {"wide": "f.svg", "narrow": "f.narrow.svg"}
    html = [widget_html({**spec, "widget": widget}, results, sources, names) for widget in widgets]
    return html


def namespace(html):
    return json.loads(unescape(re.search(r'data-spec="([^"]*)"', html).group(1)))["namespace"]


def ids(html):
    return re.findall(r' id="([^"]+)"', html)


def test_a_lone_widget_keeps_the_bare_name_and_its_old_anchor():
    [html] = page_of(SGD)
    assert namespace(html) == "visualize_sgd"  # ?visualize_sgd.lr=0.31 links keep working
    assert ids(html) == ["lw-sgd-descent-visualize-sgd", "lw-sgd-descent-visualize-sgd-lr",
                         "lw-sgd-descent-visualize-sgd-steps"]


def test_one_widget_twice_gets_two_namespaces_and_distinct_ids():
    first, second = page_of(SGD, SGD)
    assert (namespace(first), namespace(second)) == ("visualize_sgd", "visualize_sgd-2")
    assert not set(ids(first)) & set(ids(second))


def test_same_function_name_in_two_modules_is_qualified():
    first, second = page_of(SGD, "other_lesson.visualize_sgd")
    assert (namespace(first), namespace(second)) == (SGD, "other_lesson.visualize_sgd")
    assert not set(ids(first)) & set(ids(second))


def test_ids_that_would_collide_after_slugging_are_numbered():
    names = PageNames(["a_b.c", "a.b_c"])
    assert names.element_id("a_b.c") == "lw-a-b-c"
    assert names.element_id("a.b_c") == "lw-a-b-c-2"
    assert names.element_id("lw-a-b-c", "x") == "lw-a-b-c-x"
    assert names.element_id("lw-a-b", "c_x") == "lw-a-b-c-x-2"


def test_the_figure_offers_the_narrow_layout_to_phones_and_a_full_screen_button():
    [html] = page_of(SGD)
    picture = re.search(r'<picture class="lw-picture">(.*?)</picture>', html).group(1)
    assert re.search(r'<source media="\(max-width: 599\.98px\)" srcset="f\.narrow\.svg"', picture)
    assert '<img class="lw-figure" src="f.svg"' in picture
    assert 'class="lw-zoom md-button" aria-haspopup="dialog">Ver en pantalla completa<' in html
