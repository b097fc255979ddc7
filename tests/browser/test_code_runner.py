"""'Editar y ejecutar': the lesson's code blocks edited and run in the page's Python worker."""

import json
import re
from pathlib import Path

from tests.browser.conftest import RecordedContext
from tests.browser.pages import READY_TIMEOUT_MS, wait_figure_named, wait_ready

SGD = '[data-widget="sgd_descent.visualize_sgd"]'
RUN_TIMEOUT_MS = READY_TIMEOUT_MS  # the first run may wait for Python to load


def lesson(visit, site_url):
    current = visit()
    current.page.goto(site_url + "leccion.html")
    return current


def panel(page, block):
    return page.locator(f'[data-code-block="bloque-{block}"]')


def open_editor(page, block):
    page.get_by_role("button", name=f"Editar y ejecutar el bloque de código {block}").click()
    editor = page.get_by_role("textbox", name=re.compile(f"Código Python del bloque {block}\\b"))
    editor.wait_for()
    return editor


def type_code(page, block, code):
    editor = panel(page, block).get_by_role("textbox")
    editor.click()
    # Select all, delete, then type. (Typing over a selection of highlighted code makes Chrome's
    # own editing wrap the new text in a styled span, which the site's CSP blocks: harmless, since
    # CodeMirror redraws the line, but reported on the console.)
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.keyboard.insert_text(code)


def run(page, block, *, keyboard=False):
    """Run the block (button or Ctrl+Enter) and wait for the run to settle; returns the output."""
    output = panel(page, block).locator("[data-run-output]")
    before = int(output.get_attribute("data-run") or 0)
    if keyboard:
        panel(page, block).get_by_role("textbox").press("Control+Enter")
    else:
        panel(page, block).get_by_role("button", name="Ejecutar").click()
    page.wait_for_function(
        "([s, n]) => { const o = document.querySelector(s + ' [data-run-output]');"
        " return Number(o.dataset.run || 0) > n && o.dataset.runState !== 'running'; }",
        arg=[f'[data-code-block="bloque-{block}"]', before], timeout=RUN_TIMEOUT_MS)
    return output


def test_edit_run_and_see_text_figures_errors_and_imports(visit, site_url):
    current = lesson(visit, site_url)
    page = current.page
    assert page.get_by_role("button", name=re.compile("^Editar y ejecutar")).count() >= 4
    assert not [url for url in current.requests if "code-editor.js" in url], "editor loaded unasked"
    open_editor(page, 1)
    assert [url for url in current.requests if url.endswith("assets/lesson/code-editor.js")]
    for name in ("Ejecutar", "Detener", "Restaurar"):
        assert panel(page, 1).get_by_role("button", name=name, exact=True).count() == 1

    type_code(page, 1, "total = sum(range(1, 11))\nprint('La suma es', total)\n")
    output = run(page, 1, keyboard=True)
    assert output.locator("pre").inner_text() == "La suma es 55\n"
    status = panel(page, 1).get_by_role("status")
    assert status.inner_text() == "Ejecución terminada."

    type_code(page, 1, "import numpy as np\nimport matplotlib.pyplot as plt\n"
                       "x = np.linspace(0, 3, 50)\nplt.plot(x, x**2)\nplt.title('Parábola de prueba')\n"
                       "plt.show()\nfig, (a, b) = plt.subplots(1, 2)\na.set_title('Izquierda')\n"
                       "b.set_title('Derecha')\n")
    output = run(page, 1)
    images = output.locator("img")
    assert images.count() == 2  # one from plt.show(), one still open at the end
    assert images.nth(0).get_attribute("alt") == "Parábola de prueba"
    assert images.nth(1).get_attribute("alt") == "Izquierda · Derecha"
    images.nth(1).evaluate("(img) => img.decode()")
    assert images.nth(0).evaluate("(img) => img.naturalWidth") > 100
    assert "Dibujó 2 figuras" in status.inner_text()

    type_code(page, 1, "print('antes')\nx = 1\ny = x / 0\n")
    output = run(page, 1)
    assert output.get_attribute("data-run-state") == "error"
    assert output.locator(".cr-text").inner_text() == "antes\n"
    assert output.locator(".cr-error").inner_text() == \
        "Error en la línea 3: ZeroDivisionError: division by zero"
    assert status.inner_text() == "La ejecución terminó con un error en la línea 3."

    # What the shipped Python, numpy and matplotlib contain, though start-up trimmed the runtime;
    # and the lesson's own py/ modules.
    type_code(page, 1, "import random, itertools, statistics, fractions\n"
                       "from matplotlib import cm\nimport numpy as np\n"
                       "from toy_problem import train_toy\n"
                       "print(statistics.mean([1, 2, 3, 4]), fractions.Fraction(3, 6),\n"
                       "      len(list(itertools.permutations('abc'))), random.Random(1).randint(1, 1),\n"
                       "      cm.viridis(0.0)[:3] == cm.viridis.colors[0][:3] or cm.viridis.name)\n"
                       "print(round(train_toy(200, 0.01).w, 3))\n")
    output = run(page, 1)
    lines = output.locator("pre").inner_text().splitlines()
    assert lines[0] == "2.5 1/2 6 1 viridis" or lines[0] == "2.5 1/2 6 1 True", lines
    assert lines[1] == "2.0", lines


def test_stop_an_endless_loop_then_run_again_and_move_a_slider(visit, site_url):
    page = lesson(visit, site_url).page
    wait_ready(page)
    open_editor(page, 2)
    # The seed's SGD block, as shown: its interact(...) draws the figure at the sliders' defaults.
    output = run(page, 2)
    assert output.get_attribute("data-run-state") == "done", output.inner_text()
    assert [image.get_attribute("alt") for image in output.locator("img").all()] == \
        ["SGD con Learning Rate: 0.1"]
    type_code(page, 2, "print('empieza')\nwhile True:\n    pass\n")
    output = panel(page, 2).locator("[data-run-output]")
    panel(page, 2).get_by_role("button", name="Ejecutar").click()
    page.wait_for_function("(s) => document.querySelector(s).dataset.runState === 'running'",
                           arg='[data-code-block="bloque-2"] [data-run-output]')
    page.wait_for_timeout(500)  # well inside the loop
    assert panel(page, 2).get_by_role("button", name="Detener").is_enabled()
    panel(page, 2).get_by_role("button", name="Detener").click()
    page.wait_for_function("(s) => document.querySelector(s).dataset.runState === 'stopped'",
                           arg='[data-code-block="bloque-2"] [data-run-output]', timeout=5_000)
    assert "Ejecución detenida" in panel(page, 2).get_by_role("status").inner_text()
    assert panel(page, 2).get_by_role("button", name="Ejecutar").is_enabled()

    type_code(page, 2, "print(6 * 7)\n")
    output = run(page, 2)
    assert output.locator("pre").inner_text() == "42\n"
    # The widgets came back by themselves on the new worker: a slider redraws its figure.
    wait_ready(page)
    page.locator(SGD + ' input[name="lr"]').fill("0.31")
    wait_figure_named(page, SGD, "SGD con Learning Rate: 0.31")


def test_an_edit_survives_a_reload_until_restaurar(visit, site_url):
    page = lesson(visit, site_url).page
    editor = open_editor(page, 2)
    original = editor.inner_text()
    type_code(page, 2, "print('mi versión')\n")
    page.reload()
    # The stored edit reopens its editor by itself, with the edit in it.
    editor = panel(page, 2).get_by_role("textbox")
    editor.wait_for()
    assert editor.inner_text().strip() == "print('mi versión')"
    assert page.locator(".language-python.highlight:not([hidden])").count() >= 1  # others untouched
    panel(page, 2).get_by_role("button", name="Restaurar").click()
    # CodeMirror draws only the lines in view: compare the first ones.
    page.wait_for_function("(s) => !document.querySelector(s).shadowRoot"
                           ".querySelector('[role=textbox]').innerText.includes('mi versión')",
                           arg='[data-code-block="bloque-2"] .cr-editor')
    assert editor.inner_text().splitlines()[:8] == original.splitlines()[:8]
    assert page.evaluate("() => Object.keys(localStorage).filter((k) => k.startsWith('leccion:codigo:'))") == []
    assert "restauró" in panel(page, 2).get_by_role("status").inner_text()
    page.reload()
    assert panel(page, 2).count() == 0  # nothing stored: the block is shown as written
    assert page.get_by_role("button", name="Editar y ejecutar el bloque de código 2").is_visible()


def test_pages_without_code_blocks_load_no_editor(visit, site_url):
    current = visit()
    current.page.goto(site_url + "index.html")
    current.page.wait_for_load_state("load")
    assert not [url for url in current.requests if "code-runner.js" in url or "code-editor.js" in url]


def test_run_from_the_copy_opened_from_disk(browser, unzipped_copy):
    with RecordedContext(browser) as visit:
        page = visit.page
        page.goto((unzipped_copy / "leccion.html").as_uri())
        open_editor(page, 1)
        type_code(page, 1, "import matplotlib.pyplot as plt\nprint('desde el disco')\n"
                           "plt.plot([1, 2]); plt.title('Figura local')\n")
        output = run(page, 1)
        assert output.locator("pre").inner_text() == "desde el disco\n"
        assert output.locator("img").get_attribute("alt") == "Figura local"
        type_code(page, 1, "while True:\n    pass\n")
        panel(page, 1).get_by_role("button", name="Ejecutar").click()
        page.wait_for_timeout(500)
        panel(page, 1).get_by_role("button", name="Detener").click()
        page.wait_for_function("(s) => document.querySelector(s).dataset.runState === 'stopped'",
                               arg='[data-code-block="bloque-1"] [data-run-output]', timeout=5_000)
        type_code(page, 1, "print('otra vez')\n")
        assert run(page, 1).locator("pre").inner_text() == "otra vez\n"
    assert visit.requests and not visit.requests_outside("file:"), visit.requests_outside("file:")
    assert not visit.errors, visit.errors


def test_the_lesson_links_its_notebook(visit, site_url):
    page = lesson(visit, site_url).page
    link = page.get_by_role("link", name="Descargar como cuaderno de Jupyter (.ipynb)")
    with page.expect_download() as download:
        link.click()
    notebook = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert notebook["nbformat"] == 4
    sources = ["".join(cell["source"]) for cell in notebook["cells"]]
    assert any("from ipywidgets import" in source for source in sources)
    assert any("\ninteract(visualize_sgd," in source for source in sources)
    assert any(source.startswith("import numpy as np") and "%matplotlib inline" in source for source in sources)
