"""Figures that live across renders: built once per widget and layout, then updated in place.

A widget is a pair, like matplotlib's own animation idiom: a builder makes the figure and its
artists once (the seed's plotting code), and the widget function updates them
(``set_data``, titles, limits). ``@draws_on(builder)`` ties the two together.

Drawing: while the layout holds (figure size, axes boxes), only what changed is drawn again:
the artists the update touched (matplotlib marks them stale), and for an x or y axis whose
limits, scale or label changed, that axis and what its axes draws in data coordinates. They go
as a small SVG of their groups, which the page patches into the figure it shows; a layout
change is a whole SVG. Every patchable artist gets a stable group id (its place in the
figure); one that is hidden or removed leaves an empty group, its place should it come back.

Where a patch's time went, and what avoids it: an axis drawn once per frame (its limits,
scale, tickers), kept as SVG; a title placed past the y axis' offset text without laying out
the whole y axis; text sizes measured once for all renderers, a text's layout once per
string, font and alignment, a new one-line text laid out on floats (text_layout); an axis'
ticks placed once per draw, each kind of their lines drawn as one path, found on screen in
one call, their labels placed in one call, measured from their layouts and written from
there, the axis label placed past them on floats (tick_lines); a legend's boxes laid out
once per draw; a plain one-line text written without Text.draw's general machinery, its font
declared once per font; one text-to-path converter, whose mathtext cache outlives every patch's
renderer. Every figure is
written compactly, with the same drawing in fewer nodes (the page styles and paints each):
no wrapping groups, a line's markers as one <marker> painted at the vertices of one path
instead of one <use> per marker, tick lines together.
Whole figures and patches are drawn by the same renderer (FigureRenderer), so they match.
"""

import contextlib
import functools
import io
import itertools
import math
import random
import re

from matplotlib.axis import Axis
from matplotlib.backend_bases import GraphicsContextBase
from matplotlib.backends.backend_mixed import MixedModeRenderer
from matplotlib import font_manager
from matplotlib.backends.backend_svg import RendererSVG, _generate_css, _short_float_fmt
from matplotlib.colors import rgb2hex
from matplotlib.legend import Legend
from matplotlib.offsetbox import PackerBase, PaddedBox
from matplotlib.spines import Spine
from matplotlib.text import Annotation, Text
from matplotlib.textpath import TextToPath
from matplotlib.transforms import Affine2D

from lesson_style import LAYOUTS, WIDE, np, plt
from plain_lines import lines_drawn_plainly, marker_points, vertices_path_data
import tick_lines
from text_layout import one_line_layout
from tick_lines import ticks_drawn_together

# No date (reproducible) and no RDF links to other hosts in the page's figures.
SVG_METADATA = {"Date": None, "Creator": None, "Type": None, "Format": None}
GROUP_ID = re.compile(r'<g id="([^"]+)"')
# Revisions are unique within a Python and start at random: a page that showed a figure of a
# Python that has since stopped never takes a new Python's figure for the one it shows.
REVISIONS = itertools.count(random.SystemRandom().randrange(2**30))
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


def set_data_if_new(line, x, y):
    """Give a line these data, unless it has them already. set_data marks a line changed even
    when its data are the same, and a changed line is drawn again into the page's figure; a
    widget's update sets every line at every move, most of them (the curve while w moves, the
    runs a new batch size leaves alone) unchanged."""
    if not (np.array_equal(line.get_xdata(), x) and np.array_equal(line.get_ydata(), y)):
        line.set_data(x, y)


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
        self.revision = next(REVISIONS)  # the page says which revision it shows
        self.frame = None  # frame_signature() as the page's copy shows it
        self.artists = {}  # group id -> artist, as of the last render
        self.drawn = set()  # group ids in the page's copy
        self.axis_groups = {}  # (group id, layout, axis frame) -> that axis drawn alone, as SVG
        self.offset_frames = {}  # axes -> the y axis frame its offset text ("1e6") was set for

    def svg(self, shown=None):
        """Draw the figure after an update. Returns ``(svg, patch_of)``: ``patch_of`` is None
        for a whole figure, else the revision that ``svg`` (only the changed groups) patches."""
        artists = patchable_artists(self.figure)
        frame = frame_signature(self.figure)
        patch = None
        if shown == self.revision:
            patch = self._changed_groups(artists, frame)
        base = None
        if patch is None:
            svg = figure_svg(self.figure)
            self.drawn = set(GROUP_ID.findall(svg))
            mark_drawn(artists)
            self.offset_frames = {axes: y_frame for axes, (_, y_frame) in zip(self.figure.axes, frame[1])}
        else:
            svg, base = patch, self.revision
        self.frame = frame
        self.artists = artists
        self.revision = next(REVISIONS)
        return svg, base

    def _changed_groups(self, artists, frame):
        """The SVG of the groups to patch, or None when only a whole figure will do."""
        (layout, axes_frames), (old_layout, old_axes_frames) = frame, self.frame
        if layout != old_layout:  # the figure's size or an axes' box changed: everything moves
            return None
        moved_axis = {f"a{index}-{name}" for index, (now, before) in enumerate(zip(axes_frames, old_axes_frames))
                      for name, new, old in zip(("xaxis", "yaxis"), now, before) if new != old}
        # An axis that moved redraws its ticks, and everything drawn in its axes' data coordinates.
        moved_axes = {artists[gid].axes for gid in moved_axis}
        changed = [gid for gid, artist in artists.items() if gid in moved_axis or (
            not isinstance(artist, Axis) and (artist.stale or self.artists.get(gid) is not artist
                                              or artist.axes in moved_axes and follows_data(artist)))]
        # A legend placed "best" follows the lines of its axes: draw it again with them.
        changed_axes = {artists[gid].axes for gid in changed}
        changed += [gid for gid, artist in artists.items() if isinstance(artist, Legend)
                    and placed_best(artist) and artist.axes in changed_axes and gid not in changed]
        # An axis looks the same whenever its frame is the same: drawn once per frame (dragging
        # a slider back and forth, or across limits that end on the same round numbers).
        axes_svg = [self._axis_svg(gid, artists[gid], layout, axes_frames) for gid in changed if gid in moved_axis]
        svg = artists_svg(self.figure, [artists[gid] for gid in changed if gid not in moved_axis], axes_svg,
                          place_title=functools.partial(self._place_title, axes_frames=axes_frames))
        own = {group for gid in changed for group in (gid, gid + "-arrow")}
        produced = own.intersection(GROUP_ID.findall(svg))
        if not produced <= self.drawn:  # a group the page has no place for: a full draw places it
            return None
        # A group the page shows that is drawn no more (hidden, or its artist removed) becomes an
        # empty group: it draws nothing and keeps the place, should the artist come back.
        removed = {group for gid in self.artists.keys() - artists.keys() for group in (gid, gid + "-arrow")}
        emptied = "".join(f'<g id="{group}"></g>' for group in sorted(((own | removed) & self.drawn) - produced))
        mark_drawn({gid: artists[gid] for gid in changed})
        return svg[:svg.rindex("</svg>")] + emptied + "</svg>"


    def _axis_svg(self, gid, axis, layout, axes_frames):
        index, name = int(gid[1:gid.index("-")]), gid.rsplit("-", 1)[1]
        key = (gid, layout, axes_frames[index][name == "yaxis"])
        if key not in self.axis_groups:
            if len(self.axis_groups) >= AXIS_GROUPS_KEPT:
                del self.axis_groups[next(iter(self.axis_groups))]  # the oldest
            with ticks_laid_out_once(axis):
                svg = artists_svg(self.figure, [axis], body_only=True)
            offset = axis.offsetText
            self.axis_groups[key] = svg, offset.get_text(), offset.get_position()
        svg, offset_text, offset_position = self.axis_groups[key]
        if name == "yaxis":  # as drawing it sets it: the title is placed past it
            axis.offsetText.set_text(offset_text)
            axis.offsetText.set_position(offset_position)
            self.offset_frames[axis.axes] = key[2]
        return svg

    def _place_title(self, axes, renderer, axes_frames):
        """As Axes.draw does before drawing a title: move it up past the y axis' offset text
        ("1e6") if they would overlap. matplotlib brings that text up to date by laying out the
        whole y axis (ticks, labels), most of a patch's time; only the text matters here, and
        it depends on the y axis' frame alone: set it again only when that frame changed."""
        yaxis, frame = axes.yaxis, axes_frames[self.figure.axes.index(axes)][1]
        current = self.offset_frames.get(axes) == frame
        yaxis.get_tightbbox = lambda *args, **kwargs: None if current else update_offset_text(yaxis)
        try:
            axes._update_title_position(renderer)
        finally:
            del yaxis.get_tightbbox  # the class' method again
        self.offset_frames[axes] = frame


AXIS_GROUPS_KEPT = 64  # per figure: a few kB each
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
    """Group id -> artist for everything a widget update may change: each axes' x and y axis
    (ticks, grid, label), what the axes hold besides its background and spines, and the
    figure's texts."""
    artists = {}
    for index, axes in enumerate(figure.axes):
        counts = {}
        artists[name_group(axes.xaxis, f"a{index}-xaxis")] = axes.xaxis
        artists[name_group(axes.yaxis, f"a{index}-yaxis")] = axes.yaxis
        for child in axes.get_children():
            if child is axes.patch or isinstance(child, (Axis, Spine)):
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


def follows_data(artist):
    """Whether an axis that moves moves this artist: all but a legend at a fixed place (one
    placed "best" follows the lines)."""
    return not isinstance(artist, Legend) or placed_best(artist)


def placed_best(legend):
    return legend._loc == 0  # matplotlib's code for loc="best" (3.8 has no public getter)


def frame_signature(figure):
    """What the groups not drawn again depend on: ``(layout, axes)``. The layout is the figure's
    size and every axes' box; per axes, its x and y axis: limits, scale, label, tickers."""
    layout = (tuple(figure.get_size_inches()), tuple(axes.get_position().bounds for axes in figure.axes))
    return layout, tuple((axis_frame(axes.xaxis, axes.get_xlim()), axis_frame(axes.yaxis, axes.get_ylim()))
                         for axes in figure.axes)


def axis_frame(axis, limits):
    return (limits, axis.get_scale(), axis.label.get_text(), axis.get_major_locator(),
            axis.get_major_formatter(), axis.get_minor_locator(), axis.get_minor_formatter())


def mark_drawn(artists):
    """What was drawn is no longer stale: the next update's changes are all that is."""
    for artist in artists.values():
        artist.stale = False


def figure_svg(figure):
    patchable_artists(figure)  # its groups get their ids: a live figure's structure, not wrappers
    buffer = io.StringIO()
    # What figure.savefig(format="svg") does (its figure's dpi is already the SVG's 72, see
    # lesson_style), with the renderer of this module.
    width, height = figure.get_size_inches()
    renderer = MixedModeRenderer(figure, width, height, 72, FigureRenderer(
        width * 72, height * 72, buffer, image_dpi=72, metadata=SVG_METADATA))
    with drawn_quickly(figure):
        figure.draw(renderer)
    renderer.finalize()
    return compact(presentation_attributes(buffer.getvalue()))


@contextlib.contextmanager
def drawn_quickly(figure):
    """While the figure (or some of its artists) is drawn: ticks, texts, legends and lines
    drawn by the shortcuts of this module, tick_lines and plain_lines, the same SVG."""
    with ticks_drawn_together(figure.axes), texts_laid_out_once(), legends_laid_out_once(figure), \
            lines_drawn_plainly(plain_writer):
        yield


def plain_writer(renderer):
    """The renderer a plain line is written into without Line2D.draw (plain_lines): ours."""
    return renderer if isinstance(renderer, FigureRenderer) else None


STYLE_ATTRIBUTE = re.compile(r' style="([^"]*)"')
# matplotlib's stylesheet, *{stroke-linejoin: round; stroke-linecap: butt}: as attributes of the
# root, inherited, so that the elements' own attributes still win.
STYLESHEET = re.compile(r'\s*<style type="text/css">\*\{([^}]*)\}</style>')
FONT_KEYWORDS = {"italic": "font-style", "oblique": "font-style", "small-caps": "font-variant"}


def presentation_attributes(svg):
    """matplotlib's style="fill: red; font: 12px 'DejaVu Sans'" as SVG attributes, fill="red"
    font-size="12px" ...: the same drawing, and one the page's Content-Security-Policy lets an
    inline figure keep (it refuses style attributes, not presentation attributes)."""
    stylesheet = STYLESHEET.search(svg)
    if stylesheet:
        inherited = "".join(f' {name}="{value}"' for name, value in style_properties(stylesheet.group(1)))
        svg = svg[:stylesheet.start()] + svg[stylesheet.end():]
        svg = svg.replace("<svg ", "<svg" + inherited + " ", 1)
    return STYLE_ATTRIBUTE.sub(lambda match: "".join(
        f' {name}="{value}"' for name, value in style_properties(match.group(1))), svg)


# A group that only wraps: no attribute but the numbered id matplotlib gives every tick, line,
# text and patch. The figure's own ids (a0-line2d1 ...) and every group with attributes stay.
WRAPPER = re.compile(r'<g(?: id="(?:xtick|ytick|line2d|text|patch)_\d+")?>')
GROUP_TAG = re.compile(r"<g\b[^>]*>|</g>")
INDENTATION = re.compile(r">\n\s*<")
NO_ROTATION = re.compile(r' transform="rotate\(-0 [^"]*\)"')


def compact(svg):
    """The same drawing in fewer nodes: without the wrapping groups, the indentation and the
    rotations by 0 degrees. A page builds, styles and lays out every node of an inline figure
    (about 9 per tick of an axis before, 3 after); the drawing is unchanged."""
    svg = NO_ROTATION.sub("", INDENTATION.sub("><", svg))
    kept, pieces, start = [], [], 0
    for tag in GROUP_TAG.finditer(svg):
        keep = kept.pop() if tag.group() == "</g>" else not WRAPPER.fullmatch(tag.group())
        if tag.group() != "</g>":
            kept.append(keep)
        if not keep:
            pieces.append(svg[start:tag.start()])
            start = tag.end()
    pieces.append(svg[start:])
    return "".join(pieces)


def style_properties(style):
    for declaration in style.split(";"):
        name, _, value = declaration.partition(":")
        name, value = name.strip(), value.strip()
        if name != "font":
            if name:
                yield name, value
            continue
        # matplotlib writes font: [style] [variant] [weight] <size>px <families>.
        words = value.split(" ")
        size_at = next(index for index, word in enumerate(words) if word.endswith("px"))
        for word in words[:size_at]:
            yield FONT_KEYWORDS.get(word, "font-weight"), word
        yield "font-size", words[size_at]
        yield "font-family", " ".join(words[size_at + 1:])


@contextlib.contextmanager
def ticks_laid_out_once(axis):
    """While it draws an axis, matplotlib places its ticks three times and measures their labels
    twice (to draw them, then to place the axis label past them and past the spine's ticks);
    nothing changes in between: keep the first answers."""
    update_ticks = functools.partial(tick_lines.update_ticks, axis)
    measure_labels = functools.partial(tick_lines.label_boxes, axis)
    placed, measured = [], {}

    def update_ticks_once():
        if not placed:
            placed.append(update_ticks())
        return placed[0]

    def measure_labels_once(ticks, renderer=None):
        key = (id(ticks), id(renderer))
        if key not in measured:
            measured[key] = ticks, measure_labels(ticks, renderer)  # ticks: keeps its id unique
        return measured[key][1]

    axis._update_ticks, axis._get_ticklabel_bboxes = update_ticks_once, measure_labels_once
    try:
        yield
    finally:
        del axis._update_ticks, axis._get_ticklabel_bboxes  # the class' methods again


def update_offset_text(yaxis):
    """What YAxis.get_tightbbox does to the y axis' offset text, without measuring the rest."""
    yaxis._update_ticks()  # the formatter's offset follows the tick locations
    yaxis._update_offset_text_position([], [])  # a y axis places it by the axes' box alone
    yaxis.offsetText.set_text(yaxis.major.formatter.get_offset())


class FigureRenderer(RendererSVG):
    """The SVG renderer of every figure and patch: what RendererSVG draws, with less work and
    fewer nodes. Text sizes outlive it: matplotlib caches them per renderer, and every patch
    has a renderer of its own (without this, each patch measured every tick label and title
    again with FreeType)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One text-to-path converter for all renderers: its mathtext parser caches what it parsed
        # per converter, so a renderer of its own parsed every "$10^{5}$" label again (~10 ms
        # each in Pyodide), in every patch that drew a log axis.
        self._text2path = TEXT_TO_PATH
        self._marker_definitions = {}  # id -> (outline, style) of each <marker> drawn

    def get_text_width_height_descent(self, s, prop, ismath):
        return text_metrics(s, prop.copy(), ismath)  # a copy: the key must not change later

    def _draw_text_as_text(self, gc, x, y, s, prop, angle, ismath, mtext=None):
        """RendererSVG's <text> of a one-line unrotated text placed at its anchor (tick labels,
        titles, legend entries): the same element, with its font's declaration worked out once
        per font instead of once per text, and the anchor's arithmetic on floats, not numpy."""
        if ismath or mtext is None or angle != 0:
            return super()._draw_text_as_text(gc, x, y, s, prop, angle, ismath, mtext)
        anchor_x, anchor_y = mtext.get_transform().transform(mtext.get_unitless_position())
        write_text_element(self, s, text_style(gc_paint(gc), prop, mtext.get_ha()),
                           (anchor_x, self.height - anchor_y), (x, y))

    def draw_texts_at(self, renderer, texts, places):
        """Text.draw of each of ``texts`` (drawn by ``renderer``, this or the mixed-mode
        renderer around it), whose place on screen is known: ``places``, each None if not.
        A plain text is written from its place, any other drawn by matplotlib."""
        for text, place in zip(texts, places):
            if place is None or not drawn_plainly(text) or not write_plain_text(self, renderer, text, place):
                text.draw(renderer)

    def draw_markers(self, gc, marker_path, marker_trans, path, trans, rgbFace=None):
        """Markers as one SVG <marker> painted at every vertex of one path: RendererSVG writes a
        <use> of a marker definition per point (hundreds on a path of 200 updates), each a node
        that the page styles and paints; an outline per point in one path is as many copies of
        the outline's text (about 330 bytes each). A marker is painted at each vertex on its
        own, as each <use> is (translucent markers darken where they overlap); the path itself
        paints nothing. Places, outline and style are RendererSVG's."""
        if gc.get_url() is not None:  # a link around each marker: RendererSVG's way
            return super().draw_markers(gc, marker_path, marker_trans, path, trans, rgbFace)
        points = marker_points(path, self._make_flip_transform(trans), self.marker_canvas())
        if not len(points):  # RendererSVG writes an empty group: nothing drawn
            return
        outline = self._convert_path(marker_path, marker_trans + Affine2D().scale(1.0, -1.0), simplify=False)
        self.write_markers(points, outline, _generate_css(self._get_style_dict(gc, rgbFace)), gc)

    def marker_canvas(self):
        """Where RendererSVG clips markers: its canvas' size taken for inches (a box 72 times
        as large)."""
        return 0, 0, self.width * 72, self.height * 72

    def write_markers(self, points, outline, style, gc):
        """The <path> painting a <marker> of this outline and style at ``points`` (non-empty),
        clipped as ``gc`` says."""
        marker_id = self._make_id("m", (outline, style))  # RendererSVG's: the same marker, the same id
        self._marker_definitions[marker_id] = outline, style
        reference = f"url(#{marker_id})"
        self.writer.element("path", d=vertices_path_data(points), fill="none", **{
            "marker-start": reference, "marker-mid": reference, **self._get_clip_attrs(gc)})

    def finalize(self):
        """The markers' definitions go with the clip paths', after the groups: a patch brings
        those the page lacks (a group replaced does not take away a definition others use)."""
        if self._marker_definitions:
            self.writer.start("defs")
            for marker_id, (outline, style) in self._marker_definitions.items():
                self.writer.start("marker", id=marker_id, markerUnits="userSpaceOnUse", overflow="visible")
                self.writer.element("path", d=outline, style=style)
                self.writer.end("marker")
            self.writer.end("defs")
        super().finalize()


def font_declaration(prop):
    """RendererSVG's CSS font of a text (a generic family expanded to the fonts configured for
    it), as style items: computed once per font and configuration."""
    families = tuple(prop.get_family())
    configured = tuple(tuple(font_manager.FontManager._expand_aliases(family)) for family in families
                       if family in font_manager.font_family_aliases)
    return dict(_font_declaration(families, configured, prop.get_style(), prop.get_variant(),
                                  prop.get_weight(), prop.get_size(), prop.get_stretch()))


@functools.lru_cache(maxsize=64)
def _font_declaration(families, _configured, style, variant, weight, size, stretch):
    parts = [part for part in (style, variant) if part != "normal"]
    if font_manager.weight_dict[weight] != 400:
        parts.append(f"{font_manager.weight_dict[weight]}")

    def sans(name):
        return "sans-serif" if name in ("sans", "sans serif") else name

    def expanded(family):  # its configured fonts first, then the name itself
        family = sans(family)
        if family in font_manager.font_family_aliases:
            yield from (sans(name) for name in font_manager.FontManager._expand_aliases(family))
        yield family

    names = [name if name in font_manager.font_family_aliases else repr(name)
             for family in families for name in expanded(family)]
    parts += [f"{_short_float_fmt(size)}px", ", ".join(dict.fromkeys(names))]
    declaration = (("font", " ".join(parts)),)
    if stretch != "normal":
        declaration += (("font-stretch", stretch),)
    return declaration


@contextlib.contextmanager
def legends_laid_out_once(figure):
    """While drawing, each box of a legend (its rows and columns of entries) is laid out once:
    matplotlib lays the whole legend out to place it, then each box again as it draws it, and
    each box lays out its boxes again each time. Nothing in a legend changes while it is drawn."""
    legends = [*figure.legends, *(axes.get_legend() for axes in figure.axes if axes.get_legend())]
    boxes = [box for legend in legends for box in offset_boxes(legend._legend_box)]
    for box in boxes:
        box._get_bbox_and_child_offsets = once_per_renderer(box._get_bbox_and_child_offsets)
    try:
        yield
    finally:
        for box in boxes:
            del box._get_bbox_and_child_offsets  # the class' method again


def offset_boxes(box):
    """A box and the boxes inside it that lay out boxes (packers, padded boxes)."""
    if not isinstance(box, (PackerBase, PaddedBox)):
        return []
    return [box, *(inner for child in box.get_children() for inner in offset_boxes(child))]


def once_per_renderer(lay_out):
    answers = {}

    def laid_out_once(renderer):
        if id(renderer) not in answers:
            answers[id(renderer)] = renderer, lay_out(renderer)  # renderer: keeps its id unique
        return answers[id(renderer)][1]

    return laid_out_once


TEXT_TO_PATH = TextToPath()  # what RendererSVG measures text with
TEXT_LAYOUTS_KEPT = 4096
TEXT_LAYOUTS = {}  # what decides a text's layout -> (box, lines, descent) around its anchor


@contextlib.contextmanager
def texts_laid_out_once():
    """While drawing, a text with the same string, font, alignment and rotation as one drawn
    before gets the same layout (Text._get_layout: its box and lines around its anchor, whatever
    its position), without laying it out again: matplotlib lays out a tick label to place the
    axis label, then again to draw it, and every legend text several times to place its box.
    A new one-line text is laid out on floats (text_layout)."""
    lay_out = Text._get_layout

    def laid_out_once(text, renderer):
        if text.get_wrap():  # wrapped lines depend on the position
            return lay_out(text, renderer)
        font = text.get_fontproperties()
        key = (text.get_text(), tuple(font.get_family()), font.get_slant(), font.get_variant(),
               font.get_weight(), font.get_stretch(), font.get_size(), font.get_file(),
               font.get_math_fontfamily(), text._linespacing, text.get_rotation(), text.get_rotation_mode(),
               text.get_horizontalalignment(), text.get_verticalalignment(), text._multialignment,
               text.get_usetex(), text.get_parse_math(), text.figure.dpi)
        if key not in TEXT_LAYOUTS:
            if len(TEXT_LAYOUTS) >= TEXT_LAYOUTS_KEPT:
                del TEXT_LAYOUTS[next(iter(TEXT_LAYOUTS))]  # the oldest
            TEXT_LAYOUTS[key] = one_line_layout(text, renderer) or lay_out(text, renderer)
        box, lines, descent = TEXT_LAYOUTS[key]
        return box.frozen(), list(lines), descent  # copies: the caller may change them

    set_for_a_while = Text._cm_set

    def set_while_drawing(artist, **values):
        # Text.draw sets a text's string to its wrapped string while drawing it; an unwrapped
        # text is its own string: nothing to set (Artist.set's machinery costs more than a draw).
        if values.keys() == {"text"} and values["text"] == artist.get_text():
            return contextlib.nullcontext()
        return set_for_a_while(artist, **values)

    draw = Text.draw

    def draw_plainly(text, renderer):
        if not draw_text_plainly(text, renderer):
            draw(text, renderer)

    own = Text.__dict__.get("_cm_set")  # matplotlib 3.8: Artist's
    Text._get_layout, Text._cm_set, Text.draw = laid_out_once, set_while_drawing, draw_plainly
    try:
        yield
    finally:
        Text._get_layout, Text.draw = lay_out, draw
        if own is None:
            del Text._cm_set
        else:
            Text._cm_set = own


def draw_text_plainly(text, renderer):
    """What Text.draw draws, for the common text: one line of plain text (no mathtext, no TeX),
    unrotated, without a box, effects, link, clip or rasterizing, drawn by a FigureRenderer;
    the same element with far fewer calls (tick labels are most of an axis' drawing time).
    Returns False, having drawn nothing, for any other text."""
    svg = renderer._renderer if isinstance(renderer, MixedModeRenderer) else renderer
    if not (isinstance(svg, FigureRenderer) and drawn_plainly(text)):
        return False
    position = text.get_transform().transform((float(text.convert_xunits(text._x)),
                                               float(text.convert_yunits(text._y))))
    return write_plain_text(svg, renderer, text, position)


def drawn_plainly(text):
    """Whether Text.draw would draw this text as one <text> element, unmoved and unclipped."""
    return (text.get_visible() and text.get_text() != ""
            and text.get_rotation() == 0 and not text.get_wrap() and text._bbox_patch is None
            and not text.get_path_effects() and not text.get_usetex() and text._url is None
            and not text.get_rasterized() and text.get_agg_filter() is None
            and not (text.get_clip_on() and (text.get_clip_box() is not None or text.get_clip_path() is not None)))


def write_plain_text(svg, renderer, text, position):
    """Text.draw of a text ``drawn_plainly`` at its ``position`` on screen (its transform's
    answer), by the FigureRenderer ``svg``; False, having drawn nothing, for mathtext or
    several lines."""
    _, lines, _ = text._get_layout(svg)
    line, ismath = text._preprocess_math(lines[0][0]) if len(lines) == 1 else (None, True)
    if ismath or not (math.isfinite(position[0]) and math.isfinite(position[1])):
        return False
    text._renderer = renderer
    _, _, x, y = lines[0]
    if text.get_gid() is not None:  # else a numbered group that only wraps: compact drops it
        svg.open_group("text", text.get_gid())
    # Text.draw: the line's place from its anchor, y down (the SVG's flipped y).
    write_text_element(svg, line, text_style(paint_of(text), text._fontproperties, text.get_ha()),
                       (position[0], svg.height - position[1]),
                       (x + position[0], svg.height - (y + position[1])))
    if text.get_gid() is not None:
        svg.close_group("text")
    text.stale = False
    return True


def write_text_element(svg, string, style, anchor, line):
    """RendererSVG's <text> of one unrotated line, its ``anchor`` and its ``line``'s place
    given on the SVG's canvas (y down). RendererSVG writes the anchor moved along the text's
    vertical, (sin 0°, cos 0°), to the line: its arithmetic, kept to the last bit
    (anchor_y + (y - anchor_y) need not be y). Its rotate(-0 ...) is left out, as compact would."""
    (anchor_x, anchor_y), (x, y) = anchor, line
    offset = 0.0 * (x - anchor_x) + 1.0 * (y - anchor_y)
    anchor_x, anchor_y = anchor_x + offset * 0.0, anchor_y + offset * 1.0
    svg.writer.element("text", string, attrib={
        "style": _generate_css(style), "x": _short_float_fmt(anchor_x), "y": _short_float_fmt(anchor_y)})


def text_style(paint, prop, horizontal_alignment):
    """RendererSVG's style of a text: its paint (``gc_paint``), its font, its anchor."""
    style = dict(paint)
    style.update(font_declaration(prop))
    style["text-anchor"] = {"left": "start", "right": "end", "center": "middle"}[horizontal_alignment]
    return style


def paint_of(text):
    """The paint Text.draw gives a text's graphics context (its colour, then its alpha)."""
    try:
        return text_paint(text.get_color(), text.get_alpha())
    except TypeError:  # a colour that cannot be a key (an array): worked out each time
        return text_paint.__wrapped__(text.get_color(), text.get_alpha())


@functools.lru_cache(maxsize=64)
def text_paint(color, alpha):
    """``gc_paint`` of a graphics context with this colour and alpha: once per pair."""
    gc = GraphicsContextBase()
    gc.set_foreground(color)
    gc.set_alpha(alpha)
    return gc_paint(gc)


def gc_paint(gc):
    """A graphics context's fill and opacity as RendererSVG writes a text's (none when black
    and opaque), as style items."""
    paint = ()
    hex_color = rgb2hex(gc.get_rgb())
    if hex_color != "#000000":
        paint += (("fill", hex_color),)
    opacity = gc.get_alpha() if gc.get_forced_alpha() else gc.get_rgb()[3]
    if opacity != 1:
        paint += (("opacity", _short_float_fmt(opacity)),)
    return paint


@functools.lru_cache(maxsize=4096)
def text_metrics(text, prop, ismath):
    return TEXT_TO_PATH.get_text_width_height_descent(text, prop, ismath)


def artists_svg(figure, artists, drawn_bodies=(), body_only=False, place_title=None):
    """An SVG document holding only these artists' groups, drawn as the full figure draws them
    (same size, same clip paths; the figure's dpi is the SVG's 72, see lesson_style), then
    ``drawn_bodies`` (earlier results of ``body_only``: the groups and definitions alone).
    ``place_title(axes, renderer)`` places an axes' title before it is drawn (Axes.draw's step)."""
    buffer = io.StringIO()
    width, height = figure.get_size_inches() * 72
    # A renderer of its own: the groups carry every definition they use (markers, clip paths).
    renderer = FigureRenderer(width, height, buffer, metadata=SVG_METADATA)
    with drawn_quickly(figure):
        for artist in artists:
            if artist.axes is not None and artist is artist.axes.title:
                # As Axes.draw does: a title moves up past the y axis' offset text ("1e6").
                (place_title or (lambda axes, renderer: axes._update_title_position(renderer)))(artist.axes, renderer)
            artist.draw(renderer)
    renderer.writer.flush()
    for body in drawn_bodies:
        buffer.write(body)
    renderer.finalize()
    svg = compact(presentation_attributes(buffer.getvalue()))
    if body_only:  # after the root's opening tag, its metadata and its (now empty) <defs>
        svg = svg[svg.index("</defs>") + len("</defs>"):svg.rindex("</svg>")]
    return svg
