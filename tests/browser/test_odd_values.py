"""Odd values in a shared link: far above the maximum, hex/binary/octal, 100 KB long. The page
lands on an allowed position, says so in Spanish, and quotes the value briefly."""

from urllib.parse import quote

from tests.browser.pages import wait_drawn, wait_ready

SGD = '[data-widget="sgd_descent.visualize_sgd"]'
TOY = '[data-widget="toy_problem.solve_toy_problem"]'


def test_far_above_the_maximum_clamps_to_the_maximum(visit, site_url):
    page = visit().page
    page.goto(site_url + "leccion.html?visualize_sgd.steps=1e20&visualize_sgd.lr=1e300")
    assert page.locator(SGD + ' output[for$="-steps"]').inner_text() == "50"
    assert page.locator(SGD + ' output[for$="-lr"]').inner_text() == "1.10"
    wait_ready(page)
    wait_drawn(page, SGD, {"lr": 1.1, "steps": 50})


def test_hex_binary_and_octal_are_refused_with_a_notice(visit, site_url):
    page = visit().page
    page.goto(site_url + "leccion.html?visualize_sgd.steps=0x14&visualize_sgd.lr=0b100"
              "&solve_toy_problem.epochs=0o620")
    assert page.locator(SGD + ' output[for$="-steps"]').inner_text() == "10"  # the default, not 20
    status = page.locator(SGD + " [role=status]").inner_text()
    assert "«0x14»" in status and "«0b100»" in status and "no es un número decimal" in status
    assert "«0o620»" in page.locator(TOY + " [role=status]").inner_text()
    wait_ready(page)  # the defaults: nothing to redraw, the notices stay
    assert "«0x14»" in page.locator(SGD + " [role=status]").inner_text()


def test_a_60_kb_value_is_quoted_short(visit, site_url):
    page = visit().page
    huge = "9" * 60_000 + "x"  # Python's test server refuses request lines over 64 KB
    page.goto(site_url + "leccion.html?visualize_sgd.steps=" + quote(huge))
    status = page.locator(SGD + " [role=status]")
    assert "«" + "9" * 40 + "…»" in status.inner_text()
    assert len(status.inner_text()) < 400
    assert status.bounding_box()["height"] < 200  # was a block 42,025 px tall
    wait_ready(page)
    assert len(status.inner_text()) < 400
