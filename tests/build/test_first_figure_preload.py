"""What a page with widgets asks for first: python-runtime.js (Python starts loading at once) and
its first pre-rendered figure, the layout for the reader's width only: the two preloads name
exactly the first <picture>'s two files, with media queries that split the widths between them.
Both come before anything that blocks rendering (stylesheets, Material's scripts)."""

import re

from site_src.widget_html import NARROW_MEDIA
from tests.conftest import SITE

BLOCKING = re.compile(r'<link rel="stylesheet"|<script(?![^>]*\b(?:async|defer)\b)[^>]*>')
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
        first_blocking = BLOCKING.search(head).start()
        assert head.index('rel="preload"') < first_blocking, page.name
        runtime = head.index('<script src="assets/lesson/python-runtime.js" async>')
        assert runtime < first_blocking and runtime == head.index("<script"), page.name
    assert with_widgets >= 2, "index.html and leccion.html have widgets"
