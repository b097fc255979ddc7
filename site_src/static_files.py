"""Copy what the pages load besides the runtime: KaTeX, the page scripts and styles, the py/ modules.

Everything a page loads comes from the site itself; nothing from another host.
"""

import json
import shutil
from pathlib import Path

from site_src import js_bundle, runtime_manifest

ROOT = Path(__file__).resolve().parent.parent
KATEX_DIST = ROOT / "node_modules" / "katex" / "dist"
KATEX_FILES = ("katex.min.js", "katex.min.css")


def copy_all(site_dir):
    site_dir = Path(site_dir)
    scripts = site_dir / "assets" / "lesson"
    copy_katex(site_dir / "assets" / "katex")
    bundle_python_modules(ROOT / "py", site_dir / "py")
    files = runtime_manifest.build(site_dir)  # after site/pyodide/ and py/modules.json exist
    js_bundle.build_page_scripts(scripts, generated_modules(files))
    js_bundle.copy_classic_scripts(scripts)
    copy_tree_files(ROOT / "site_src" / "css", scripts, "*.css")
    js_bundle.build_editor(scripts)


def generated_modules(files):
    """What the page scripts import from the build (site_src/js_bundle.py, "generated/<name>.json")."""
    return {
        # For the worker: the sha256, size and gzip copy of every runtime file.
        "runtime-files": files,
        # For the page: how many bytes starting Python downloads (offered to readers saving data).
        "runtime-summary": {"download_bytes": runtime_manifest.download_bytes(files)},
    }


def copy_katex(dest):
    if not (KATEX_DIST / "katex.min.js").is_file():
        raise FileNotFoundError(f"{KATEX_DIST} is missing: run `npm ci`.")
    dest.mkdir(parents=True, exist_ok=True)
    for name in KATEX_FILES:
        shutil.copyfile(KATEX_DIST / name, dest / name)
    # woff2 is enough for every browser that runs Pyodide; the other formats only add weight.
    fonts = dest / "fonts"
    fonts.mkdir(exist_ok=True)
    for font in sorted((KATEX_DIST / "fonts").glob("*.woff2")):
        shutil.copyfile(font, fonts / font.name)


def copy_tree_files(source, dest, pattern):
    dest.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.glob(pattern)):
        shutil.copyfile(path, dest / path.name)


def bundle_python_modules(source, dest):
    """The .py files as they are (readers may open them) plus one JSON bundle for the worker."""
    dest.mkdir(parents=True, exist_ok=True)
    modules = {}
    for path in sorted(source.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        modules[path.name] = text
        (dest / path.name).write_text(text, encoding="utf-8")
    (dest / "modules.json").write_text(json.dumps(modules, sort_keys=True), encoding="utf-8")
