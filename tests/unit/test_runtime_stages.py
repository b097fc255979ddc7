"""The stages the worker loads the packages in (site_src/runtime/packages.json): each shipped
package in one stage after its dependencies, and each early import one the lesson makes anyway,
so importing it while the next stage downloads moves work earlier without adding any."""

import json
import os
import subprocess
import sys

from site_src import pyodide_assets
from tests.conftest import ROOT

DECLARATION = json.loads((ROOT / "site_src" / "runtime" / "packages.json").read_text(encoding="utf-8"))
STAGES = DECLARATION["stages"]
LOCK = pyodide_assets.load_official_lock()["packages"]


def stage_of(package):
    return next(index for index, stage in enumerate(STAGES) if package in stage["packages"])


def test_each_package_is_in_one_stage_after_its_dependencies():
    staged = [name for stage in STAGES for name in stage["packages"]]
    assert len(staged) == len(set(staged)), staged
    assert set(staged) <= set(pyodide_assets.closure({"packages": LOCK}))
    assert set(DECLARATION["packages"]) <= set(staged)
    for name in staged:
        for dependency in LOCK[name]["depends"]:
            if dependency in staged:  # the others are not shipped (the optimizer drops them)
                assert stage_of(dependency) <= stage_of(name), (name, dependency)


def test_the_lesson_imports_numpy_first_and_matplotlib_last():
    assert STAGES[0]["packages"] == ["numpy"] and STAGES[-1]["packages"] == ["matplotlib"]


def test_each_early_import_comes_from_its_stage_or_an_earlier_one():
    provided = {}
    for index, stage in enumerate(STAGES):
        for name in stage["packages"]:
            for top_level in LOCK[name]["imports"]:
                provided[top_level] = index
    for index, stage in enumerate(STAGES):
        for module in stage["imports"]:
            assert provided.get(module.split(".")[0], len(STAGES)) <= index, (index, module)


def test_the_lesson_imports_every_early_import_itself():
    early = [module for stage in STAGES for module in stage["imports"]]
    assert early
    script = ("import sys; before = set(sys.modules); import widget_render; "
              "print('\\n'.join(sorted(set(sys.modules) - before)))")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT / "py", capture_output=True,
                            text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT / "py"), "MPLBACKEND": "svg"})
    imported = set(result.stdout.split())
    assert not set(early) - imported, f"imports the lesson never makes: {sorted(set(early) - imported)}"
