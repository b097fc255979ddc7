"""The first arrow-key press from the seed's off-grid default makes a step the figure shows."""

import pytest

from tests.browser.pages import wait_drawn, wait_ready


@pytest.mark.parametrize("widget, name, default, right, left", [
    ("sgd_descent.visualize_sgd", "lr", "0.10", 0.16, 0.06),      # grid 0.01, 0.06, 0.11, 0.16 …
    ("toy_problem.solve_toy_problem", "lr", "0.010", 0.016, 0.006),  # grid 0.001, 0.006, 0.011 …
])
def test_first_arrow_press_from_the_default_skips_to_a_visible_step(visit, site_url, widget, name,
                                                                    default, right, left):
    page = visit().page
    page.goto(site_url + "leccion.html")
    wait_ready(page)
    root = f'[data-widget="{widget}"]'
    slider = page.locator(f'{root} input[name="{name}"]')
    readout = page.locator(f'{root} output[for$="-{name}"]')
    assert readout.inner_text() == default
    slider.focus()
    page.keyboard.press("ArrowRight")
    values = page.evaluate("(s) => JSON.parse(document.querySelector(s + ' .lw-figure').dataset.values)", root)
    wait_drawn(page, root, {**values, name: right})
    page.keyboard.press("Home")
    page.keyboard.press("End")
    slider.press("Home")  # from the minimum, right arrows walk the grid and stop on the default
    while readout.inner_text() != default:
        before = readout.inner_text()
        page.keyboard.press("ArrowRight")
        assert float(readout.inner_text()) > float(before)
        assert float(readout.inner_text()) <= float(default), "the default was skipped"
    page.keyboard.press("ArrowLeft")  # and one press back down is again a full step
    wait_drawn(page, root, {**values, name: left})
