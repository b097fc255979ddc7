"""Every built page announces, above its policy <meta>, each stylesheet and blocking script of
its <head> (Chromium's preload scanner stops at that <meta>), and keeps its charset within the first
1024 bytes, where a page opened from disk (no Content-Type header) has it read."""

import re
import zipfile

from site_src import offline_bundle
from tests.conftest import SITE

POLICY = '<meta http-equiv="Content-Security-Policy"'
PRELOAD = re.compile(r'<link rel="preload" href="([^"]+)" as="(style|script)">')
STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"')
BLOCKING_SCRIPT = re.compile(r'<script src="([^"]+)"(?![^>]*\b(?:async|defer|type=))[^>]*>')


def check_page(name, html):
    assert html.index('<meta charset="utf-8">') < 1024, name
    above, below = html[:html.index(POLICY)], html[html.index(POLICY):html.index("</head>")]
    announced = PRELOAD.findall(above)
    below = re.sub(r"<noscript>.*?</noscript>", "", below, flags=re.S)
    blocking = {(href, "style") for href in STYLESHEET.findall(below)}
    blocking |= {(href, "script") for href in BLOCKING_SCRIPT.findall(below)}
    assert blocking, f"{name}: no stylesheet or blocking script found: the patterns are stale"
    assert set(announced) == blocking, name
    assert len(announced) == len(blocking), f"{name}: a file announced twice"
    assert not PRELOAD.findall(html[html.index(POLICY):]), f"{name}: a file announced below the policy"


def test_every_page_announces_its_blocking_files_above_the_policy():
    pages = sorted(SITE.rglob("*.html"))
    assert {page.name for page in pages} >= {"index.html", "leccion.html", "404.html"}
    for page in pages:
        check_page(page.name, page.read_text(encoding="utf-8"))


def test_the_offline_copy_has_the_same_pages():
    with zipfile.ZipFile(SITE / offline_bundle.DOWNLOADS / offline_bundle.ZIP_NAME) as archive:
        pages = [name for name in archive.namelist() if name.endswith(".html")]
        assert any(name.endswith("/leccion.html") for name in pages)
        for name in pages:
            check_page(name, archive.read(name).decode("utf-8"))
