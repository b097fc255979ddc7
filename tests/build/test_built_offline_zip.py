"""The downloadable zip the build wrote: the whole site, every runtime file as a script, fixed dates.
Runs after `make build` (make browser / make test), not in `make unit`."""

import zipfile

from site_src import offline_bundle
from tests.conftest import SITE
from tests.unit.test_offline_bundle import decode


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
        # Served from the zip, the worker downloads the gzip copies only: the originals stay out.
        served_runtime = {n.removeprefix(f"{top}/") for n in names if n.startswith(f"{top}/pyodide/")}
        assert "pyodide/pyodide.asm.wasm.gz" in served_runtime
        assert "pyodide/pyodide.asm.wasm" not in served_runtime
        assert not [n for n in served_runtime if n + ".gz" in served_runtime]
