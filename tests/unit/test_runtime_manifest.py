"""The runtime manifest the worker checks every file against, the gzip copies it downloads, and
the SHA-256 in JavaScript it uses where crypto.subtle is absent (checked against known vectors)."""

import gzip
import hashlib
import json
import shutil
import subprocess

import pytest

from site_src import runtime_manifest, static_files
from tests.conftest import ROOT

RUNTIME = {
    "pyodide.js": b"loadPyodide = 1;",
    "pyodide.asm.js": b"var _createPyodideModule;" * 400,
    "pyodide.asm.wasm": b"\0asm" + bytes(range(256)) * 200,
    "python_stdlib.zip": b"PK stdlib",
    "pyodide-lock.json": json.dumps({"packages": {
        "numpy": {"file_name": "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl"},
        "six": {"file_name": "six-1.16.0-py2.py3-none-any.whl"},
        "matplotlib": {"file_name": "matplotlib-3.8.4-cp312-cp312-pyodide_2024_0_wasm32.whl"}}}).encode(),
    "six-1.16.0-py2.py3-none-any.whl": b"PK six",
    "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl": b"PK numpy",
    "matplotlib-3.8.4-cp312-cp312-pyodide_2024_0_wasm32.whl": b"PK stored members " * 300,
    # The rest of the runtime, fetched when a reader's code imports from it.
    "python_stdlib_rest.zip": b"PK rest of the stdlib " * 300,
    "python_packages_rest.zip": b"PK rest of the packages",
}
GZIPPED = {"pyodide.asm.js", "pyodide.asm.wasm", "pyodide-lock.json", "matplotlib-3.8.4-cp312-cp312-pyodide_2024_0_wasm32.whl"}


@pytest.fixture
def site(tmp_path):
    (tmp_path / "pyodide").mkdir()
    (tmp_path / "py").mkdir()
    for name, data in RUNTIME.items():
        (tmp_path / "pyodide" / name).write_bytes(data)
    (tmp_path / "py" / "modules.json").write_text('{"a.py": "x = 1"}')
    runtime_manifest.write_gzip_copies(tmp_path / "pyodide", tmp_path / "cache")
    return tmp_path


def test_gzip_copies_only_where_they_pay_never_of_on_demand_files(site):
    copies = {path.name.removesuffix(".gz") for path in (site / "pyodide").glob("*.gz")}
    assert copies == GZIPPED  # the stdlib rest compresses well too, but is fetched as it is


def test_gzip_copies_hold_the_same_bytes_and_are_reproducible(site, tmp_path):
    for name in GZIPPED:
        packed = (site / "pyodide" / (name + ".gz")).read_bytes()
        assert gzip.decompress(packed) == RUNTIME[name]
        assert packed[4:8] == b"\0\0\0\0"  # no date in the header
    first = (site / "pyodide" / "pyodide.asm.wasm.gz").read_bytes()
    shutil.rmtree(tmp_path / "cache")
    runtime_manifest.write_gzip_copies(site / "pyodide", tmp_path / "cache")
    assert (site / "pyodide" / "pyodide.asm.wasm.gz").read_bytes() == first


def test_the_manifest_has_every_runtime_file_core_first_on_demand_last(site):
    files = runtime_manifest.build(site)
    assert list(files)[:5] == [f"pyodide/{name}" for name in runtime_manifest.FIRST]
    assert list(files)[-2:] == [f"pyodide/{name}" for name in runtime_manifest.ON_DEMAND]
    assert [path for path, entry in files.items() if entry["on_demand"]] == list(files)[-2:]
    assert [path for path, entry in files.items() if entry["core"]] == list(files)[:5]
    # Stage by stage as packages.json loads them: the core, numpy, matplotlib's dependencies, then
    # matplotlib with the lesson's modules.
    assert {path: entry["stage"] for path, entry in list(files.items())[5:-2]} == {
        "pyodide/numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl": 1,
        "pyodide/six-1.16.0-py2.py3-none-any.whl": 2,
        "pyodide/matplotlib-3.8.4-cp312-cp312-pyodide_2024_0_wasm32.whl": 3,
        "py/modules.json": 3}
    assert {files[path]["stage"] for path in list(files)[:5]} == {0}
    assert {files[path]["stage"] for path in list(files)[-2:]} == {None}
    assert set(files) == {f"pyodide/{name}" for name in RUNTIME} | {"py/modules.json"}
    for path, entry in files.items():
        data = (site / path).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest() and entry["bytes"] == len(data)
    wasm = files["pyodide/pyodide.asm.wasm"]
    assert wasm["gzip"] == "pyodide/pyodide.asm.wasm.gz"
    assert wasm["wire"] == (site / wasm["gzip"]).stat().st_size < wasm["bytes"]
    assert files["pyodide/python_stdlib.zip"]["gzip"] is None
    # What start-up downloads, offered to readers saving data: not the on-demand files.
    assert runtime_manifest.download_bytes(files) == sum(
        entry["wire"] for path, entry in files.items() if "_rest.zip" not in path)


def test_the_worker_imports_the_manifest_and_the_page_its_size(site):
    files = runtime_manifest.build(site)
    generated = static_files.generated_modules(files)
    assert generated["runtime-files"] == files
    assert generated["runtime-summary"] == {"download_bytes": runtime_manifest.download_bytes(files)}
    worker = (ROOT / "site_src" / "js" / "pyodide-worker.js").read_text(encoding="utf-8")
    assert 'import RUNTIME_FILES from "generated/runtime-files.json"' in worker
    assert 'import { sha256 } from "js-sha256";' in worker
    runtime = (ROOT / "site_src" / "js" / "python-runtime.js").read_text(encoding="utf-8")
    assert 'import RUNTIME_SUMMARY from "generated/runtime-summary.json"' in runtime


# FIPS 180-2 / NIST examples, and lengths around the 64-byte block and its padding.
VECTORS = {
    "": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "abc": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq":
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
}

# The package the worker imports, on the code path it takes in a browser: pure JavaScript (in Node
# it would otherwise hand the work to Node's own crypto module).
NODE_CHECK = """
globalThis.window = { JS_SHA256_NO_NODE_JS: true };
const { sha256 } = require("js-sha256");
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = cases.map((hex) => sha256(new Uint8Array(Buffer.from(hex, "hex")).buffer));  // an ArrayBuffer, as in the worker
const million = new Uint8Array(1000000).fill(97);
out.push(sha256(million.buffer));
process.stdout.write(JSON.stringify(out));
"""


def test_the_javascript_sha256_matches_known_vectors_and_hashlib():
    node = shutil.which("node")
    assert node, "Node.js is needed (the build needs it too)"
    messages = [text.encode() for text in VECTORS]
    messages += [bytes((i * 7 + n) % 256 for i in range(n)) for n in (1, 55, 56, 63, 64, 65, 119, 128, 1000, 70001)]
    completed = subprocess.run(
        [node, "-e", NODE_CHECK], input=json.dumps([m.hex() for m in messages]),
        capture_output=True, text=True, check=True, cwd=ROOT)
    digests = json.loads(completed.stdout)
    assert digests[:3] == list(VECTORS.values())
    assert digests[3:-1] == [hashlib.sha256(m).hexdigest() for m in messages[3:]]
    assert digests[-1] == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"  # a million "a"
