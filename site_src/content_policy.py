"""The site's Content-Security-Policy: what every page may load and run.

Written into each page by the theme override (site_src/overrides/main.html, a <meta> first in
<head>). Everything comes from the site itself; the exceptions are what the lesson proves to need:

- 'wasm-unsafe-eval': Pyodide compiles pyodide.asm.wasm and the wheels' extension modules;
- blob: for scripts and workers: opened from disk, the worker is made from a Blob and runs
  Pyodide's scripts from Blob URLs (site_src/js/python-runtime.js, pyodide-worker.js);
- data: and blob: for fetch: the offline copy decodes its files through data: URLs; live
  figures are Blob URLs of the SVG Python drew.

A served worker gets no policy from a <meta>; the tests serve the same policy as an HTTP header
to check the worker runs under it too.
"""

DIRECTIVES = {
    "default-src": ["'none'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'", "blob:"],
    "worker-src": ["'self'", "blob:"],
    "connect-src": ["'self'", "data:", "blob:"],
    "img-src": ["'self'", "data:", "blob:"],
    "style-src": ["'self'"],
    "font-src": ["'self'", "data:"],
    "manifest-src": ["'self'"],
    "frame-src": ["'self'"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
    "object-src": ["'none'"],
}


def policy():
    """The policy as one header value."""
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in DIRECTIVES.items())
