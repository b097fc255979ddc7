"""The lesson as a Jupyter notebook (site_src/notebook.py): self-contained, in the page's order,
and it runs top to bottom in a fresh kernel with numpy, matplotlib and ipywidgets."""

import json
import os
import queue
import re
import time

import nbformat
import pytest
from nbclient import NotebookClient

from site_src import notebook
from tests.conftest import ROOT

LESSON = (ROOT / "docs" / "leccion.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def built():
    return notebook.build(LESSON)


def code_of(nb):
    return "\n".join(cell.source for cell in nb.cells if cell.cell_type == "code")


def test_text_equations_and_code_in_the_pages_order(built):
    markdown = "\n".join(cell.source for cell in built.cells if cell.cell_type == "markdown")
    headings = re.findall(r"^#+ (.+)$", LESSON, re.M)
    positions = [markdown.index(heading) for heading in headings]
    assert positions == sorted(positions)
    assert r"\theta_{t+1} = \theta_t - \eta \cdot \nabla_{\theta} J(\theta; x^{(i)}, y^{(i)})" in markdown
    assert "::widget" not in markdown and "--8<--" not in code_of(built)
    assert "!!!" not in markdown
    assert notebook.LINK_TEXT not in markdown


def test_self_contained_with_ipywidgets_interact_calls(built):
    code = code_of(built)
    lesson_modules = {path.stem for path in (ROOT / "py").glob("*.py")}
    imported = set(re.findall(r"^\s*(?:from|import) (\w+)", code, re.M))
    assert not imported & lesson_modules, imported & lesson_modules
    assert "from ipywidgets import" in code
    for widget in re.findall(r"^::widget [\w]+\.(\w+)", LESSON, re.M):
        assert re.search(rf"\binteract\((show_)?{widget}\b", code), widget
    assert 'matplotlib.use("Agg")' not in code


def test_same_bytes_for_the_same_lesson():
    assert notebook.notebook_json(LESSON) == notebook.notebook_json(LESSON)
    nbformat.validate(nbformat.reads(notebook.notebook_json(LESSON), as_version=4))


def execute(nb, folder, timeout=300):
    """Run every cell in order in a new python3 kernel; raises CellExecutionError on the first
    failing cell."""
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}})
    # The Makefile puts py/ on PYTHONPATH: the kernel must not see it (no py/ files needed).
    saved = os.environ.pop("PYTHONPATH", None)
    try:
        with client.setup_kernel():
            poll_in_short_waits(client.kc.shell_channel)
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index)
            client.set_widgets_metadata()
    finally:
        if saved is not None:
            os.environ["PYTHONPATH"] = saved


def poll_in_short_waits(channel, step=0.5):
    """nbclient waits for a cell's reply with one long socket poll, and after ipywidgets' comm
    messages that poll sometimes misses the reply and sleeps to its timeout (nbclient issue
    #312). Polling in short waits picks the reply up as soon as it is there."""
    get_msg = channel.get_msg

    async def get_msg_polling(timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            wait = step if deadline is None else max(0.0, min(step, deadline - time.monotonic()))
            try:
                return await get_msg(timeout=wait)
            except queue.Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise

    channel.get_msg = get_msg_polling


def test_runs_top_to_bottom_in_a_fresh_kernel(built, tmp_path):
    # A folder without py/ and a kernel whose Python has no py/ on its path.
    path = tmp_path / notebook.NOTEBOOK_NAME
    path.write_text(nbformat.writes(built), encoding="utf-8")
    nb = nbformat.read(path, as_version=4)
    execute(nb, tmp_path)
    outputs = [output for cell in nb.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [output for output in outputs if output.output_type == "error"]
    widgets = [output for output in outputs
               if "application/vnd.jupyter.widget-view+json" in output.get("data", {})]
    assert len(widgets) == len(re.findall(r"^::widget ", LESSON, re.M))
    # interact drew every widget's figure once at its default values (the kernel's inline PNGs
    # live in the widget's output state, kept by nbclient in the notebook metadata).
    state = json.dumps(nb.metadata.get("widgets", {}))
    assert state.count("image/png") >= len(widgets)
    # interact shows a function's exception inside its output widget rather than failing the cell
    assert '"output_type": "error"' not in state, state[state.find('"ename"'):][:500]
