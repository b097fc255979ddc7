"""The Pyodide assets step: verification, trimming, caching, on a small fake distribution and on
the real official lock from npm. What the build wrote into site/ is checked in tests/build/."""

import hashlib
import json
import zipfile

import pytest

from site_src import pyodide_assets as assets
from tests.conftest import ROOT

WHEELS = {
    "alpha": ("alpha-1.0-py3-none-any.whl", b"alpha wheel bytes", ["beta"]),
    "beta": ("beta-2.0-py3-none-any.whl", b"beta wheel bytes", []),
    "gamma": ("gamma-3.0-py3-none-any.whl", b"gamma: not a dependency", []),
}


@pytest.fixture
def fake_dist(tmp_path):
    """A core folder (npm-like) with an official-style lock, and a source folder of wheels."""
    core, source = tmp_path / "core", tmp_path / "dist"
    core.mkdir()
    source.mkdir()
    for name in assets.CORE_FILES:
        (core / name).write_bytes(f"core file {name}".encode())
    packages = {}
    for name, (file_name, data, depends) in WHEELS.items():
        packages[name] = {"name": name, "file_name": file_name, "depends": depends,
                          "sha256": hashlib.sha256(data).hexdigest()}
        (source / file_name).write_bytes(data)
    lock = {"info": {"version": assets.PYODIDE_VERSION}, "packages": packages}
    (core / "pyodide-lock.json").write_text(json.dumps(lock))
    return core, source, tmp_path / "cache"


def build(fake_dist, dest):
    core, source, cache = fake_dist
    return assets.assemble_verified(dest, core_dir=core, source=assets.DirectorySource(source),
                                cache_dir=cache, packages=("alpha",))


def test_ships_core_and_the_closure_with_a_trimmed_lock(fake_dist, tmp_path):
    dest = tmp_path / "site" / "pyodide"
    summary = build(fake_dist, dest)
    assert summary["packages"] == ["alpha", "beta"]
    lock = json.loads((dest / "pyodide-lock.json").read_text())
    assert sorted(lock["packages"]) == ["alpha", "beta"]
    shipped_wheels = sorted(p.name for p in dest.glob("*.whl"))
    assert shipped_wheels == sorted(entry["file_name"] for entry in lock["packages"].values())
    assert sorted(p.name for p in dest.iterdir()) == sorted(
        [*assets.CORE_FILES, "pyodide-lock.json", *shipped_wheels])


def test_a_tampered_wheel_stops_the_build_naming_the_file(fake_dist, tmp_path):
    _, source, _ = fake_dist
    (source / "beta-2.0-py3-none-any.whl").write_bytes(b"beta wheel bytes, tampered")
    with pytest.raises(assets.AssetError, match=r"beta-2\.0-py3-none-any\.whl: sha256 .* does not match"):
        build(fake_dist, tmp_path / "out")


def test_a_missing_wheel_stops_the_build_naming_the_file(fake_dist, tmp_path):
    _, source, _ = fake_dist
    (source / "alpha-1.0-py3-none-any.whl").unlink()
    with pytest.raises(assets.AssetError, match=r"alpha-1\.0-py3-none-any\.whl is missing"):
        build(fake_dist, tmp_path / "out")


def test_second_build_reads_nothing_from_the_source(fake_dist, tmp_path):
    first = build(fake_dist, tmp_path / "one")
    assert sorted(first["fetched"]) == ["alpha-1.0-py3-none-any.whl", "beta-2.0-py3-none-any.whl"]
    _, source, _ = fake_dist
    for wheel in source.iterdir():
        wheel.unlink()  # the source is gone: only the verified cache can serve the build
    second = build(fake_dist, tmp_path / "two")
    assert second["fetched"] == []
    assert (tmp_path / "two" / "alpha-1.0-py3-none-any.whl").read_bytes() == b"alpha wheel bytes"


def test_a_corrupted_cache_entry_is_fetched_again(fake_dist, tmp_path):
    build(fake_dist, tmp_path / "one")
    _, _, cache = fake_dist
    (cache / "wheels" / "beta-2.0-py3-none-any.whl").write_bytes(b"bit rot")
    again = build(fake_dist, tmp_path / "two")
    assert again["fetched"] == ["beta-2.0-py3-none-any.whl"]


def test_wrong_pyodide_version_is_refused(fake_dist, tmp_path):
    core, _, _ = fake_dist
    lock = json.loads((core / "pyodide-lock.json").read_text())
    lock["info"]["version"] = "0.26.0"
    (core / "pyodide-lock.json").write_text(json.dumps(lock))
    with pytest.raises(assets.AssetError, match="0.26.0"):
        build(fake_dist, tmp_path / "out")


def test_official_closure_of_numpy_and_matplotlib():
    lock = assets.load_official_lock()
    assert lock["info"]["python"] == "3.12.7"
    assert assets.closure(lock) == [
        "contourpy", "cycler", "fonttools", "kiwisolver", "matplotlib", "matplotlib-pyodide",
        "numpy", "packaging", "pillow", "pyparsing", "python-dateutil", "pytz", "six"]
    assert lock["packages"]["numpy"]["version"] == "2.0.2"
    assert lock["packages"]["matplotlib"]["version"] == "3.8.4"
