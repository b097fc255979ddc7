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
