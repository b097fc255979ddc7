"""Figures that live across renders: built once per widget and layout, then updated in place.

A widget is a pair, like matplotlib's own animation idiom: a builder makes the figure and its
artists once (the seed's plotting code), and the widget function updates them
(``set_data``, titles, limits). ``@draws_on(builder)`` ties the two together.

Drawing: while no axes changes its frame (position, limits, scales, axis labels), only the
artists the update touched (matplotlib marks them stale) are drawn again, as a small SVG of
their groups, which the page patches into the figure it shows; anything else is a full SVG.
Every patchable artist gets a stable group id (its place in the figure) for that.
"""

import io
import re

from matplotlib.axis import Axis
from matplotlib.backends.backend_svg import RendererSVG
from matplotlib.legend import Legend
from matplotlib.spines import Spine
from matplotlib.text import Annotation

from lesson_style import LAYOUTS, WIDE, plt

# No date (reproducible) and no RDF links to other hosts in the page's figures.
SVG_METADATA = {"Date": None, "Creator": None, "Type": None, "Format": None}
GROUP_ID = re.compile(r'<g id="([^"]+)"')
AUTOMATIC_ID = re.compile(r"(a\d+|f)-")  # the ids name_group gives; an author's gid is kept


def draws_on(builder):
    """Declare the builder of the figure a widget function updates: ``fn(fig, **values)``."""

    def attach(function):
        function.build_figure = builder
        function.update = function
        return function

    return attach


def updates(widget, builder, seed_argument=None):
    """The page's way of drawing ``widget``, a function shown as the seed wrote it (it draws a
    new figure and calls plt.show(), as in Jupyter): the decorated ``update(fig, **values)``
    redraws, in the figure ``builder`` made once, what ``widget`` draws. The page's widget keeps
    ``widget``'s name and sliders (its ``interact(...)``); ``seed_argument`` names the update's
    random-seed keyword ("Nueva muestra aleatoria"), if any."""

    def attach(update):
        widget.build_figure = builder
        widget.update = update
        if seed_argument:
            widget.seed_argument = seed_argument
        return update

    return attach


def build(function, layout=WIDE):
    """A new figure for ``function``, not kept by pyplot (no figure manager, nothing to close)."""
    figure = function.build_figure(layout)
    plt.close(figure)
    return figure


def fresh(function, *args, layout=WIDE, **values):
    """Build and update a new figure: what a first render (and the build's pre-render) shows."""
    return function.update(build(function, layout), *args, **values)


class LiveFigure:
    """One widget's figure in this Python, and what the page's copy of it shows."""

    def __init__(self, figure):
        self.figure = figure
        self.revision = 0  # counts renders: the page says which one it shows
        self.frame = None  # frame_signature() at the last full draw
        self.artists = {}  # group id -> artist, as of the last render
        self.drawn = set()  # group ids in the page's copy

    def svg(self, shown=None):
        """Draw the figure after an update. Returns ``(svg, patch_of)``: ``patch_of`` is None
        for a whole figure, else the revision that ``svg`` (only the changed groups) patches."""
        artists = patchable_artists(self.figure)
        frame = frame_signature(self.figure)
        patch = None
        if shown == self.revision and frame == self.frame and artists.keys() == self.artists.keys():
            patch = self._changed_groups(artists)
        base = None
        if patch is None:
            svg = figure_svg(self.figure)
            self.drawn = set(GROUP_ID.findall(svg))
            self.frame = frame
            mark_drawn(self.figure)
        else:
            svg, base = patch, self.revision
        self.artists = artists
        self.revision += 1
        return svg, base

    def _changed_groups(self, artists):
        changed = [gid for gid, artist in artists.items()
                   if artist.stale or self.artists[gid] is not artist]
        # A legend placed "best" follows the lines of its axes: draw it again with them.
        changed_axes = {artists[gid].axes for gid in changed}
        changed += [gid for gid, artist in artists.items() if isinstance(artist, Legend)
                    and artist.axes in changed_axes and gid not in changed]
        svg = artists_svg(self.figure, [artists[gid] for gid in changed])
        own = {group for gid in changed for group in (gid, gid + "-arrow")}
        produced = own.intersection(GROUP_ID.findall(svg))
        if produced != own & self.drawn:  # an artist appeared or vanished: only a full draw places it
            return None
        for gid in changed:
            artists[gid].stale = False
        return svg


LIVE = {}  # (widget name, layout name) -> LiveFigure


def live_figure(name, function, layout_name="wide"):
    key = (name, layout_name)
    if key not in LIVE:
        LIVE[key] = LiveFigure(build(function, LAYOUTS[layout_name]))
    return LIVE[key]


def forget(name, layout_name="wide"):
    """Drop a figure an update failed half-way through: the next render builds a new one."""
    LIVE.pop((name, layout_name), None)


def patchable_artists(figure):
    """Group id -> artist for everything a widget update may change: what
    the axes hold besides their frame (axis, spines, background), and the figure's texts."""
    artists = {}
    for index, axes in enumerate(figure.axes):
        counts = {}
        frame = (axes.patch, axes.xaxis, axes.yaxis, *axes.spines.values())
        for child in axes.get_children():
            if child in frame or isinstance(child, (Axis, Spine)):
                continue
            if child is axes.title:
                kind = "title"
            elif isinstance(child, Legend):
                kind = "legend"
            else:
                kind = type(child).__name__.lower()
                counts[kind] = counts.get(kind, 0) + 1
                kind += str(counts[kind])
            artists[name_group(child, f"a{index}-{kind}")] = child
    for index, text in enumerate(figure.texts):
        artists[name_group(text, f"f-text{index}")] = text
    return artists


def name_group(artist, gid):
    if artist.get_gid() is None or AUTOMATIC_ID.match(artist.get_gid()):
        artist.set_gid(gid)
        if isinstance(artist, Annotation) and artist.arrow_patch is not None:
            artist.arrow_patch.set_gid(gid + "-arrow")
    return artist.get_gid()


def frame_signature(figure):
    """What every artist not redrawn depends on: while it is equal, they look the same."""
    return (tuple(figure.get_size_inches()), tuple(
        (axes.get_position().bounds, axes.get_xlim(), axes.get_ylim(), axes.get_xscale(),
         axes.get_yscale(), axes.get_xlabel(), axes.get_ylabel(),
         axes.xaxis.get_major_locator(), axes.yaxis.get_major_locator(),
         axes.xaxis.get_major_formatter(), axes.yaxis.get_major_formatter())
        for axes in figure.axes))


def mark_drawn(figure):
    """After a full draw nothing is stale: the next update's changes are all that is."""
    for artist in patchable_artists(figure).values():
        artist.stale = False


def figure_svg(figure):
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata=SVG_METADATA)
    return buffer.getvalue()


def artists_svg(figure, artists):
    """An SVG document holding only these artists' groups, drawn as the full figure draws them
    (same size, same clip paths; the figure's dpi is the SVG's 72, see lesson_style)."""
    buffer = io.StringIO()
    width, height = figure.get_size_inches() * 72
    renderer = RendererSVG(width, height, buffer, metadata=SVG_METADATA)
    for artist in artists:
        artist.draw(renderer)
    renderer.finalize()
    return buffer.getvalue()
