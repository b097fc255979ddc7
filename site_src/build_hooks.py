"""MkDocs hooks: where the Markdown's widget lines become live widgets and the site gets its runtime.

- ``::widget module.function`` (a line by itself) -> the widget's HTML, with its figure
  pre-rendered by CPython from the same py/ module the browser runs;
- after the build: the verified Pyodide runtime, the py/ modules, KaTeX and the page scripts are
  copied into the site.
"""

import os
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

# py/ and the repository root come on PYTHONPATH (the Makefile sets it): `make build`.
try:
    import widget_render  # the same py/ module the browser's worker imports
except ModuleNotFoundError as error:
    raise PluginError("the lesson's py/ modules are not importable: build with `make build` "
                      "(it sets PYTHONPATH=py:.)") from error
from site_src import (  # noqa: E402
    content_policy, early_fetches, offline_bundle, pyodide_assets, search_text, service_worker,
    static_files)
from site_src.widget_html import NARROW_MEDIA, PageNames, widget_html  # noqa: E402
from lesson_style import LAYOUTS  # noqa: E402

WIDGET_LINE = re.compile(r"^::widget[ \t]+([A-Za-z_][\w.]*)[ \t]*$", re.MULTILINE)
FIGURES_DIR = "figures"
DEV_MODE = "LECCION_DEV"  # set by `make dev` (mkdocs serve: live reload while editing)


def on_files(files, config):
    # The lesson as a Jupyter notebook: a file of the site, so the page's link to it is checked.
    from mkdocs.structure.files import File

    from site_src import notebook

    lesson = Path(config["docs_dir"]) / "leccion.md"
    content = notebook.notebook_json(lesson.read_text(encoding="utf-8"))
    files.append(File.generated(config, notebook.NOTEBOOK_NAME, content=content))
    return files


def on_page_markdown(markdown, page, config, files):
    site_dir = Path(config["site_dir"])
    to_root = "../" * page.file.dest_uri.count("/")
    names = PageNames(WIDGET_LINE.findall(markdown))

    def replace(match):
        name = match.group(1)
        try:
            spec = widget_render.widget_spec(name)
            # One figure per layout; the page's <picture> lets the browser pick by width.
            results = {layout: widget_render.render(name, {}, layout=layout) for layout in LAYOUTS}
        except LookupError as error:
            raise PluginError(f"{page.file.src_uri}: {error}") from error
        sources = {}
        for layout, result in results.items():
            figure_name = f"{FIGURES_DIR}/{name}.svg" if layout == "wide" else f"{FIGURES_DIR}/{name}.{layout}.svg"
            target = site_dir / figure_name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(result["svg"], encoding="utf-8")
            sources[layout] = to_root + figure_name
        # The first figure is fetched from <head> on (overrides/main.html): it is the page's
        # first picture, and otherwise waits until the parser gets past the head's scripts.
        page.meta.setdefault("first_figure", {"wide": sources["wide"], "narrow": sources["narrow"],
                                              "narrow_media": NARROW_MEDIA})
        return "\n" + widget_html(spec, results, sources, names) + "\n"

    return WIDGET_LINE.sub(replace, markdown)


def on_config(config):
    # Read by the theme override (site_src/overrides/main.html).
    config.extra["content_security_policy"] = content_policy.policy()
    return config


def on_post_page(output, page, config):
    # Above the policy's <meta>, the files the page asks for: Chromium's preload scanner stops there.
    return early_fetches.with_early_fetches(output)


def on_post_template(output_content, template_name, config):
    return early_fetches.with_early_fetches(output_content)  # 404.html


@event_priority(-200)  # after every plugin (Material's offline plugin writes at -100)
def on_post_build(config):
    site_dir = Path(config["site_dir"])
    search_text.clean_search_index(site_dir)  # first: the service worker lists its hash
    try:
        summary = pyodide_assets.build_runtime(site_dir / "pyodide")
    except pyodide_assets.AssetError as error:
        raise PluginError(f"pyodide-assets: {error}") from error
    if summary["fetched"]:
        print(f"pyodide-assets: verified {len(summary['fetched'])} wheels from the {summary['source']}")
    total = sum(summary["sizes"].values())
    print(f"pyodide-assets: site/pyodide is {total / 1e6:.1f} MB ({len(summary['sizes'])} files)")
    static_files.copy_all(site_dir)
    if os.environ.get(DEV_MODE):
        # `make dev`: every save rebuilds, so no offline zip, and a service worker that removes
        # itself and its caches (one left by `make serve` on the same address would serve stale pages).
        service_worker.write_retiring_worker(site_dir)
        return
    service_worker.write_service_worker(site_dir)  # it lists every file of the site but the zip
    sizes = offline_bundle.build_offline_zip(site_dir)  # last: it holds the whole site
    print(f"offline copy: {offline_bundle.DOWNLOADS}/{offline_bundle.ZIP_NAME} is {sizes['zip'] / 1e6:.1f} MB")
