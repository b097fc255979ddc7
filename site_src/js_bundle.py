"""Bundle the code editor (CodeMirror 6 from npm, see package.json) into one script of the site.

esbuild (pinned in package.json, installed by `npm ci`) turns site_src/editor/code-editor.mjs and
the CodeMirror packages it imports into ``assets/lesson/code-editor.js``: one minified classic
script, loaded by code-runner.js only when a reader opens an editor. Nothing comes from a CDN.
"""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "site_src" / "editor" / "code-editor.mjs"
ESBUILD = ROOT / "node_modules" / ".bin" / "esbuild"
BUNDLE_NAME = "code-editor.js"


class BundleError(RuntimeError):
    pass


def build_editor(dest_dir):
    """Write the bundle into ``dest_dir``; return its path."""
    if not ESBUILD.is_file():
        raise BundleError(f"{ESBUILD} is missing: run `npm ci` (or `make setup`).")
    target = Path(dest_dir) / BUNDLE_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    completed = subprocess.run(
        [str(ESBUILD), str(SOURCE), "--bundle", "--minify", "--format=iife", "--target=es2020",
         "--log-level=warning", f"--outfile={target}"],
        cwd=ROOT, capture_output=True, text=True)
    if completed.returncode != 0:
        raise BundleError("esbuild failed:\n" + completed.stderr[-4000:])
    return target
