"""A page with widgets fetches its first pre-rendered figure from <head> on, the layout for the
reader's width only: the two preloads name exactly the first <picture>'s two files, with media
queries that split the widths between them."""

import re

from site_src.widget_html import NARROW_MEDIA
from tests.conftest import SITE

PRELOAD = re.compile(r'<link rel="preload" as="image" href="([^"]+)" media="([^"]+)" fetchpriority="high">')
PICTURE = re.compile(r'<picture class="lw-picture"><source media="([^"]+)" srcset="([^"]+)"[^>]*><img class="lw-figure" src="([^"]+)"')


def pages():
    return sorted(SITE.rglob("*.html"))


def test_each_widget_page_preloads_its_first_figure_and_only_it():
    with_widgets = 0
    for page in pages():
        html = page.read_text(encoding="utf-8")
        head = html[:html.index("</head>")]
        preloads = PRELOAD.findall(head)
        picture = PICTURE.search(html)
        if not picture:
            assert preloads == [], f"{page.name}: a preload without a figure"
            continue
        with_widgets += 1
        media, narrow, wide = picture.groups()
        assert media == NARROW_MEDIA
        assert preloads == [(wide, f"not all and {NARROW_MEDIA}"), (narrow, NARROW_MEDIA)], page.name
        assert (page.parent / wide).is_file() and (page.parent / narrow).is_file()
        # Before every script and stylesheet: nothing delays the request.
        assert head.index('rel="preload" as="image"') < min(head.index("<script"), head.index('rel="stylesheet"'))
    assert with_widgets >= 2, "index.html and leccion.html have widgets"
