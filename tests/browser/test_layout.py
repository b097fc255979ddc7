"""The lesson on a 390×844 phone and a 1366×900 desktop: nothing scrolls sideways, every control
sits inside its widget on one line, and on a wide screen the sliders of a widget line up."""

import pytest

from tests.browser.pages import wait_ready

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}

CONTROL_BOXES = """() => [...document.querySelectorAll('[data-widget]')].map((widget) => {
  const box = (el) => { const r = el.getBoundingClientRect();
    return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, height: r.height }; };
  return {
    widget: widget.dataset.widget,
    box: box(widget),
    controls: [...widget.querySelectorAll('.lw-control')].map((control) => {
      const label = control.querySelector('label');
      const style = getComputedStyle(label);
      return {
        name: control.querySelector('input').name,
        label: box(label), input: box(control.querySelector('input')),
        output: box(control.querySelector('output')),
        lineHeight: parseFloat(style.lineHeight) || 1.3 * parseFloat(style.fontSize),
        readout: control.querySelector('output').textContent,
        readoutFits: control.querySelector('output').scrollWidth <= control.querySelector('output').clientWidth + 1,
      };
    }),
  };
})"""


@pytest.mark.parametrize("path", ["index.html", "leccion.html", "sin-conexion.html", "404.html"])
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_nothing_scrolls_sideways(visit, site_url, path, size):
    page = visit(viewport=VIEWPORTS[size]).page
    page.goto(site_url + path)
    page.wait_for_load_state("load")
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"{path} at {size}: page is {widths[0]} px wide in a {widths[1]} px viewport"


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_every_control_is_inside_its_widget_on_one_line(visit, site_url, size):
    page = visit(viewport=VIEWPORTS[size]).page
    page.goto(site_url + "leccion.html")
    page.wait_for_load_state("load")
    problems = []
    for widget in page.evaluate(CONTROL_BOXES):
        inside = widget["box"]
        for control in widget["controls"]:
            where = f"{widget['widget']}.{control['name']} at {size}"
            for part in ("label", "input", "output"):
                box = control[part]
                if box["left"] < inside["left"] - 0.5 or box["right"] > inside["right"] + 0.5:
                    problems.append(f"{where}: {part} {box['left']:.0f}–{box['right']:.0f} outside "
                                    f"{inside['left']:.0f}–{inside['right']:.0f}")
            if control["label"]["height"] > 1.5 * control["lineHeight"]:
                problems.append(f"{where}: the label wraps ({control['label']['height']:.0f} px high)")
            centres = [(control[p]["top"] + control[p]["bottom"]) / 2 for p in ("label", "input", "output")]
            if max(centres) - min(centres) > 6:
                problems.append(f"{where}: label, range and readout are not on one line {centres}")
            if not control["readoutFits"]:
                problems.append(f"{where}: the readout «{control['readout']}» is cut")
    assert not problems, "\n".join(problems)


def test_sliders_line_up_in_columns_on_a_desktop(visit, site_url):
    page = visit(viewport=DESKTOP).page
    page.goto(site_url + "leccion.html")
    page.wait_for_load_state("load")
    for widget in page.evaluate(CONTROL_BOXES):
        starts = {round(control["input"]["left"]) for control in widget["controls"]}
        ends = {round(control["output"]["right"]) for control in widget["controls"]}
        assert len(starts) == 1, f"{widget['widget']}: sliders start at {sorted(starts)}"
        assert len(ends) == 1, f"{widget['widget']}: readouts end at {sorted(ends)}"


def test_readouts_stay_inside_at_their_widest_values(visit, site_url):
    """The longest readouts (e.g. 200 updates, −4.00) still fit on a phone once Python shows them."""
    page = visit(viewport=PHONE).page
    page.goto(site_url + "leccion.html")
    wait_ready(page)
    for name in page.eval_on_selector_all("[data-widget] input[type=range]", "els => els.map(e => e.id)"):
        page.focus(f"#{name}")
        page.keyboard.press("End")
        page.keyboard.press("Home")  # the minimum can be the widest text (a minus sign)
    for widget in page.evaluate(CONTROL_BOXES):
        for control in widget["controls"]:
            assert control["readoutFits"], (widget["widget"], control["name"], control["readout"])
            assert control["output"]["right"] <= widget["box"]["right"] + 0.5, (widget["widget"], control["name"])


def test_each_widget_is_within_a_screen_of_its_heading(visit, site_url):
    """The figure comes right after its section's introduction; the code that makes it follows."""
    page = visit(viewport=DESKTOP).page
    page.goto(site_url + "leccion.html")
    page.wait_for_load_state("load")
    gaps = page.evaluate("""() => [...document.querySelectorAll('.md-content [data-widget]')].map((widget) => {
      const headings = [...document.querySelectorAll('.md-content h2, .md-content h3')]
        .filter((h) => h.compareDocumentPosition(widget) & Node.DOCUMENT_POSITION_FOLLOWING);
      const heading = headings[headings.length - 1];
      return [widget.dataset.widget, heading.textContent.trim(),
              widget.getBoundingClientRect().top - heading.getBoundingClientRect().top];
    })""")
    assert len(gaps) == 4
    far = [gap for gap in gaps if gap[2] > DESKTOP["height"]]
    assert not far, far
