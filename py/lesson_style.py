"""The seed's first cell: numpy, matplotlib with the ggplot style, and a figure helper.

Every lesson module imports ``np`` and ``plt`` from here, so the look is set in one place.
Runs unchanged in CPython (build-time pre-render) and in Pyodide (the reader's browser).
"""

from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")  # no window: figures are turned into SVG for the page

# --8<-- [start:imports]
import numpy as np
import matplotlib.pyplot as plt
# --8<-- [end:imports]

# --8<-- [start:style]
# Configuración estética
plt.style.use('ggplot')
# --8<-- [end:style]

# Text stays text in the SVG (small, selectable, crisp on any screen); ids and metadata are
# fixed so that the same inputs give byte-identical figures.
plt.rcParams["svg.fonttype"] = "none"
# Every figure is built as wide as it is shown (see Layout): one SVG unit is then about one CSS
# pixel, and these sizes are the sizes on screen. The smallest, 11, stays >= 10 px down to a
# figure shown at 0.91 of its width (a 360 px phone).
plt.rcParams.update({
    "font.size": 12, "axes.titlesize": 12, "axes.labelsize": 12,
    "xtick.labelsize": 11, "ytick.labelsize": 11, "legend.fontsize": 11,
    # Short tick labels: from 10⁴ up (a diverging run reaches 10⁹) and below 10⁻³ the axis
    # writes a factor ("1e4") at its end, so labels fit a phone's width and the y label's margin.
    "axes.formatter.limits": (-3, 4),
})
plt.rcParams["svg.hashsalt"] = "leccion"
# Autoscaled axes end on round tick values, without margins: while a slider moves, the limits
# (and so the ticks and every static part of the figure) stay put unless the data outgrows them.
plt.rcParams.update({"axes.autolimit_mode": "round_numbers", "axes.xmargin": 0, "axes.ymargin": 0})
# The SVG's own unit: a figure kept across renders is drawn without switching its dpi.
plt.rcParams["figure.dpi"] = 72

SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def power_of_ten(value, _position=None):
    """A log axis' tick label, 10⁻¹, 10⁰, 10¹ ..., in plain Unicode: matplotlib's own labels are
    mathtext ($10^{5}$), which a browser's Python takes ~10 ms to parse per new label."""
    return f"10{str(round(np.log10(value))).translate(SUPERSCRIPTS)}"


NOTICE_GID = "aviso"
LEGEND_ROW = 0.26  # inches: one row of legend entries at legend.fontsize

__all__ = ["np", "plt", "show_notice", "figure_notice", "NOTICE_GID", "Layout", "WIDE", "NARROW", "LAYOUTS"]


@dataclass(frozen=True)
class Layout:
    """The shape a widget's figure is built for; the page asks for the one that fits its width.

    ``width`` is the figure's width in inches (72 SVG units each) and matches the width the page
    shows it at, so fonts keep their size. "wide": the lesson column of a desktop (~650 px),
    panels side by side; "narrow": a phone (below 600 px, ~340 px), panels one under the other.
    Margins are in inches, so tick labels and axis labels get the same room at any size.
    """

    name: str
    width: float
    stacked: bool
    panel_height: float  # the least height of one row of panels
    left: float = 0.9  # room for the y tick labels (up to five digits) and the y label
    right: float = 0.3  # half a tick label at the axis' right end
    top: float = 0.62  # a title of two lines
    bottom: float = 0.62  # the x tick labels and the x label
    gap: float = 0.95  # between panels: the next panel's y label (side by side) or title (stacked)

    def grid(self, rows, cols):
        return (rows * cols, 1) if self.stacked else (rows, cols)

    def figsize(self, width, height, rows=1, cols=1):
        """The seed's figure size (inches, for a notebook) as this layout draws it: this
        layout's width, the seed's proportions (per panel when stacked), at least panel_height
        per row of panels."""
        if not self.stacked:
            return (self.width, max(height * self.width / width, self.panel_height * rows))
        panel = (height / rows) * self.width / (width / cols)
        return (self.width, max(panel, self.panel_height) * rows * cols)

    def subplots(self, rows=1, cols=1, figsize=(10, 6)):
        """``plt.subplots(rows, cols, figsize=...)`` in this layout (stacked on a phone)."""
        grid = self.grid(rows, cols)
        fig, axes = plt.subplots(*grid, figsize=self.figsize(*figsize, rows, cols))
        self.arrange(fig, *grid)
        return fig, axes

    def figure(self, figsize=(10, 6)):
        """``plt.figure(figsize=...)`` in this layout, with its margins."""
        fig = plt.figure(figsize=self.figsize(*figsize))
        self.arrange(fig, 1, 1)
        return fig

    def arrange(self, fig, rows, cols, below=0.0):
        """Margins in inches; ``below``: extra room under the plots (a figure legend)."""
        width, height = fig.get_size_inches()
        bottom = self.bottom + below
        plot_width = (width - self.left - self.right - (cols - 1) * self.gap) / cols
        plot_height = (height - self.top - bottom - (rows - 1) * self.gap) / rows
        fig.subplots_adjust(left=self.left / width, right=1 - self.right / width,
                            bottom=bottom / height, top=1 - self.top / height,
                            wspace=self.gap / plot_width, hspace=self.gap / plot_height)

    def legend_below(self, fig, per_row):
        """One legend for the whole figure, under its plots, when the panels are too small to
        hold it: ``per_row`` entries a row side by side, two a row stacked. The figure grows."""
        handles, labels = fig.axes[0].get_legend_handles_labels()
        columns = min(per_row, 2) if self.stacked else per_row
        rows = -(-len(labels) // columns)
        below = rows * LEGEND_ROW + 0.1
        width, height = fig.get_size_inches()
        fig.set_size_inches(width, height + below)
        grid_rows, grid_cols = fig.axes[0].get_subplotspec().get_gridspec().get_geometry()
        self.arrange(fig, grid_rows, grid_cols, below=below)
        return fig.legend(handles, labels, loc="lower center", ncol=columns, frameon=False,
                          borderaxespad=0.2, columnspacing=1.2, handlelength=1.6)


WIDE = Layout("wide", width=9.0, stacked=False, panel_height=3.9)
# Stacked: the gap holds the upper panel's x labels and the lower panel's title.
NARROW = Layout("narrow", width=4.8, stacked=True, panel_height=3.4, left=0.95, gap=1.25)
LAYOUTS = {layout.name: layout for layout in (WIDE, NARROW)}


def show_notice(figure, text):
    """The figure's warning (e.g. divergence), or none for an empty text. It is not drawn: the
    page shows it once, as large text under the figure (its role="status" line)."""
    figure.lesson_notice = text
    return figure


def figure_notice(figure):
    return getattr(figure, "lesson_notice", "")
