"""The offline copy's file scripts decode to the original bytes (the built zip: tests/build/)."""

import base64
import gzip
import json
import re

from site_src import offline_bundle


def decode(script):
    match = re.fullmatch(rb'LeccionOffline\.add\((.*), "([A-Za-z0-9+/=]*)"\);\n', script)
    path, content_type, compressed = json.loads(b"[" + match.group(1) + b"]")
    data = base64.b64decode(match.group(2))
    return path, content_type, gzip.decompress(data) if compressed else data


def test_scripts_round_trip_and_compress_only_where_it_pays():
    text = b"print('hola')\n" * 500
    path, content_type, data = decode(offline_bundle.as_script("py/modules.json", text))
    assert (path, content_type, data) == ("py/modules.json", "application/json", text)
    assert b"true" in offline_bundle.as_script("a.js", text)  # repetitive: gzipped
    noise = bytes(range(256)) * 3
    random_like = base64.b64encode(gzip.compress(noise))
    assert b"false" in offline_bundle.as_script("x.whl", random_like[:200])


def test_on_demand_archives_are_plain_base64_the_worker_decodes_synchronously():
    text = b"PK rest of the stdlib " * 500  # would pay to gzip
    script = offline_bundle.as_script("pyodide/python_stdlib_rest.zip", text)
    assert b"false" in script
    assert decode(script) == ("pyodide/python_stdlib_rest.zip", "application/zip", text)


# Runs the scripts offline_bundle.py writes, as a file:// page does, and decodes each file with
# the module the page and the worker use (site_src/js/modules/embedded-file.js).
NODE_DECODE = """
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
const { decodeEmbedded } = await import(pathToFileURL(process.argv[1]).href);
const files = {};
globalThis.LeccionOffline = { add(path, type, gzip, data) { files[path] = { type, gzip, data }; } };
new Function(readFileSync(0, "utf8"))();
const digests = {};
for (const [path, file] of Object.entries(files)) {
  digests[path] = [file.gzip, createHash("sha256").update(new Uint8Array(await decodeEmbedded(file))).digest("hex")];
}
process.stdout.write(JSON.stringify(digests));
"""


def test_the_page_and_the_worker_decode_what_the_build_embeds():
    import hashlib
    import shutil
    import subprocess

    from tests.conftest import ROOT

    node = shutil.which("node")
    assert node, "Node.js is needed (the build needs it too)"
    originals = {
        "py/modules.json": json.dumps({"a.py": "print('ñ')\n" * 2000}).encode(),  # compressible
        "pyodide/x.whl": bytes((i * 7919) % 251 for i in range(300_000)),
        "pyodide/empty.txt": b"",
    }
    scripts = b"".join(offline_bundle.as_script(path, data) for path, data in originals.items())
    module = ROOT / "site_src" / "js" / "modules" / "embedded-file.js"
    completed = subprocess.run([node, "--input-type=module", "-e", NODE_DECODE, str(module)], input=scripts,
                               capture_output=True, check=True, cwd=ROOT)
    decoded = json.loads(completed.stdout)
    assert decoded["py/modules.json"][0] is True  # the gzip path was exercised
    assert {path: digest for path, (_, digest) in decoded.items()} == {
        path: hashlib.sha256(data).hexdigest() for path, data in originals.items()}
