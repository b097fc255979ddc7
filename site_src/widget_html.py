"""The HTML of one widget, derived from its declaration in py/ and its pre-rendered figure.

Markup contract (tests and assistive technology rely on it):
- root ``<figure data-widget="module.function" data-state="static">``;
- one ``<input type="range">`` per slider, with a ``<label>`` (the seed's description) and an
  ``<output>`` (the formatted value);
- the figure is an ``<img>`` whose ``alt`` carries the figure's titles, inside a ``<picture>``
  whose ``<source>`` holds the narrow layout's figure (stacked panels) for phones;
- messages go to the ``role="status"`` element inside the widget.
"""

import json
import re
from html import escape


def dom_id(widget, name=""):
    return "lw-" + re.sub(r"[^A-Za-z0-9]+", "-", f"{widget} {name}".strip())


class PageNames:
    """The URL namespaces and element ids of one page's widgets, unique on that page.

    A widget's settings live in the page URL under its namespace ("?visualize_sgd.lr=0.31"): the
    bare function name, as shared links have always used; "module.function" when two modules
    of the page have a function of that name; "-2", "-3"... for a widget's later occurrences
    ("-" cannot occur in a Python name, so these never meet a real function's name).
    """

    def __init__(self, widgets):
        """``widgets``: every "module.function" of the page, in order (repeats included)."""
        by_bare = {}
        for widget in widgets:
            by_bare.setdefault(widget.split(".")[-1], set()).add(widget)
        self._shared = {bare for bare, names in by_bare.items() if len(names) > 1}
        self._seen = {}
        self._ids = set()

    def namespace(self, widget):
        """Call once per occurrence, in page order."""
        bare = widget.split(".")[-1]
        base = widget if bare in self._shared else bare
        count = self._seen[widget] = self._seen.get(widget, 0) + 1
        return base if count == 1 else f"{base}-{count}"

    def element_id(self, widget, control=""):
        """dom_id(widget) for the root, root id + "-" + control for a control's input; with
        "-2", "-3"... when the page already has that id."""
        candidate = base = f"{widget}-{dom_id(control)[3:]}" if control else dom_id(widget)
        number = 1
        while candidate in self._ids:
            number += 1
            candidate = f"{base}-{number}"
        self._ids.add(candidate)
        return candidate


# Below this width the page shows (and asks Python for) the "narrow" layout; lesson.css uses the
# same width for the controls.
NARROW_MEDIA = "(max-width: 599.98px)"


def widget_html(spec, results, sources, names=None):
    """``spec``: widget_render.widget_spec(); ``results``: layout name -> widget_render.render()
    of the defaults; ``sources``: layout name -> the pre-rendered figure's URL; ``names``: the
    page's PageNames (a page of this one widget when omitted)."""
    result, narrow = results["wide"], results["narrow"]
    widget = spec["widget"]
    names = names or PageNames([widget])
    spec = {**spec, "namespace": names.namespace(widget)}
    root_id = names.element_id(widget)
    controls = "".join(_control_html(names.element_id(root_id, control["name"]), control,
                                     result["readouts"][control["name"]])
                       for control in spec["controls"])
    buttons = []
    if spec.get("seed_argument"):
        buttons.append('<button type="button" class="lw-reseed md-button" disabled>'
                       'Nueva muestra aleatoria</button>')
    buttons.append('<button type="button" class="lw-reset md-button">Valores iniciales</button>')
    buttons.append('<button type="button" class="lw-copy-link md-button">Copiar enlace</button>')
    buttons.append('<button type="button" class="lw-zoom md-button" aria-haspopup="dialog">'
                   'Ver en pantalla completa</button>')
    actions = f'<div class="lw-actions">{"".join(buttons)}</div>'
    status = "Figura calculada de antemano con los valores iniciales. Python se está cargando…"
    # One line, no blank lines: Markdown keeps a raw HTML block as it is.
    warning = " lw-warning" if result["message"] else ""
    return (
        f'<figure class="lw-widget{warning}" id="{root_id}" data-widget="{escape(widget)}" '
        f'data-state="static" data-narrow-media="{escape(NARROW_MEDIA)}" '
        f'data-spec="{escape(json.dumps(spec, separators=(",", ":")))}">'
        f'<div class="lw-controls">{controls}{actions}</div>'
        '<picture class="lw-picture">'
        f'<source media="{escape(NARROW_MEDIA)}" srcset="{escape(sources["narrow"])}" '
        f'width="{narrow["width"]}" height="{narrow["height"]}">'
        f'<img class="lw-figure" src="{escape(sources["wide"])}" alt="{escape(result["alt"])}" '
        f'data-values="{escape(json.dumps(result["values"], sort_keys=True))}" '
        f'width="{result["width"]}" height="{result["height"]}" decoding="async">'
        '</picture>'
        f'{table_html(result["table"], result["table_caption"])}'
        '<div class="lw-status-box">'
        f'<p class="lw-status" role="status" aria-live="polite">{escape(result["message"] or status)}</p>'
        '</div>'
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
    # In a box that keeps the table's tallest height (widgets.js): a row wrapping on a phone at
    # one move and not the next would move the page below.
    return f'<div class="lw-table-box"><table class="lw-table">{caption_html}<tbody>{body}</tbody></table></div>'


def _control_html(input_id, control, readout):
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
