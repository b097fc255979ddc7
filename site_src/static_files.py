"""Copy what the pages load besides the runtime: KaTeX, the page scripts and styles, the py/ modules.

Everything a page loads comes from the site itself; nothing from another host.
"""

import json
import shutil
from pathlib import Path

from site_src import editor_bundle, runtime_manifest

ROOT = Path(__file__).resolve().parent.parent
KATEX_DIST = ROOT / "node_modules" / "katex" / "dist"
KATEX_FILES = ("katex.min.js", "katex.min.css")
PROTOCOL_DIR = ROOT / "site_src" / "protocol"
PACKAGES_FILE = ROOT / "site_src" / "runtime" / "packages.json"
# SHA-256 in plain JavaScript, for contexts without crypto.subtle (a plain-http LAN origin).
SHA256_JS = ROOT / "node_modules" / "js-sha256" / "build" / "sha256.min.js"


def copy_all(site_dir):
    site_dir = Path(site_dir)
    copy_katex(site_dir / "assets" / "katex")
    bundle_python_modules(ROOT / "py", site_dir / "py")
    copy_tree_files(ROOT / "site_src" / "js", site_dir / "assets" / "lesson", "*.js")
    files = runtime_manifest.build(site_dir)  # after site/pyodide/ and py/modules.json exist
    # The two ends of the page <-> worker protocol get the declaration inlined at their top.
    preludes = {
        "python-runtime.js": protocol_prelude() + runtime_size_prelude(files),
        "pyodide-worker.js": protocol_prelude() + packages_prelude() + worker_prelude(files),
    }
    for name, prelude in preludes.items():
        script = site_dir / "assets" / "lesson" / name
        script.write_text(prelude + script.read_text(encoding="utf-8"), encoding="utf-8")
    copy_tree_files(ROOT / "site_src" / "css", site_dir / "assets" / "lesson", "*.css")
    editor_bundle.build_editor(site_dir / "assets" / "lesson")


def protocol_prelude():
    """``const PROTOCOL = <protocol.json>;`` and its helpers, for the top of a script."""
    declaration = json.loads((PROTOCOL_DIR / "protocol.json").read_text(encoding="utf-8"))
    helpers = (PROTOCOL_DIR / "messages.js").read_text(encoding="utf-8")
    return (f"const PROTOCOL = {json.dumps(declaration, ensure_ascii=False, sort_keys=True)};\n"
            f"{helpers}\n")


def packages_prelude():
    """``const PYODIDE_PACKAGES = [...];``: the packages the worker loads, from their one declaration."""
    packages = json.loads(PACKAGES_FILE.read_text(encoding="utf-8"))["packages"]
    return f"const PYODIDE_PACKAGES = {json.dumps(packages)};\n"


def runtime_size_prelude(files):
    """For the page: how many bytes starting Python downloads (offered to readers saving data)."""
    return f"const RUNTIME_DOWNLOAD_BYTES = {runtime_manifest.download_bytes(files)};\n"


def worker_prelude(files):
    """For the worker: the sha256 of every runtime file, and a SHA-256 where crypto.subtle is absent."""
    if not SHA256_JS.is_file():
        raise FileNotFoundError(f"{SHA256_JS} is missing: run `npm ci`.")
    return (f"const RUNTIME_FILES = {json.dumps(files, indent=1)};\n"
            f"{SHA256_JS.read_text(encoding='utf-8').strip()}\n")


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
