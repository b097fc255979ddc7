"""The lesson page: the seed's text, the pre-rendered figures, and both widgets live in Pyodide."""

import json

import pytest

from tests.browser.pages import FIGURE_NAME_JS, figure, figure_name, wait_ready

SGD = '[data-widget="sgd_descent.visualize_sgd"]'
TOY = '[data-widget="toy_problem.solve_toy_problem"]'

# One phrase (or more) of every part of the seed, in its order.
SEED_PHRASES = [
    "Backpropagation y SGD: Desmitificando el Corazón de las Redes Neuronales",
    "por encargo del Dr. Fuentes",
    "1. La Intuición Detrás del Aprendizaje",
    "cima de una montaña neblinosa",
    "La pendiente (Gradiente):",
    "El paso (Learning Rate):",
    "2. Descenso de Gradiente Estocástico (SGD)",
    "toma un solo ejemplo",
    "La ecuación matemática fundamental",
    "La tasa de aprendizaje (Learning Rate).",
    "Visualización Interactiva del SGD",
    "3. Backpropagation: La Regla de la Cadena",
    "Esto es como desarmar una cebolla por capas",
    "Ejemplo de Juguete: Aprendiendo una suma simple",
    "El peso ideal debería ser 2.",
    "Conclusiones para llevar a casa:",
    "es el algoritmo para calcular gradientes de forma eficiente",
    "es la estrategia de optimización que usa esos gradientes para actualizar los pesos",
    "es el hiperparámetro más crítico",
    "Con cariño,",
    "Su asistente IA",
]


def lesson(visit, site_url, **options):
    current = visit(**options)
    current.page.goto(site_url + "leccion.html")
    return current.page


def alt_of(page, widget):
    return figure_name(page, widget)


def wait_alt(page, widget, *parts):
    page.wait_for_function(
        f"([selector, parts]) => {{ const f = document.querySelector(selector + ' .lw-figure'); const alt = {FIGURE_NAME_JS};"
        " return parts.every((part) => alt.includes(part)); }",
        arg=[widget, list(parts)], timeout=30_000)


def test_the_seed_is_on_the_page_in_order(visit, site_url):
    page = lesson(visit, site_url)
    text = " ".join(page.locator("article").inner_text().split())
    positions = []
    for phrase in SEED_PHRASES:
        assert phrase in text, f"missing from the lesson: {phrase!r}"
        positions.append(text.index(phrase))
    assert positions == sorted(positions), "the seed's parts are out of order"
    assert "interacción" not in text  # the seed's typo, corrected
    page.wait_for_selector(".arithmatex .katex")
    assert page.locator(".arithmatex .katex").count() == page.locator(".arithmatex").count() >= 6


def test_code_shown_is_the_code_that_runs(visit, site_url, built_site):
    page = lesson(visit, site_url)
    code = "\n".join(page.locator("article pre code").all_text_contents())
    # The page's own plumbing (the figure built once and updated) is folded away.
    folded = "\n".join(page.locator("article details pre code").all_text_contents())
    assert "def sgd_figure(layout=WIDE):" in folded and "def update_toy(fig," in folded
    shipped = (built_site / "py" / "sgd_descent.py").read_text() + (built_site / "py" / "toy_problem.py").read_text()
    for line in ("def visualize_sgd(lr, steps):", "def solve_toy_problem(epochs, lr):",
                 "interact(visualize_sgd,", "interact(solve_toy_problem,",
                 "from controls import interact, FloatSlider, IntSlider",
                 "def sgd_figure(layout=WIDE):", "path.set_data(history_x, history_y)",
                 "gradient = 2 * current_x", "grad = 2 * (y_pred - y_true) * x",
                 "plt.style.use('ggplot')"):
        assert line in code, f"not shown on the page: {line}"
    for shown in ("gradient = 2 * current_x", "grad = 2 * (y_pred - y_true) * x"):
        assert shown in shipped


@pytest.mark.parametrize("javascript", [True, False], ids=["before-python", "without-javascript"])
def test_prerendered_figures_show_at_once(visit, site_url, javascript):
    page = lesson(visit, site_url, java_script_enabled=javascript)
    for widget, title in ((SGD, "SGD con Learning Rate: 0.1"), (TOY, "Evolución del Peso (Final: ")):
        image = page.locator(widget + " img")
        assert title in image.get_attribute("alt")
        assert image.evaluate("(img) => img.complete && img.naturalWidth > 0"), "figure not loaded"
        if javascript:
            assert page.locator(widget).get_attribute("data-state") in ("static", "loading", "ready")
        else:
            assert page.locator(widget).get_attribute("data-state") == "static"


def test_controls_follow_the_seed(visit, site_url):
    page = lesson(visit, site_url)
    expected = {
        SGD: [("Learn Rate", "0.01", "1.1", "0.1", "0.10"), ("Pasos", "1", "50", "10", "10")],
        TOY: [("epochs", "10", "500", "100", "100"), ("lr", "0.001", "0.1", "0.01", "0.010")],
    }
    for widget, controls in expected.items():
        inputs = page.locator(widget + ' input[type="range"]')
        assert inputs.count() == len(controls)
        for index, (label, low, high, value, readout) in enumerate(controls):
            control = inputs.nth(index)
            input_id = control.get_attribute("id")
            assert page.locator(f'label[for="{input_id}"]').inner_text() == label
            assert (control.get_attribute("min"), control.get_attribute("max")) == (low, high)
            assert control.input_value() == value
            assert page.locator(f'output[for="{input_id}"]').inner_text() == readout
        assert page.locator(widget + " [role=status]").count() == 1


def test_sgd_widget_follows_value_and_keyboard(visit, site_url):
    page = lesson(visit, site_url)
    wait_ready(page)
    lr = page.locator(SGD + ' input[name="lr"]')
    lr.fill("0.5")  # between positions: snaps to the seed's grid 0.01 + k * 0.05
    wait_alt(page, SGD, "SGD con Learning Rate: 0.51")
    assert page.locator(SGD + " output").first.inner_text() == "0.51"
    lr.focus()
    page.keyboard.press("ArrowRight")
    wait_alt(page, SGD, "SGD con Learning Rate: 0.56")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    wait_alt(page, SGD, "SGD con Learning Rate: 0.46")
    assert lr.get_attribute("aria-valuetext") == "0.46"
    page.keyboard.press("End")
    wait_alt(page, SGD, "SGD con Learning Rate: 1.1")
    assert "diverge" in page.locator(SGD + " [role=status]").inner_text()
    page.keyboard.press("Home")
    wait_alt(page, SGD, "SGD con Learning Rate: 0.01")
    assert "diverge" not in page.locator(SGD + " [role=status]").inner_text()
    steps = page.locator(SGD + ' input[name="steps"]')
    steps.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('%s output[for$=steps]').textContent === '11'" % SGD)
    page.wait_for_function("(s) => document.querySelector(s).dataset.state === 'ready'", arg=SGD)


# Math.random made repeatable, so "Nueva muestra aleatoria" draws the same seeds on every run.
REPEATABLE_RANDOM = """(() => { let state = 12345;
  Math.random = () => { state = (state * 1103515245 + 12345) % 2147483648; return state / 2147483648; };
})();"""


def test_toy_widget_diverges_and_recovers(visit, site_url):
    current = visit()
    current.context.add_init_script(REPEATABLE_RANDOM)
    page = current.page
    page.goto(site_url + "leccion.html")
    wait_ready(page)
    status = page.locator(TOY + " [role=status]")
    lr = page.locator(TOY + ' input[name="lr"]')
    page.locator(TOY + ' input[name="epochs"]').fill("500")
    wait_alt(page, TOY, "Evolución del Peso (Final: 2.00)")
    lr.fill("0.1")
    assert page.locator(TOY + ' output[for$="lr"]').inner_text() == "0.100"
    # lr = 0.1 diverges in about 7 samples of 10 at 500 epochs; the default one happens to arrive.
    page.wait_for_function("(s) => document.querySelector(s + ' [role=status]').textContent"
                           ".includes('con otras muestras el peso puede divergir')", arg=TOY)
    for _ in range(15):
        if "diverge)" in alt_of(page, TOY):
            break
        previous = figure(page, TOY).get_attribute("data-values")
        page.locator(TOY + " button.lw-reseed").click()
        page.wait_for_function("([s, v]) => document.querySelector(s + ' .lw-figure').dataset.values !== v",
                               arg=[TOY, previous])
    assert "Evolución del Peso (Final: diverge)" in alt_of(page, TOY)
    assert "El peso diverge" in status.inner_text()
    assert page.locator(TOY).get_attribute("class").count("lw-warning") == 1
    lr.fill("0.01")  # same sample, stable lr: back to a normal result
    wait_alt(page, TOY, "Evolución del Peso (Final: 2.00)")
    assert "diverge" not in status.inner_text()


def test_new_sample_changes_the_run_and_is_reproducible_by_default(visit, site_url):
    page = lesson(visit, site_url)
    wait_ready(page)
    image = figure(page, TOY)
    epochs = page.locator(TOY + ' input[name="epochs"]')
    epochs.fill("10")
    wait_alt(page, TOY, "(Final: ")
    page.wait_for_function("(s) => document.querySelector(s).dataset.state === 'ready'", arg=TOY)
    first = image.evaluate("(svg) => svg.outerHTML")
    shown = image.get_attribute("data-values")  # read before the click: a patch comes fast
    page.locator(TOY + " button.lw-reseed").click()
    page.wait_for_function("([s, v]) => document.querySelector(s + ' .lw-figure').dataset.values !== v",
                           arg=[TOY, shown])
    page.wait_for_function("(s) => document.querySelector(s).dataset.state === 'ready'", arg=TOY)
    second = image.evaluate("(svg) => svg.outerHTML")
    assert first != second, "a new random sample drew the same figure"


def test_dragging_fast_renders_only_the_latest_value(visit, site_url):
    page = lesson(visit, site_url)
    wait_ready(page)
    renders = page.evaluate("""async (selector) => {
        const widget = document.querySelector(selector);
        const input = widget.querySelector('input[name="steps"]');
        let count = 0;
        // One figure shown = its data-values set once (on the <svg>, or the one that replaces the <img>).
        const observer = new MutationObserver((records) => { count += records.length; });
        observer.observe(widget, { attributes: true, attributeFilter: ['data-values'], subtree: true });
        for (let steps = 1; steps <= 50; steps++) {
          input.value = String(steps);
          input.dispatchEvent(new Event('input', { bubbles: true }));
        }
        await new Promise((resolve) => {
          const check = () => (widget.dataset.state === 'ready' ? resolve() : setTimeout(check, 20));
          setTimeout(check, 20);
        });
        observer.disconnect();
        return count;
    }""", SGD)
    assert 1 <= renders <= 3, f"{renders} figures drawn for 50 quick moves"
    assert page.locator(SGD + ' output[for$="steps"]').inner_text() == "50"
    drawn = json.loads(figure(page, SGD).get_attribute("data-values"))
    assert drawn == {"lr": 0.1, "steps": 50}
