"""The seed's first cell: numpy, matplotlib with the ggplot style, and a figure helper.

Every lesson module imports ``np`` and ``plt`` from here, so the look is set in one place.
Runs unchanged in CPython (build-time pre-render) and in Pyodide (the reader's browser).
"""

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

NOTICE_GID = "aviso"

__all__ = ["np", "plt", "add_notice", "NOTICE_GID"]


def add_notice(figure, text):
    """Write a warning (e.g. divergence) under the plots; the page also shows it as text."""
    figure.subplots_adjust(bottom=max(figure.subplotpars.bottom, 0.17))  # room below the x label
    figure.text(0.5, 0.005, text, ha="center", va="bottom", color="#b00020",
                fontsize="medium", fontweight="bold", gid=NOTICE_GID, wrap=True)
    return figure
