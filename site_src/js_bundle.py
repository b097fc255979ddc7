"""The site's JavaScript, bundled by esbuild (pinned in package.json, installed by `npm ci`).

- The page scripts: every ``site_src/js/*.js`` is an ES module, the entry of one script the site
  ships as ``assets/lesson/<same name>``. esbuild bundles it with what it imports (modules/,
  protocol/, the packages list, js-sha256, and the modules the build writes: see
  ``write_generated``) into one classic script: browsers refuse module scripts from file://
  pages, which the offline copy must run in Chromium and Firefox, and a classic worker keeps
  importScripts, which Pyodide needs. Not minified and without source maps: each bundle reads
  as its sources, every module under a comment with its path. Deterministic: esbuild writes no
  date, and the paths in those comments are relative to the repository.
- ``site_src/js/classic/*.js``: scripts Material's templates expect as they are (globals on
  purpose), copied unchanged.
- The code editor (CodeMirror 6, site_src/editor/code-editor.mjs): one minified script,
  loaded by code-runner.js only when a reader opens an editor.

Nothing comes from a CDN.
"""

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JS_DIR = ROOT / "site_src" / "js"
EDITOR_SOURCE = ROOT / "site_src" / "editor" / "code-editor.mjs"
ESBUILD = ROOT / "node_modules" / ".bin" / "esbuild"
EDITOR_BUNDLE = "code-editor.js"
# Modules the build writes, imported as "generated/<name>" (an esbuild alias to this folder).
GENERATED_DIR = ROOT / ".cache" / "generated-js"
GENERATED_ALIAS = "generated"
TARGET = "es2020"


class BundleError(RuntimeError):
    pass


def page_entries():
    """The page scripts' sources: one shipped script each."""
    return sorted(JS_DIR.glob("*.js"))


def write_generated(modules, folder=GENERATED_DIR):
    """``{name: value}`` -> ``folder/<name>.json``, for ``import x from "generated/<name>.json"``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, value in modules.items():
        # Keys keep the order they were built in (as reproducible as sorted ones): the runtime
        # files' order is the order the worker starts their downloads in, the core's first.
        (folder / f"{name}.json").write_text(json.dumps(value, indent=1) + "\n", encoding="utf-8")


def build_page_scripts(dest_dir, generated, generated_dir=GENERATED_DIR):
    """Bundle every entry into ``dest_dir``; ``generated`` are the build's modules (see above)."""
    write_generated(generated, generated_dir)
    dest_dir = Path(dest_dir)
    alias = Path(generated_dir).resolve()
    alias = "./" + alias.relative_to(ROOT).as_posix() if alias.is_relative_to(ROOT) else str(alias)
    _esbuild([*(str(path.relative_to(ROOT)) for path in page_entries()),
              "--bundle", "--format=iife", f"--target={TARGET}", "--charset=utf8",
              f"--alias:{GENERATED_ALIAS}={alias}",
              # Strict mode for the whole script, as the modules it comes from have.
              '--banner:js="use strict";',
              f"--outdir={dest_dir}"])
    return sorted(dest_dir / path.name for path in page_entries())


def copy_classic_scripts(dest_dir):
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    for path in sorted((JS_DIR / "classic").glob("*.js")):
        (dest_dir / path.name).write_bytes(path.read_bytes())


def build_editor(dest_dir):
    """Write the editor's bundle into ``dest_dir``; return its path."""
    target = Path(dest_dir) / EDITOR_BUNDLE
    _esbuild([str(EDITOR_SOURCE.relative_to(ROOT)), "--bundle", "--minify", "--format=iife",
              f"--target={TARGET}", f"--outfile={target}"])
    return target


def _esbuild(arguments):
    if not ESBUILD.is_file():
        raise BundleError(f"{ESBUILD} is missing: run `npm ci` (or `make setup`).")
    completed = subprocess.run([str(ESBUILD), *arguments, "--log-level=warning"],
                               cwd=ROOT, capture_output=True, text=True)
    if completed.returncode != 0:
        raise BundleError("esbuild failed:\n" + completed.stderr[-4000:])
    if completed.stderr.strip():
        print(completed.stderr.strip())
