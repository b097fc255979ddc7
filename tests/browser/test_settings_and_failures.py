"""Shared links, the defaults button, and a page that stays useful when Python cannot run."""

import gzip
import json

from tests.browser.pages import figure_name, wait_drawn, wait_ready

SGD = '[data-widget="sgd_descent.visualize_sgd"]'
TOY = '[data-widget="toy_problem.solve_toy_problem"]'


def test_a_shared_link_restores_a_setting(visit, site_url):
    page = visit().page
    page.goto(site_url + "leccion.html?visualize_sgd.lr=0.31&visualize_sgd.steps=20"
              "&solve_toy_problem.seed=7&solve_toy_problem.epochs=200")
    # The controls show the link's values at once, before Python is ready ...
    assert page.locator(SGD + ' output[for$="-lr"]').inner_text() == "0.31"
    assert page.locator(SGD + ' input[name="steps"]').input_value() == "20"
    wait_ready(page)
    # ... and the figures are drawn with them as soon as it is.
    wait_drawn(page, SGD, {"lr": 0.31, "steps": 20})
    assert figure_name(page, SGD) == "SGD con Learning Rate: 0.31"
    wait_drawn(page, TOY, {"epochs": 200, "lr": 0.01, "seed": 7})


def test_a_malformed_link_is_corrected_with_a_notice(visit, site_url):
    page = visit().page
    page.goto(site_url + "leccion.html?visualize_sgd.lr=abc&visualize_sgd.steps=999"
              "&solve_toy_problem.lr=0.012&solve_toy_problem.seed=-3&nada.x=1&visualize_sgd.otro=2")
    status = page.locator(SGD + " [role=status]")
    assert "no es un número" in status.inner_text()
    assert "Pasos va de 1 a 50" in status.inner_text()
    assert page.locator(SGD + ' output[for$="-steps"]').inner_text() == "50"
    assert page.locator(TOY + ' output[for$="-lr"]').inner_text() == "0.011"
    assert "semilla" in page.locator(TOY + " [role=status]").inner_text()
    wait_ready(page)
    wait_drawn(page, SGD, {"lr": 0.1, "steps": 50})
    wait_drawn(page, TOY, {"epochs": 100, "lr": 0.011})
    assert "no es un número" in status.inner_text()  # the notice survives the first live figure


def test_copy_link_then_open_it(visit, site_url):
    page = visit().page
    page.goto(site_url + "leccion.html")
    wait_ready(page)
    page.locator(SGD + ' input[name="lr"]').fill("0.66")
    wait_drawn(page, SGD, {"lr": 0.66, "steps": 10})
    # the page URL follows the controls
    page.wait_for_function("() => location.search.includes('visualize_sgd.lr=0.66')")
    page.locator(SGD + " button.lw-copy-link").click()
    # the clipboard answers asynchronously; the link is then in the status line either way
    page.wait_for_function("(s) => /Enlace copiado: |Copien este enlace: /.test("
                           "document.querySelector(s + ' [role=status]').textContent)", arg=SGD)
    text = page.locator(SGD + " [role=status]").inner_text()
    link = text.split(": ", 1)[1]
    assert link.startswith(site_url + "leccion.html?visualize_sgd.lr=0.66")
    assert link.endswith("#lw-sgd-descent-visualize-sgd")
    other = visit().page
    other.goto(link)
    wait_ready(other)
    wait_drawn(other, SGD, {"lr": 0.66, "steps": 10})


def test_initial_values_restores_the_seed_defaults(visit, site_url):
    page = visit().page
    page.goto(site_url + "leccion.html?solve_toy_problem.lr=0.051&solve_toy_problem.seed=99")
    wait_ready(page)
    wait_drawn(page, TOY, {"epochs": 100, "lr": 0.051, "seed": 99})
    page.locator(TOY + " button.lw-reset").click()
    wait_drawn(page, TOY, {"epochs": 100, "lr": 0.01})
    assert page.locator(TOY + ' output[for$="-lr"]').inner_text() == "0.010"
    page.wait_for_function("() => !location.search.includes('solve_toy_problem')")


def test_a_dead_worker_is_restarted_by_the_next_move(visit, site_url):
    page = visit().page
    page.goto(site_url + "leccion.html")
    wait_ready(page)
    page.evaluate("() => window.leccionRuntime.worker.dispatchEvent("
                  "new ErrorEvent('error', { message: 'simulated crash' }))")
    assert page.locator(SGD).get_attribute("data-state") == "error"
    assert "se vuelve a iniciar" in page.locator(SGD + " [role=status]").inner_text()
    page.locator(SGD + ' input[name="steps"]').fill("30")
    wait_drawn(page, SGD, {"lr": 0.1, "steps": 30})


def _broken_runtime_page(visit, site_url, breaker):
    current = visit()
    current.errors_expected = True
    current.context.route("**/pyodide/**", breaker)
    page = current.page
    page.goto(site_url + "leccion.html")
    page.wait_for_function("(s) => document.querySelector(s).dataset.state === 'error'",
                           arg=SGD, timeout=60_000)
    for widget in (SGD, TOY):
        status = page.locator(widget + " [role=status]").inner_text()
        assert "El modo interactivo no está disponible" in status
        image = page.locator(widget + " img")
        assert image.evaluate("(img) => img.complete && img.naturalWidth > 0")  # pre-rendered figure stays
        assert not image.get_attribute("src").startswith("blob:")
    # The page stays usable: sliders and readouts still move, nothing throws.
    page.locator(SGD + ' input[name="lr"]').fill("0.51")
    assert page.locator(SGD + ' output[for$="-lr"]').inner_text() == "0.51"
    assert not [e for e in current.errors if e.startswith("pageerror")]
    return page


def test_a_missing_runtime_file_keeps_the_page_useful(visit, site_url):
    def missing_wasm(route):
        if "pyodide.asm.wasm" in route.request.url:  # the file or its gzip copy
            route.fulfill(status=404, body="not found")
        else:
            route.continue_()

    _broken_runtime_page(visit, site_url, missing_wasm)


def test_a_tampered_wheel_is_refused(visit, site_url, built_site):
    lock = json.loads((built_site / "pyodide" / "pyodide-lock.json").read_text())
    numpy_wheel = lock["packages"]["numpy"]["file_name"]

    def tampered_numpy(route):
        if route.request.url.endswith((numpy_wheel, numpy_wheel + ".gz")):  # the wheel or its gzip copy
            data = bytearray((built_site / "pyodide" / numpy_wheel).read_bytes())
            data[len(data) // 2] ^= 0xFF
            body = gzip.compress(bytes(data)) if route.request.url.endswith(".gz") else bytes(data)
            route.fulfill(status=200, body=body, content_type="application/octet-stream")
        else:
            route.continue_()

    page = _broken_runtime_page(visit, site_url, tampered_numpy)
    assert "numpy" in page.locator(SGD + " [role=status]").inner_text().lower()
