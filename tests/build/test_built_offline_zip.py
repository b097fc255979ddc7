"""The downloadable zip the build wrote: the whole site, every runtime file as a script, fixed dates.
Runs after `make build` (make browser / make test), not in `make unit`."""

import zipfile

from site_src import memory_snapshot, offline_bundle
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
            assert decode(script)[2] == offline_bundle.copied(SITE, SITE / path), path
        assert {i.date_time for i in archive.infolist()} == {offline_bundle.FIXED_DATE}
        # The copy boots the normal way: no memory snapshot, and its worker knows it.
        assert not [n for n in names if n.startswith(f"{top}/{offline_bundle.SNAPSHOT_DIR}/")]
        worker = archive.read(f"{top}/{memory_snapshot.WORKER}").decode()
        assert worker.startswith("const SNAPSHOT = null;\n")
        assert worker.split("\n", 1)[1] == (SITE / memory_snapshot.WORKER).read_text().split("\n", 1)[1]
