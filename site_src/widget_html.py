"""The HTML of one widget, derived from its declaration in py/ and its pre-rendered figure.

Markup contract (tests and assistive technology rely on it):
- root ``<figure data-widget="module.function" data-state="static">``;
- one ``<input type="range">`` per slider, with a ``<label>`` (the seed's description) and an
  ``<output>`` (the formatted value);
- the figure is an ``<img>`` whose ``alt`` carries the figure's titles;
- messages go to the ``role="status"`` element inside the widget.
"""

import json
import re
from html import escape


def dom_id(widget, name=""):
    return "lw-" + re.sub(r"[^A-Za-z0-9]+", "-", f"{widget} {name}".strip())


def widget_html(spec, result, figure_src):
    """``spec``: widget_render.widget_spec(); ``result``: widget_render.render() of the defaults."""
    widget = spec["widget"]
    controls = "".join(_control_html(widget, control, result["readouts"][control["name"]])
                       for control in spec["controls"])
    buttons = []
    if spec.get("seed_argument"):
        buttons.append('<button type="button" class="lw-reseed md-button" disabled>'
                       'Nueva muestra aleatoria</button>')
    buttons.append('<button type="button" class="lw-reset md-button">Valores iniciales</button>')
    buttons.append('<button type="button" class="lw-copy-link md-button">Copiar enlace</button>')
    actions = f'<div class="lw-actions">{"".join(buttons)}</div>'
    status = "Figura calculada de antemano con los valores iniciales. Python se está cargando…"
    # One line, no blank lines: Markdown keeps a raw HTML block as it is.
    return (
        f'<figure class="lw-widget" id="{dom_id(widget)}" data-widget="{escape(widget)}" data-state="static" '
        f'data-spec="{escape(json.dumps(spec, separators=(",", ":")))}">'
        f'<div class="lw-controls">{controls}{actions}</div>'
        f'<img class="lw-figure" src="{escape(figure_src)}" alt="{escape(result["alt"])}" '
        f'data-values="{escape(json.dumps(result["values"], sort_keys=True))}" '
        f'width="{result["width"]}" height="{result["height"]}" decoding="async">'
        f'{table_html(result["table"], result["table_caption"])}'
        f'<p class="lw-status" role="status" aria-live="polite">{escape(result["message"] or status)}</p>'
        '<noscript><p class="lw-noscript">Activen JavaScript para mover los controles; '
        'la figura muestra los valores iniciales.</p></noscript>'
        '</figure>'
    )


def table_html(rows, caption):
    """Numbers as text (searchable, copyable, read aloud); the page script refills the cells."""
    if not rows:
        return ""
    body = "".join(f'<tr><th scope="row">{escape(quantity)}</th><td>{escape(value)}</td></tr>'
                   for quantity, value in rows)
    caption_html = f"<caption>{escape(caption)}</caption>" if caption else ""
    return f'<table class="lw-table">{caption_html}<tbody>{body}</tbody></table>'


def _control_html(widget, control, readout):
    input_id = dom_id(widget, control["name"])
    # step="any": the author's default (e.g. lr = 0.1) lies off the min + k*step grid; the page
    # script snaps every move to the declared positions instead of letting the browser do it.
    return (
        '<div class="lw-control">'
        f'<label for="{input_id}">{escape(control["label"])}</label>'
        f'<input type="range" id="{input_id}" name="{escape(control["name"])}" '
        f'min="{control["min"]}" max="{control["max"]}" step="any" value="{control["value"]}" '
        f'aria-valuetext="{escape(readout)}">'
        f'<output for="{input_id}">{escape(readout)}</output>'
        '</div>'
    )
