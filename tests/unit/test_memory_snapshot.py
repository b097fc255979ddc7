"""The memory snapshot step's part in the worker's code (no browser: see
tests/browser/test_memory_snapshot.py for the restore itself)."""

import json

import pytest

from site_src import memory_snapshot


def site_with_worker(tmp_path, code="self.onmessage = () => {};\n"):
    worker = tmp_path / memory_snapshot.WORKER
    worker.parent.mkdir(parents=True)
    worker.write_text(code)
    return tmp_path, worker


def test_without_a_snapshot_the_worker_is_told_there_is_none(tmp_path, monkeypatch):
    monkeypatch.setenv(memory_snapshot.SWITCH, "0")
    site, worker = site_with_worker(tmp_path)
    assert memory_snapshot.add_to_site(site, tmp_path / "cache") is None
    code = worker.read_text()
    assert code.startswith("const SNAPSHOT = null;\n")
    assert "async function startFromSnapshot(" in code
    assert code.endswith("self.onmessage = () => {};\n")  # the worker's own code follows
    assert not (site / memory_snapshot.SNAPSHOT_FILE).exists()


def test_a_copy_without_the_snapshot_gets_a_worker_without_its_manifest():
    manifest = {"file": memory_snapshot.SNAPSHOT_FILE, "sha256": "ab" * 32, "engine": {"gunzip": True}}
    code = memory_snapshot.manifest_line(manifest) + "const rest = 1;\n"
    assert json.loads(code.split(" = ", 1)[1].split(";\n", 1)[0]) == manifest
    assert memory_snapshot.without_snapshot(code) == "const SNAPSHOT = null;\nconst rest = 1;\n"
    with pytest.raises(memory_snapshot.SnapshotStepError):
        memory_snapshot.without_snapshot("const rest = 1;\n")


def test_adding_the_restore_code_again_replaces_it(tmp_path):
    site, worker = site_with_worker(tmp_path)
    memory_snapshot.add_to_site(site, tmp_path / "cache", snapshot=False)
    once = worker.read_text()
    memory_snapshot.add_to_site(site, tmp_path / "cache", snapshot=False)
    assert worker.read_text() == once
    assert once.count("async function startFromSnapshot(") == 1
