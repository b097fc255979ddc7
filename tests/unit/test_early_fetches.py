"""The files in <head> that block a page's first frame are announced above its policy <meta>."""

from site_src.early_fetches import with_early_fetches

PAGE = """<!doctype html>
<html><head>
  <meta http-equiv="Content-Security-Policy" content="default-src 'none'">
  <link rel="preload" as="image" href="first.svg" fetchpriority="high">
  <meta charset="utf-8">
  <link rel="stylesheet" href="a.css">
  <script src="blocking.js"></script>
  <script src="runtime.js" async></script>
  <noscript><link rel="stylesheet" href="noscript.css"></noscript>
  <link rel="stylesheet" href="b.css">
</head><body>
  <script src="body.js"></script>
  <script src="late.js" defer></script>
  <script src="module.js" type="module"></script>
  <script src="blocking.js"></script>
  <script id="__config" type="application/json">{}</script>
</body></html>"""


POLICY = '<meta http-equiv="Content-Security-Policy"'


def test_blocking_files_are_announced_in_order_above_the_policy_after_the_charset_and_figure():
    html = with_early_fetches(PAGE)
    inserted = html[PAGE.index(POLICY):html.index(POLICY)]
    assert inserted.split() == [
        '<meta', 'charset="utf-8">',
        '<link', 'rel="preload"', 'as="image"', 'href="first.svg"', 'fetchpriority="high">',
        '<link', 'rel="preload"', 'href="a.css"', 'as="style">',
        '<link', 'rel="preload"', 'href="blocking.js"', 'as="script">',
        '<link', 'rel="preload"', 'href="b.css"', 'as="style">',
    ]  # body.js: the parser waits for it, and an async script runs meanwhile
    # Nothing else changed: the charset and the figure's preload moved up, the rest is as it was.
    moved = ('<meta charset="utf-8">', '<link rel="preload" as="image" href="first.svg" fetchpriority="high">\n  ')
    assert html.replace(inserted, "", 1) == PAGE.replace(moved[0], "", 1).replace(moved[1], "", 1)


def test_a_page_without_a_policy_is_unchanged():
    page = PAGE.replace(POLICY, "<meta")
    assert with_early_fetches(page) == page
