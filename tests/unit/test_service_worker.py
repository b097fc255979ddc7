"""The service worker step: sw.js lists exactly the site's files with their sha256, precaches the
pages and small assets, keeps the runtime apart, and gets a new version when any file changes."""

import hashlib
import json
import shutil
import subprocess

from site_src import service_worker

FILES = {
    "index.html": b"<html lang=es>inicio</html>",
    "leccion.html": b"<html lang=es>leccion</html>",
    "404.html": b"no encontrado",
    "assets/lesson/widgets.js": b"widgets();",
    "assets/javascripts/bundle.min.js": b"bundle();",
    "assets/javascripts/bundle.min.js.map": b"{}",
    "assets/javascripts/lunr/min/lunr.stemmer.support.min.js": b"stem();",
    "assets/javascripts/lunr/min/lunr.es.min.js": b"es();",
    "assets/javascripts/lunr/min/lunr.fr.min.js": b"fr();",
    "assets/javascripts/lunr/min/lunr.multi.min.js": b"multi();",
    "assets/javascripts/lunr/wordcut.js": b"thai();",
    "search/search_index.json": json.dumps({"config": {"lang": ["es"]}, "docs": []}).encode(),
    "figures/a b.svg": b"<svg/>",
    "py/modules.json": b"{}",
    "pyodide/pyodide.asm.wasm": b"\0asm",
    "pyodide/pyodide.asm.wasm.gz": b"gzip of \0asm",
    "pyodide/python_stdlib.zip": b"PK stdlib",
    "pyodide/numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl": b"PK numpy",
    "downloads/notebook.zip": b"PK zip",
    "big.svg": b"x" * (service_worker.LARGE_FILE_BYTES + 1),
    ".nojekyll": b"",
}


def make_site(root, files=FILES):
    for path, data in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)
    return root


def written_manifest(site):
    return service_worker.read_manifest((site / "sw.js").read_text(encoding="utf-8"))


def test_the_manifest_lists_every_file_with_its_sha256(tmp_path):
    site = make_site(tmp_path)
    returned = service_worker.write_service_worker(site)
    manifest = written_manifest(site)
    assert manifest == returned
    assert manifest["files"] == {path: hashlib.sha256(data).hexdigest() for path, data in FILES.items()}
    assert "sw.js" not in manifest["files"]


def test_precache_and_runtime_groups(tmp_path):
    manifest = service_worker.write_service_worker(make_site(tmp_path))
    # What the worker downloads: of a file shipped with a gzip copy, only the copy.
    assert manifest["runtime"] == sorted([
        "pyodide/pyodide.asm.wasm.gz", "pyodide/python_stdlib.zip",
        "pyodide/numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl"])
    assert manifest["precache"] == sorted([
        "404.html", "assets/javascripts/bundle.min.js",
        "assets/javascripts/lunr/min/lunr.es.min.js",
        "assets/javascripts/lunr/min/lunr.stemmer.support.min.js",
        "assets/lesson/widgets.js", "figures/a b.svg", "index.html", "leccion.html",
        "py/modules.json", "search/search_index.json",
    ])


def test_lunr_files_follow_the_search_languages():
    assert service_worker.lunr_files(["en"]) == set()
    assert service_worker.lunr_files(["es"]) == {"min/lunr.stemmer.support.min.js", "min/lunr.es.min.js"}
    assert service_worker.lunr_files(["en", "th"]) == {
        "min/lunr.stemmer.support.min.js", "min/lunr.th.min.js", "min/lunr.multi.min.js", "wordcut.js"}


def test_the_same_site_gives_the_same_sw_js(tmp_path):
    first, second = make_site(tmp_path / "a"), make_site(tmp_path / "b")
    service_worker.write_service_worker(first)
    service_worker.write_service_worker(second)
    text = (first / "sw.js").read_bytes()
    assert text == (second / "sw.js").read_bytes()
    service_worker.write_service_worker(first)  # an existing sw.js is not part of the manifest
    assert (first / "sw.js").read_bytes() == text


def test_the_version_changes_with_any_file(tmp_path):
    site = make_site(tmp_path)
    versions = [service_worker.write_service_worker(site)["version"]]
    (site / "pyodide/pyodide.asm.wasm").write_bytes(b"\0asm2")
    versions.append(service_worker.write_service_worker(site)["version"])
    (site / "new.html").write_bytes(b"nueva")
    versions.append(service_worker.write_service_worker(site)["version"])
    (site / "new.html").unlink()
    versions.append(service_worker.write_service_worker(site)["version"])
    assert len(set(versions)) == 3 and versions[1] == versions[3]
    assert all(len(version) == 16 for version in versions)


def test_sw_js_is_valid_javascript(tmp_path):
    site = make_site(tmp_path)
    service_worker.write_service_worker(site)
    node = shutil.which("node")
    assert node, "Node.js is needed (README: npm ci)"
    subprocess.run([node, "--check", str(site / "sw.js")], check=True)
