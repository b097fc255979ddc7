"""The page scripts are ES modules bundled by esbuild into classic scripts (site_src/js_bundle.py):
reproducible, free of module syntax (file:// pages refuse module scripts), and every name they
share on window goes through one module (site_src/js/modules/page-handoff.js)."""

import re
import shutil
import subprocess

from site_src import js_bundle
from tests.conftest import ROOT

GENERATED = {
    "runtime-files": {"pyodide/pyodide.js": {"sha256": "ab" * 32, "bytes": 10, "wire": 10, "gzip": None}},
    "runtime-summary": {"download_bytes": 12345678},
}
JS = ROOT / "site_src" / "js"


def build(tmp_path, name):
    return js_bundle.build_page_scripts(tmp_path / name, GENERATED, generated_dir=tmp_path / "generated")


def test_bundles_are_reproducible_classic_scripts(tmp_path):
    first = build(tmp_path, "one")
    second = build(tmp_path, "two")
    names = [path.name for path in first]
    assert names == sorted(path.name for path in JS.glob("*.js"))
    assert {"python-runtime.js", "pyodide-worker.js", "widgets.js", "code-runner.js"} <= set(names)
    for one, two in zip(first, second):
        assert one.read_bytes() == two.read_bytes(), one.name
    node = shutil.which("node")
    assert node, "Node.js is needed (the build needs it too)"
    for path in first:
        text = path.read_text(encoding="utf-8")
        assert text.startswith('"use strict";\n(() => {'), path.name
        assert not re.search(r"^\s*(import|export)\b", text, re.MULTILINE), path.name
        # A .cjs copy: Node parses it as a classic script, where import/export are syntax errors.
        script = tmp_path / (path.stem + ".cjs")
        script.write_bytes(path.read_bytes())
        subprocess.run([node, "--check", str(script)], check=True, capture_output=True)


def test_the_generated_modules_and_shared_code_are_in_the_bundles(tmp_path):
    scripts = {path.name: path.read_text(encoding="utf-8") for path in build(tmp_path, "site")}
    worker, runtime = scripts["pyodide-worker.js"], scripts["python-runtime.js"]
    assert '"pyodide/pyodide.js": {' in worker and "ab" * 32 in worker
    assert "download_bytes: 12345678" in runtime
    assert "Leyendo Python" in runtime and "Descargando Python" in worker
    assert "Cargando Python en su navegador (Pyodide)…" in runtime  # readable Spanish, no \u escapes
    for script in (worker, runtime):
        assert "function decodeEmbedded(" in script  # one module, in both
        assert "function protocolMessage(" in script
    assert "function sha256" not in runtime  # js-sha256 only where it is used
    assert "sha256" in worker and "node_modules/js-sha256/src/sha256.js" in worker
    widgets = scripts["widgets.js"]
    assert "LiveFigure = class" in widgets and "function nearestIndex(" in widgets


def test_no_page_script_reaches_for_window_names_but_the_handoff_module():
    """window.Leccion* / window.leccion* are read and written in modules/page-handoff.js only."""
    sources = [*JS.glob("*.js"), *JS.glob("modules/*.js"), ROOT / "site_src" / "editor" / "code-editor.mjs"]
    assert len(sources) > 10
    for path in sources:
        text = path.read_text(encoding="utf-8")
        if path.name == "page-handoff.js":
            continue
        code = re.sub(r"/\*.*?\*/|//[^\n]*", "", text, flags=re.DOTALL)
        assert not re.search(r"window\.[Ll]eccion|leccion:runtime", code), path.name
        assert "document.currentScript" not in code or path.parent == JS, path.name  # read at load
    loads = sum("document.createElement(\"script\")" in p.read_text(encoding="utf-8") for p in sources)
    assert loads == 0, "scripts are added by modules/load-script.js"
