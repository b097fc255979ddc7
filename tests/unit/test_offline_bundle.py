"""The offline copy's file scripts decode to the original bytes; the zip is reproducible."""

import base64
import gzip
import json
import re
import zipfile

from site_src import offline_bundle
from tests.conftest import SITE


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


def test_built_zip_holds_the_site_and_every_runtime_file_as_a_script():
    with zipfile.ZipFile(SITE / "descargas" / offline_bundle.ZIP_NAME) as archive:
        names = set(archive.namelist())
        top = offline_bundle.TOP_FOLDER
        assert f"{top}/index.html" in names and f"{top}/leccion.html" in names
        assert not [n for n in names if "/descargas/" in n]  # the zip does not hold itself
        for path in offline_bundle.embedded_files(SITE):
            script = archive.read(f"{top}/offline/{offline_bundle.script_name(path)}")
            assert decode(script)[2] == (SITE / path).read_bytes(), path
        assert {i.date_time for i in archive.infolist()} == {offline_bundle.FIXED_DATE}
