"""The downloaded copy opened from disk (file://): time until every widget is ready, and until
the first live figure after a slider move made at that moment."""

import statistics
import tempfile
import zipfile
from pathlib import Path

from bench.browser import CHROMIUM_FLAGS, VIEWPORT

ZIP = Path("descargas") / "leccion-backprop-sgd.zip"
READY = "() => [...document.querySelectorAll('[data-widget]')].every((w) => w.dataset.state === 'ready')"
SGD = '[data-widget="sgd_descent.visualize_sgd"]'


def from_disk(playwright, chromium, site, runs):
    """``runs`` visits of leccion.html from the unzipped copy, each in a new profile."""
    samples = []
    with tempfile.TemporaryDirectory(prefix="bench-copy-") as folder:
        with zipfile.ZipFile(site / ZIP) as archive:
            archive.extractall(folder)
        page_url = (Path(folder) / "leccion-backprop-sgd" / "leccion.html").as_uri()
        for _ in range(runs):
            samples.append(one_visit(playwright, chromium, page_url))
    return samples


def one_visit(playwright, chromium, page_url):
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=chromium, args=CHROMIUM_FLAGS, headless=True, viewport=VIEWPORT)
        try:
            page = context.new_page()
            page.goto(page_url)
            page.wait_for_function(READY, timeout=120_000)
            ready = page.evaluate("performance.now()")
            page.locator(SGD + ' input[name="lr"]').fill("0.31")
            page.wait_for_function(f"() => document.querySelector('{SGD} img').alt.endsWith('0.31')",
                                   timeout=30_000)
            return {"ready_ms": ready, "first_live_figure_ms": page.evaluate("performance.now()")}
        finally:
            context.close()


def summary(samples):
    line = []
    for key, label in (("ready_ms", "every widget ready"), ("first_live_figure_ms", "first live figure")):
        values = [sample[key] for sample in samples]
        line.append(f"{label} {min(values):,.0f} / {statistics.median(values):,.0f} / {max(values):,.0f} ms")
    return f"leccion.html opened from disk (file://), {len(samples)} runs, min / median / max: " + "; ".join(line)
