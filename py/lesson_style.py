"""The seed's first cell: numpy, matplotlib with the ggplot style, and a figure helper.

Every lesson module imports ``np`` and ``plt`` from here, so the look is set in one place.
Runs unchanged in CPython (build-time pre-render) and in Pyodide (the reader's browser).
"""

from dataclasses import dataclass

# --8<-- [start:imports]
import numpy as np
import matplotlib

matplotlib.use("Agg")  # no window: figures are turned into SVG for the page
import matplotlib.pyplot as plt

# Configuración estética
plt.style.use('ggplot')
# --8<-- [end:imports]

# Text stays text in the SVG (small, selectable, crisp on any screen); ids and metadata are
# fixed so that the same inputs give byte-identical figures.
plt.rcParams["svg.fonttype"] = "none"
# The seed's figures (up to 15 inches wide) are shown in a ~650 px column: larger text and
# slimmer margins keep them readable. Fixed margins cost nothing per render (unlike "tight").
plt.rcParams.update({
    "font.size": 14,
    "figure.subplot.left": 0.08, "figure.subplot.right": 0.98,
    "figure.subplot.bottom": 0.13, "figure.subplot.top": 0.91, "figure.subplot.wspace": 0.22,
})
plt.rcParams["svg.hashsalt"] = "leccion"
# The SVG's own unit: a figure kept across renders is drawn without switching its dpi.
plt.rcParams["figure.dpi"] = 72

NOTICE_GID = "aviso"
NOTICE_BOTTOM = 0.17  # the bottom margin while a notice is shown: room below the x label

__all__ = ["np", "plt", "show_notice", "NOTICE_GID", "Layout", "WIDE", "LAYOUTS"]


@dataclass(frozen=True)
class Layout:
    """The shape a widget's figure is built for (the page asks for one); today only "wide",
    the seed's sizes. A builder takes one and asks it for its figure size."""

    name: str = "wide"

    def figsize(self, width, height):
        return (width, height)


WIDE = Layout("wide")
LAYOUTS = {layout.name: layout for layout in (WIDE,)}


def show_notice(figure, text):
    """The figure's warning line under the plots (e.g. divergence), which the page also shows
    as text; an empty text takes it away. The bottom margin grows only while it is there."""
    notice = next((item for item in figure.texts if item.get_gid() == NOTICE_GID), None)
    if not text:
        if notice is not None:
            figure.subplots_adjust(bottom=notice.plain_bottom)
            notice.remove()
        return figure
    if notice is None:
        plain_bottom = figure.subplotpars.bottom
        figure.subplots_adjust(bottom=max(plain_bottom, NOTICE_BOTTOM))
        notice = figure.text(0.5, 0.005, text, ha="center", va="bottom", color="#b00020",
                             fontsize="medium", fontweight="bold", gid=NOTICE_GID, wrap=True)
        notice.plain_bottom = plain_bottom
    else:
        notice.set_text(text)
    return figure
