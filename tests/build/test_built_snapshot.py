"""The memory snapshot the build wrote, if any (LESSON_SNAPSHOT=1), and the worker's manifest of it."""

import hashlib
import json

from site_src import memory_snapshot
from tests.conftest import SITE


def test_built_worker_carries_the_built_snapshot_manifest():
    first_line = (SITE / memory_snapshot.WORKER).read_text().split("\n", 1)[0]
    manifest = json.loads(first_line[len(memory_snapshot.MANIFEST_ASSIGNMENT):-1])
    if memory_snapshot.enabled():
        assert manifest["file"] == memory_snapshot.SNAPSHOT_FILE
        assert hashlib.sha256((SITE / manifest["file"]).read_bytes()).hexdigest() == manifest["sha256"]
    else:
        assert manifest is None
