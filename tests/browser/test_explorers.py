"""The two explorers beyond the seed: their numbers are text on the page and follow the sliders."""

from tests.browser.pages import figure_name, wait_drawn, wait_ready

CHAIN = '[data-widget="chain_rule.explore_chain_rule"]'
BATCH = '[data-widget="batch_comparison.compare_batches"]'


def table(page, widget):
    rows = page.locator(widget + " table.lw-table tr")
    return {rows.nth(i).locator("th").inner_text(): rows.nth(i).locator("td").inner_text()
            for i in range(rows.count())}


def test_chain_rule_numbers_follow_the_sliders_and_agree_with_finite_differences(visit, site_url):
    page = visit().page
    page.goto(site_url + "leccion.html")
    before = table(page, CHAIN)  # pre-rendered: the numbers are there before Python is ready
    assert before["z = w·x + b"] == "0.75"
    assert before["∂L/∂w = ∂L/∂a · ∂a/∂z · ∂z/∂w"] == before["∂L/∂w por diferencias finitas"]
    wait_ready(page)
    page.locator(CHAIN + ' input[name="x"]').fill("-2")
    wait_drawn(page, CHAIN, {"w": 0.5, "b": 0.0, "x": -2.0, "y": 1.0, "eta": 1.0})
    after = table(page, CHAIN)
    assert after["z = w·x + b"] == "-1"
    assert after["∂z/∂w = x"] == "-2"
    assert after["∂L/∂w = ∂L/∂a · ∂a/∂z · ∂z/∂w"] == after["∂L/∂w por diferencias finitas"]
    assert after["∂L/∂w = ∂L/∂a · ∂a/∂z · ∂z/∂w"] != before["∂L/∂w = ∂L/∂a · ∂a/∂z · ∂z/∂w"]
    assert "w = 0.50 →" in figure_name(page, CHAIN)


def test_batch_comparison_table_counts_the_work(visit, site_url):
    page = visit().page
    page.goto(site_url + "leccion.html")
    wait_ready(page)
    page.locator(BATCH + ' input[name="batch_size"]').fill("20")
    wait_drawn(page, BATCH, {"batch_size": 20, "lr": 0.1, "updates": 50})
    numbers = table(page, BATCH)
    assert numbers["Mini-batch de 20: ejemplos procesados"] == "1000"
    assert numbers["SGD (batch 1): ejemplos procesados"] == "50"
    assert numbers["Batch completo (40): ejemplos procesados"] == "2000"
    assert "mini-batch de 20" in figure_name(page, BATCH)
