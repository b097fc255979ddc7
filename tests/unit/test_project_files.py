"""Promises the repository makes to a maintainer: the README's two commands, CI, publishing."""

import os
import re

import yaml

from tests.conftest import ROOT


def test_readme_starts_with_the_title_then_exactly_the_two_commands():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# Backpropagation y SGD — lección interactiva"
    assert lines[1] == ""
    # Right under the title, one code block holding exactly the two commands (and their comments).
    assert lines[2].startswith("```") and lines[5] == "```", lines[:7]
    commands = [line.split("#")[0].strip() for line in lines[3:5]]
    assert commands == ["make serve", "make test"]


def test_readme_tells_teachers_how_to_edit_and_preview():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    teachers = readme[readme.index("## Para docentes"):]
    for needed in ("make dev", "::widget", "--8<-- [start:", "@interactive", "LESSON_RUNTIME=official",
                   "no** reconstruye", "Publicar"):
        assert needed in teachers, needed


def test_makefile_has_the_readme_targets():
    makefile = (ROOT / "Makefile").read_text()
    for target in ("setup", "build", "serve", "dev", "test", "bench"):
        assert re.search(rf"^{target}:", makefile, re.MULTILINE), target


def test_ci_script_is_executable_and_runs_make_test():
    script = ROOT / ".ci" / "run"
    assert os.access(script, os.X_OK)
    assert "make test" in script.read_text()


def test_pages_workflow_builds_and_deploys_the_site_folder():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text())
    build_steps = workflow["jobs"]["build"]["steps"]
    assert any(step.get("run") == "make build" for step in build_steps)
    upload = next(s for s in build_steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site"
    assert workflow["jobs"]["deploy"]["needs"] == "build"


def test_every_dependency_is_pinned():
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            assert re.fullmatch(r"[A-Za-z0-9_.\-]+==[\w.]+", line), line
    import json
    package = json.loads((ROOT / "package.json").read_text())
    for name, version in {**package["dependencies"], **package["devDependencies"]}.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), (name, version)


def test_the_package_list_is_declared_once():
    """site_src/runtime/packages.json: the build, the worker, the optimizer and the benchmark read it."""
    import json

    from site_src import pyodide_assets

    declared = json.loads((ROOT / "site_src" / "runtime" / "packages.json").read_text())["packages"]
    assert list(pyodide_assets.PACKAGES) == declared
    readers = ["site_src/js/pyodide-worker.js", "site_src/runtime/optimize_runtime.js",
               "bench/runtime_profile.js", "site_src/pyodide_assets.py"]
    for path in readers:
        text = (ROOT / path).read_text(encoding="utf-8")
        assert not re.search(r"""[\[(]\s*["']numpy["']\s*,\s*["']matplotlib["']\s*[\])]""", text), \
            f"{path} spells the list"
    worker = (ROOT / "site_src/js/pyodide-worker.js").read_text()
    assert 'import PACKAGES_FILE from "../runtime/packages.json"' in worker
    assert "const PACKAGE_STAGES = PACKAGES_FILE.stages;" in worker


def test_make_unit_runs_the_javascript_tests_and_needs_no_site():
    makefile = (ROOT / "Makefile").read_text()
    unit = re.search(r"^unit:.*?(?=^\S)", makefile, re.MULTILINE | re.DOTALL).group(0)
    assert "node --test tests/js/" in unit and "build" not in unit.splitlines()[0]
    for path in (ROOT / "tests" / "unit").glob("*.py"):
        uses_site = re.search(r"^from tests\.conftest import .*\bSITE\b", path.read_text(encoding="utf-8"), re.MULTILINE)
        assert not uses_site, f"{path.name} reads the built site"


def test_no_code_edits_sys_path():
    """py/ is on the module path from each interpreter's start: PYTHONPATH (Makefile), pytest's
    pythonpath (pyproject.toml), Pyodide's env.PYTHONPATH (worker, optimizer, benchmark)."""
    sources = [*ROOT.glob("site_src/**/*.py"), *ROOT.glob("site_src/**/*.js"), *ROOT.glob("py/*.py"),
               *ROOT.glob("bench/*.py"), *ROOT.glob("bench/*.js")]
    assert len(sources) > 20
    edits = [path.relative_to(ROOT) for path in sources if "sys.path.insert" in path.read_text(encoding="utf-8")
             or "sys.path.append" in path.read_text(encoding="utf-8")]
    assert edits == []
    assert "export PYTHONPATH := $(CURDIR)/py:$(CURDIR)" in (ROOT / "Makefile").read_text()
    for path in ("site_src/js/pyodide-worker.js", "site_src/runtime/optimize_runtime.js", "bench/runtime_profile.js"):
        assert "PYTHONPATH" in (ROOT / path).read_text(encoding="utf-8"), path
