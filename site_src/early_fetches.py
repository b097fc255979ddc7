"""The page's stylesheets and scripts announced before its Content-Security-Policy <meta>.

Chromium's preload scanner stops at a policy given in a <meta> (crbug.com/1458493): every file
after it is requested only when the parser reaches it, one blocking script after another (on
loopback the lesson's first paint came ~200 ms later than without the <meta>). GitHub Pages
cannot send the policy as a header, so the <meta> stays, and the files the page will ask for
are announced above it as <link rel="preload">: the scanner sees them, they download together,
and the parser finds them in the cache. The policy still governs everything the page runs:
a preload only fetches (our own files, from our own origin), it runs nothing.

Only what blocks the first frame is announced: the <head>'s stylesheets and its classic
scripts without async or defer. A deferred script runs after the page is parsed anyway, and
fetched early it would take a connection from the first figure; an async one (python-runtime.js)
would start the Python worker at once, and its compile would share the cores with the page's
first frame. The <body>'s blocking scripts are left to the parser: with them announced too, the
parser never waited, and the async python-runtime.js, which runs when the parser pauses, ran
only once the whole page was parsed (the worker started ~250 ms later, and so was ready later).
"""

import re

POLICY_META = '<meta http-equiv="Content-Security-Policy"'
CHARSET_META = '<meta charset="utf-8">'  # must stay within the first 1024 bytes (file:// has no header)
# Tags as MkDocs and Material write them: attributes in double quotes.
STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"[^>]*>')
SCRIPT = re.compile(r'<script src="([^"]+)"([^>]*)>')
NOSCRIPT = re.compile(r"<noscript>.*?</noscript>", re.S)
IMAGE_PRELOAD = re.compile(r'<link rel="preload" as="image"[^>]*>\s*')  # the first figure's (main.html)


def announced(html):
    """The preload links of the head's stylesheets and blocking scripts, in document order."""
    visible = NOSCRIPT.sub("", html[:html.find("</head>")])
    found = [(match.start(), match.group(1), "style") for match in STYLESHEET.finditer(visible)]
    found += [(match.start(), match.group(1), "script") for match in SCRIPT.finditer(visible)
              if not re.search(r"\b(async|defer|type=)", match.group(2))]
    links, seen = [], set()
    for _, href, kind in sorted(found):
        if href not in seen:
            seen.add(href)
            links.append(f'<link rel="preload" href="{href}" as="{kind}">')
    return links


def with_early_fetches(html):
    """The page with its files announced just above the policy (unchanged without a policy):
    its character set, its first figure's preloads, then its stylesheets and blocking scripts."""
    at = html.find(POLICY_META)
    if at < 0:
        return html
    head, rest = html[:at], html[at:]
    links = announced(rest)
    # The page's first figure first of all: the page shows it in its first frame if it can.
    images = [link.strip() for link in IMAGE_PRELOAD.findall(rest)]
    rest = IMAGE_PRELOAD.sub("", rest)
    links = images + links
    if CHARSET_META in rest:
        rest = rest.replace(CHARSET_META, "", 1)
        links.insert(0, CHARSET_META)
    return head + "".join(link + "\n  " for link in links) + rest
