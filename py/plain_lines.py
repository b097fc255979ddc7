"""A plain line written as RendererSVG writes it, without Line2D.draw's general machinery.

Line2D.draw makes two graphics contexts, works out the line's and its markers' colours, styles,
clip and transforms again at each draw, and hands them to the renderer, which composes
transforms and styles once more (0.3 to 0.7 ms per line in Pyodide; a widget's move redraws up to
a dozen lines). For the common line (see ``drawn_plainly``) the same elements are written here
from the line's transformed path with one transform composed, and its styles and marker
outline worked out once per look. Any other line is drawn by Line2D.draw.
"""

import contextlib
import functools

from matplotlib import _path, cbook
from matplotlib import colors as mcolors
from matplotlib.backend_bases import GraphicsContextBase
from matplotlib.backends.backend_mixed import MixedModeRenderer
from matplotlib.backends.backend_svg import RendererSVG, _generate_css
from matplotlib.lines import Line2D, _mark_every_path
from matplotlib.path import Path
from matplotlib.transforms import Affine2D

import numpy as np

PATH_CODES = [b"M", b"L", b"Q", b"C", b"z"]  # RendererSVG's letters
MARKER_LOOKS_KEPT = 256
# (marker, size, edge width, the line's colour, edge and face colours as set, alpha) -> (outline, style)
MARKER_LOOKS = {}


@contextlib.contextmanager
def lines_drawn_plainly(writes_plainly):
    """While drawing, a plain line drawn by a renderer for which ``writes_plainly(renderer)``
    answers the SVG renderer to write into (else None) is written by ``draw_line_plainly``."""
    draw = Line2D.draw

    def draw_plainly(line, renderer):
        svg = writes_plainly(renderer._renderer if isinstance(renderer, MixedModeRenderer) else renderer)
        if svg is None or not draw_line_plainly(line, renderer, svg):
            draw(line, renderer)

    Line2D.draw = draw_plainly
    try:
        yield
    finally:
        Line2D.draw = draw


def drawn_plainly(line, renderer):
    """Whether Line2D.draw would draw this line as a plain path (solid, dashed or dotted, no
    gaps painted) and markers of one look at its vertices, clipped by a box at most, with
    nothing around them (no link, effects, sketch, filter, rasterizing)."""
    marker = line._marker
    return (type(line) is Line2D and line.get_visible() and line.get_drawstyle() == "default"
            and not line.get_path_effects() and line.get_sketch_params() is None and line.get_url() is None
            and not line.get_rasterized() and line.get_agg_filter() is None and line._gapcolor is None
            and not (line.get_clip_on() and line._clippath is not None)
            and not getattr(renderer, "_rasterizing", False)
            and (not marker or marker.get_alt_path() is None))


def draw_line_plainly(line, renderer, svg):
    """Line2D.draw of a line ``drawn_plainly``, written into the RendererSVG ``svg`` (the
    renderer itself or the one inside the mixed-mode ``renderer``; it has ``marker_canvas()``
    and ``write_markers(points, outline, style, clip)``). False, having drawn nothing, for
    another line."""
    if not drawn_plainly(line, renderer):
        return False
    if line._invalidy or line._invalidx:
        line.recache()
    if line._subslice:  # a long sorted line drawn in part: Line2D.draw's own business
        return False
    line.ind_offset = 0
    clip = ClipOf(line)  # asked when a path is written: RendererSVG defines a clip when used
    svg.open_group("line2d", line.get_gid())
    # Its path and points as the line's transform leaves them but for the affine part, and
    # that part flipped to the SVG's y down: for the line and its markers alike.
    transformed = line._get_transformed_path()
    path, affine = transformed.get_transformed_path_and_affine()
    to_canvas = flipped(affine, svg.height)
    if line._lineStyles[line._linestyle] != "_draw_nothing" and len(path.vertices):
        data = _path.convert_to_string(path, to_canvas, (0.0, 0.0, svg.width, svg.height),
                                       path.should_simplify, None, 6, PATH_CODES, False).decode("ascii")
        svg.writer.element("path", d=data, **svg._get_clip_attrs(clip), style=line_style(line))
    if line._marker and line._markersize > 0:
        # Its points without codes: TransformedPath.get_transformed_points_and_affine's, made
        # up to date by the call above (and the affine part is the same).
        write_markers(line, renderer, svg, clip, transformed._transformed_points, affine, to_canvas)
    svg.close_group("line2d")
    line.stale = False
    return True


class ClipOf:
    """What RendererSVG asks a graphics context about its clip, for a line's (Artist._set_gc_clip
    of a line clipped by a box at most)."""

    __slots__ = ("box",)

    def __init__(self, line):
        self.box = line.get_clip_box() if line.get_clip_on() else None

    def get_clip_rectangle(self):
        return self.box

    def get_clip_path(self):
        return None, None


def flipped(affine, height):
    """RendererSVG's _make_flip_transform of ``affine``, as its matrix (the same product)."""
    return np.dot(flip(height), affine.get_matrix())


@functools.lru_cache(maxsize=8)
def flip(height):
    matrix = Affine2D().scale(1, -1).translate(0, height).get_matrix()
    matrix.flags.writeable = False  # shared
    return matrix


def line_style(line):
    """The style RendererSVG writes for a line's path (Line2D.draw's graphics context)."""
    dashed = line.is_dashed()
    offset, dashes = line._dash_pattern
    return path_style(mcolors.to_rgba(line._color, line._alpha), line._linewidth, offset,
                      None if dashes is None else tuple(dashes),
                      line._dashjoinstyle if dashed else line._solidjoinstyle,
                      line._dashcapstyle if dashed else line._solidcapstyle)


@functools.lru_cache(maxsize=256)
def path_style(rgba, linewidth, offset, dashes, join, cap):
    gc = GraphicsContextBase()
    gc.set_linewidth(linewidth)
    gc.set_joinstyle(join)
    gc.set_capstyle(cap)
    gc.set_foreground(rgba, isRGBA=True)
    gc.set_dashes(offset, None if dashes is None else list(dashes))
    return _generate_css(RendererSVG._get_style_dict(None, gc, None))  # its renderer: hatches only


def write_markers(line, renderer, svg, clip, path, affine, to_canvas):
    """Line2D.draw's markers of a plain line, written as ``svg.write_markers`` writes them:
    at the vertices of ``path``, which ``affine`` (``to_canvas`` on the SVG's canvas) places."""
    if not len(path.vertices):
        return
    if line.get_markevery() is not None:
        path = _mark_every_path(line.get_markevery(), path, affine, line.axes)
    points = marker_points(path, to_canvas, svg.marker_canvas())
    if len(points):  # none: nothing drawn, not even the clip's definition
        svg.write_markers(points, *marker_look(line, renderer.points_to_pixels(line._markersize)), clip)


def marker_look(line, size):
    """A line's marker outline and style as RendererSVG writes them, worked out once per look."""
    try:
        key = (line._marker, size, line._markeredgewidth, line._color, line._markeredgecolor,
               line._markerfacecolor, line._alpha)
        look = MARKER_LOOKS.get(key)
    except TypeError:  # a colour that cannot be a key (an array): worked out each time
        return marker_look_of_colours(line, size)
    if look is None:
        if len(MARKER_LOOKS) >= MARKER_LOOKS_KEPT:
            del MARKER_LOOKS[next(iter(MARKER_LOOKS))]  # the oldest
        look = MARKER_LOOKS[key] = marker_look_of_colours(line, size)
    return look


def marker_look_of_colours(line, size):
    """Line2D.draw's graphics context of the markers, as RendererSVG writes it."""
    alpha = line._alpha
    edge = mcolors.to_rgba(line.get_markeredgecolor(), alpha)
    face = mcolors.to_rgba(line._get_markerfacecolor(), alpha)
    # Line2D.draw: an "auto" edge takes the line's colour with the face's alpha.
    if cbook._str_equal(line._markeredgecolor, "auto") and not cbook._str_lower_equal(
            line.get_markerfacecolor(), "none"):
        edge = edge[:3] + (face[3],)
    marker = line._marker
    gc = GraphicsContextBase()
    gc.set_linewidth(line._markeredgewidth)
    gc.set_foreground(edge, isRGBA=True)
    gc.set_joinstyle(marker.get_joinstyle())
    gc.set_capstyle(marker.get_capstyle())
    transform = marker.get_transform()
    if marker.get_marker() == ",":
        gc.set_linewidth(0)
    else:
        transform = transform.scale(size)
    outline = _path.convert_to_string(marker.get_path(), transform + Affine2D().scale(1.0, -1.0), None, False,
                                      None, 6, PATH_CODES, False).decode("ascii")
    return outline, _generate_css(RendererSVG._get_style_dict(None, gc, face))


def marker_points(path, trans_and_flip, clip):
    """Where RendererSVG puts a marker: the end of each segment of the path as it draws it
    (NaNs left out; clipped to the canvas, so a point far out, in a diverging run, moves to its
    edge). A path of lines, as a Line2D's, in one call instead of a Python step per point."""
    cleaned = path.cleaned(transform=trans_and_flip, remove_nans=True, clip=clip, curves=True)
    codes = cleaned.codes
    stop = np.flatnonzero(codes == Path.STOP)
    codes = codes[:stop[0]] if len(stop) else codes
    if np.all((codes == Path.MOVETO) | (codes == Path.LINETO)):
        return cleaned.vertices[:len(codes)]
    return np.array([vertices[-2:] for vertices, _ in path.iter_segments(trans_and_flip, clip=clip, simplify=False)
                     if len(vertices)], dtype=float).reshape(-1, 2)


def vertices_path_data(points):
    """A path through ``points`` (written as matplotlib writes paths), its last point twice: a
    <marker> painted at its start and at every vertex in the middle is painted once at each
    point (one point included: the path needs a second vertex)."""
    vertices = np.concatenate([points, points[-1:]])
    codes = np.full(len(vertices), Path.LINETO, dtype=Path.code_type)
    codes[0] = Path.MOVETO
    return _path.convert_to_string(Path(vertices, codes), Affine2D(), None, False, None, 6, PATH_CODES,
                                   False).decode("ascii")
