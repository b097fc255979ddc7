"""An axis drawn with one path per kind of tick line: its grid lines, its tick marks.

matplotlib draws an axis tick by tick, each tick its grid line, its tick marks and its labels:
a Line2D drawn per line, with its own graphics context, transforms and SVG element. When the
limits move (a zoom, more epochs) the axis is drawn again, and that per-line work is most of a
live figure's drawing time, and most of its nodes. Drawn here: each kind of line of all the
ticks as one Line2D (its points separated by NaN, which break a path), then the labels. The
paths hold the same points, drawn in the same style; lines of different ticks do not overlap, so
drawing them kind by kind paints the same picture. A tick styled differently from the others is
drawn as matplotlib draws it.

The labels: matplotlib finds each label's place on screen through the label's own transform
three times per draw (to measure it, to place the axis label past it, to draw it), and a
transform whose axes' limits changed computes its matrix again. Ticks made by the axis have
the same transform (the axes' tick side, moved by the tick's pad): their places are found
once, in one call, then measured (the label's layout around its anchor, moved there) and
written from there (the renderer's ``draw_texts_at``, when it has one).
"""

import contextlib
import functools

import matplotlib.axis
import numpy as np
from matplotlib import rcParams
from matplotlib.axis import XAxis, YAxis
from matplotlib.patches import Patch
from matplotlib.spines import Spine
from matplotlib import colors, transforms
from matplotlib.transforms import ScaledTranslation


TICK_SPACES_KEPT = 64  # axes boxes: a few per figure and layout
# (axis class, axes box, dpi, tick label size, default font size) -> Axis.get_tick_space's answer
TICK_SPACES = {}


@contextlib.contextmanager
def tick_space_once_per_box():
    """While a widget's figure is updated and drawn: Axis.get_tick_space (how many ticks fit,
    asked by MaxNLocator at each autoscale to round numbers and at each axis drawn) answered once
    per axes box, dpi and tick label size. Each call builds two transforms and a FontProperties
    (~0.2 ms in Pyodide) for an answer that depends on nothing else; a move asks it 4 to 10 times."""
    originals = {cls: cls.__dict__["get_tick_space"] for cls in (XAxis, YAxis)}

    def kept(original):
        def get_tick_space(axis):
            key = (type(axis), tuple(axis.axes.bbox.bounds), axis.figure.dpi,
                   axis._major_tick_kw.get("labelsize"), rcParams[f"{axis.axis_name}tick.labelsize"],
                   rcParams["font.size"])
            space = TICK_SPACES.get(key)
            if space is None:
                if len(TICK_SPACES) >= TICK_SPACES_KEPT:
                    del TICK_SPACES[next(iter(TICK_SPACES))]  # the oldest
                space = TICK_SPACES[key] = original(axis)
            return space
        return get_tick_space

    for cls, original in originals.items():
        cls.get_tick_space = kept(original)
    try:
        yield
    finally:
        for cls, original in originals.items():
            cls.get_tick_space = original


@contextlib.contextmanager
def ticks_drawn_together(axes_list):
    """While drawing, the x and y axes of these axes draw their ticks' lines together."""
    axes = [axis for each in axes_list for axis in (each.xaxis, each.yaxis)]
    # A measure already replaced for this draw (live_figure keeps its answers) stays.
    measured_here = [axis for axis in axes if "_get_ticklabel_bboxes" not in vars(axis)]
    for axis in axes:
        axis.draw = functools.partial(draw_axis, axis)
    for axis in measured_here:
        axis._get_ticklabel_bboxes = functools.partial(label_boxes, axis)
    try:
        yield
    finally:
        for axis in axes:
            del axis.draw  # the class' method again
        for axis in measured_here:
            del axis._get_ticklabel_bboxes


def draw_axis(axis, renderer):
    """matplotlib 3.8's Axis.draw, with the ticks drawn by draw_ticks."""
    if not axis.get_visible():
        return
    renderer.open_group(matplotlib.axis.__name__, gid=axis.get_gid())
    ticks = axis._update_ticks()
    boxes, opposite_boxes = axis._get_ticklabel_bboxes(ticks, renderer)
    draw_ticks(axis, ticks, renderer)
    update_label_position(axis, renderer)
    axis.label.draw(renderer)
    update_offset_text_position(axis, boxes, opposite_boxes)
    axis.offsetText.set_text(axis.major.formatter.get_offset())
    axis.offsetText.draw(renderer)
    renderer.close_group(matplotlib.axis.__name__)
    axis.stale = False
    vars(axis).pop(PLACES, None)  # the next draw's labels may have moved


def draw_ticks(axis, ticks, renderer):
    places = label_places(axis, ticks)
    ticks = [tick for tick in ticks if tick.get_visible()]
    for kind in ("gridline", "tick1line", "tick2line"):
        draw_lines_together([getattr(tick, kind) for tick in ticks], renderer)
    labels = [label for tick in ticks for label in (tick.label1, tick.label2)]
    draw_texts_at = getattr(renderer, "draw_texts_at", None)
    if draw_texts_at is None:
        for label in labels:
            label.draw(renderer)
    else:  # in matplotlib's order: label1, label2 of each tick
        draw_texts_at(renderer, labels, [places.get(label) for label in labels])
    for tick in ticks:
        tick.stale = False


# An axis being drawn keeps, under this attribute, its ticks and their labels' places: found
# once per draw (to measure the labels, then to write them), dropped once it is drawn.
PLACES = "_lesson_label_places"


def label_places(axis, ticks):
    """The place on screen of each visible label of these ticks of ``axis`` (Text.draw's
    ``posx, posy``): label -> (x, y). Labels whose transforms are equal to the first label's
    (its tick side of the axes, moved by the same pad, as the axis makes them) are placed in
    one call; any other by its own transform."""
    kept_ticks, kept_places = vars(axis).get(PLACES, (None, None))
    if kept_ticks is ticks:
        return kept_places
    places = {}
    for kind in ("label1", "label2"):
        labels = [getattr(tick, kind) for tick in ticks]
        labels = [label for label in labels if label.get_visible()]
        if not labels:
            continue
        first = labels[0].get_transform()
        together = [label for label in labels if same_transform(label.get_transform(), first)]
        points = np.array([label.get_unitless_position() for label in together], dtype=float)
        places.update(zip(together, first.transform(points).tolist()))
        for label in labels:
            if label not in places:
                places[label] = tuple(label.get_transform().transform(label.get_unitless_position()))
    setattr(axis, PLACES, (ticks, places))
    return places


def same_transform(transform, first):
    """Whether ``transform`` is ``first`` or was made as it was: the same tick side (one
    object, the axes'), plus a translation by the same points (Axes.get_xaxis_text1_transform
    and its kin make one of each per tick)."""
    if transform is first:
        return True
    if type(transform) is not type(first) or getattr(transform, "_a", None) is not getattr(first, "_a", ()):
        return False
    moved, first_moved = transform._b, first._b
    return (type(moved) is ScaledTranslation and type(first_moved) is ScaledTranslation
            and moved._t == first_moved._t and moved._scale_trans is first_moved._scale_trans)


def label_boxes(axis, ticks, renderer=None):
    """Axis._get_ticklabel_bboxes: each visible label's box, its layout around its anchor
    moved to its place (Text.get_window_extent's arithmetic), places found once."""
    if renderer is None:
        return matplotlib.axis.Axis._get_ticklabel_bboxes(axis, ticks, renderer)
    places = label_places(axis, ticks)
    return ([label_box(tick.label1, places, renderer) for tick in ticks if tick.label1.get_visible()],
            [label_box(tick.label2, places, renderer) for tick in ticks if tick.label2.get_visible()])


def label_box(label, places, renderer):
    if label.get_text() == "" or label not in places:
        return label.get_window_extent(renderer)
    label._renderer = renderer
    box, _, _ = label._get_layout(renderer)
    return box.translated(*places[label])


def draw_lines_together(lines, renderer):
    lines = [line for line in lines if line.get_visible()]
    first_looks = looks(lines[0]) if lines else None
    if len(lines) < 2 or any(looks(line) != first_looks for line in lines[1:]):
        for line in lines:
            line.draw(renderer)
        return
    first = lines[0]
    x, y = first.get_xdata(orig=True), first.get_ydata(orig=True)
    first.set_data(*joined_points(lines))
    try:
        first.draw(renderer)
    finally:
        first.set_data(x, y)
        for line in lines:
            line.stale = False


def joined_points(lines):
    """All the lines' points as one x and one y array, NaN after each line's points: the path
    breaks there, and no marker is drawn at it. A tick's line holds one x and two y (or the
    reverse), which matplotlib broadcasts; done here on the short lists a tick holds (in a
    browser, a numpy call on a two-element array costs more than the list's work)."""
    xs, ys = [], []
    for line in lines:
        x, y = line.get_xdata(orig=True), line.get_ydata(orig=True)
        if isinstance(x, (tuple, list)) and isinstance(y, (tuple, list)) and 1 in (len(x), len(y)):
            x, y = (list(x) * len(y), list(y)) if len(x) == 1 else (list(x), list(y) * len(x))
        else:  # anything else, as matplotlib reads it
            x, y = (values.tolist() for values in np.broadcast_arrays(np.asarray(x, dtype=float),
                                                                      np.asarray(y, dtype=float)))
        xs += x
        xs.append(np.nan)
        ys += y
        ys.append(np.nan)
    return np.array(xs, dtype=float), np.array(ys, dtype=float)


def looks(line):
    """Everything but its points that decides how a tick's line is drawn."""
    return (id(line.get_transform()), line.get_linestyle(), line.get_linewidth(), line.get_drawstyle(),
            rgba(line.get_color(), line.get_alpha()), line.get_marker(), line.get_markersize(),
            line.get_markeredgewidth(), rgba(line.get_markeredgecolor(), line.get_alpha()),
            rgba(line.get_markerfacecolor(), line.get_alpha()), line.get_fillstyle(),
            line.get_solid_capstyle(), line.get_dash_capstyle(), line.get_solid_joinstyle(),
            line.get_dash_joinstyle(), line.get_antialiased(), line.get_snap(), line.get_gid(),
            line.get_url(), line.get_sketch_params(), bool(line.get_path_effects()), line.get_clip_on(),
            clip_box(line), id(line.get_clip_path()), line.get_zorder(), line.get_markevery())


def clip_box(line):
    """Each grid line has a box of its own, in the same place: the axes'. Compared by its
    corners as floats (its bounds are numpy arithmetic on each corner: most of ``looks``)."""
    box = line.get_clip_box()
    return None if box is None else tuple(box.get_points().ravel().tolist())


def rgba(color, alpha):
    return colors.to_rgba(color, alpha) if color is not None else None


def update_ticks(axis):
    """matplotlib 3.8's Axis._update_ticks, with the ticks' places on screen found in one call
    for all of them rather than one call per tick (a transform's call is most of its cost)."""
    ticks = []
    for locs, formatter, get_ticks in ((axis.get_majorticklocs(), axis.major.formatter, axis.get_major_ticks),
                                       (minor_tick_locations(axis), axis.minor.formatter, axis.get_minor_ticks)):
        labels = formatter.format_ticks(locs)
        kind = get_ticks(len(locs))
        for tick, loc, label in zip(kind, locs, labels):
            tick.update_position(loc)
            tick.label1.set_text(label)
            tick.label2.set_text(label)
        ticks += kind
    view_low, view_high = sorted(axis.get_view_interval())
    transform = axis.get_transform()
    interval = transform.transform([view_low, view_high])
    try:
        places = transform.transform(np.array([tick.get_loc() for tick in ticks], dtype=float))
    except AssertionError:  # a masked place (some scales make them): matplotlib's way, tick by tick
        return matplotlib.axis.Axis._update_ticks(axis)
    return [tick for tick, place in zip(ticks, places) if transforms._interval_contains_close(interval, place)]


def minor_tick_locations(axis):
    """matplotlib 3.8's Axis.get_minorticklocs, which places the major ticks again to drop the
    minor ones that would overlap them: without minor ticks (a linear axis' NullLocator) there
    is nothing to drop."""
    minor = np.asarray(axis.minor.locator())
    if minor.size == 0 or not axis.remove_overlapping_locs:
        return minor
    transform = axis._scale.get_transform()
    low, high = sorted(transform.transform(axis.get_view_interval()))
    overlapping = np.isclose(transform.transform(minor)[:, None], transform.transform(axis.major.locator())[None, :],
                             atol=(high - low) * 1e-5, rtol=0).any(axis=1)
    return minor[~overlapping]


# An axis label's side -> its spine, the coordinate (0: x, 1: y) that places it, and its way
# away from the axes: the label goes past the tick labels' boxes and the spine on that side.
LABEL_SIDES = {("x", "bottom"): ("bottom", 1, -1), ("x", "top"): ("top", 1, 1),
               ("y", "left"): ("left", 0, -1), ("y", "right"): ("right", 0, 1)}


def update_label_position(axis, renderer):
    """matplotlib 3.8's XAxis and YAxis._update_label_position: the label placed past the
    union of the tick labels' boxes and the spine's, of which only one side counts, found on
    floats (Bbox.union works out all four sides, each with numpy calls per box)."""
    if not axis._autolabelpos:
        return
    side = LABEL_SIDES.get((axis.axis_name, axis.label_position))
    if side is None or type(axis)._update_label_position not in (XAxis._update_label_position,
                                                                 YAxis._update_label_position):
        return axis._update_label_position(renderer)
    spine_name, coordinate, away = side
    boxes, opposite_boxes = axis._get_tick_boxes_siblings(renderer=renderer)
    spine = axis.axes.spines.get(spine_name)
    spine_corners = None if spine is None else spine_extent_corners(spine)
    if spine_corners is None:
        spine_corners = (axis.axes.bbox if spine is None else spine.get_window_extent()).get_points().tolist()
    edge = outer_edge(boxes if away < 0 else opposite_boxes, coordinate, away, spine_corners)
    if edge is None:
        return axis._update_label_position(renderer)
    x, y = axis.label.get_position()
    if coordinate:
        axis.label.set_position((x, edge + away * (axis.labelpad * axis.figure.dpi / 72)))
    else:
        axis.label.set_position((edge + away * (axis.labelpad * axis.figure.dpi / 72), y))


def update_offset_text_position(axis, boxes, opposite_boxes):
    """matplotlib 3.8's XAxis._update_offset_text_position (the "1e6" below or above the tick
    labels), with the labels' union's one side found on floats; a y axis' as matplotlib's."""
    if type(axis)._update_offset_text_position is not XAxis._update_offset_text_position:
        return axis._update_offset_text_position(boxes, opposite_boxes)
    if not hasattr(axis, "_tick_position"):
        axis._tick_position = "bottom"
    away = -1 if axis._tick_position == "bottom" else 1
    edge = outer_edge(boxes if away < 0 else opposite_boxes, 1, away)
    if edge is None:  # no labels on that side (the axes' edge then), or NaN
        return axis._update_offset_text_position(boxes, opposite_boxes)
    x, _ = axis.offsetText.get_position()
    axis.offsetText.set_position((x, edge + away * (axis.OFFSETTEXTPAD * axis.figure.dpi / 72)))


def outer_edge(boxes, coordinate, away, corners=()):
    """Bbox.union(boxes)'s lowest (away < 0) or highest edge along x (0) or y (1), with boxes
    given by their ``corners`` ((x0, y0), (x1, y1)) too; None when a box holds NaN (numpy's
    min and max return it, Python's do not: matplotlib's way then), or when there is no box."""
    values = [point[coordinate] for box in boxes for point in box.get_points().tolist()]
    values += [point[coordinate] for point in corners]
    if not values or any(value != value for value in values):
        return None
    return min(values) if away < 0 else max(values)


def spine_extent_corners(spine):
    """The corners of matplotlib 3.8's Spine.get_window_extent (a straight spine's box, and
    that box moved out by the ticks' length on their side, for a major and a minor tick) as
    a list of (x, y), on floats: the union's only needed side is taken from them. None for a
    spine of another kind (matplotlib's own then)."""
    if type(spine) is not Spine or spine.spine_type not in ("left", "right", "bottom", "top"):
        return None
    spine._adjust_location()
    (x0, y0), (x1, y1) = box = Patch.get_window_extent(spine).get_points().tolist()
    corners = list(box)
    if spine.axis is None or not spine.axis.get_visible():
        return corners
    drawn = spine.axis._update_ticks()
    # matplotlib's choice of the tick that stands for the others, made the same way
    major = next(iter({*drawn} & {*spine.axis.majorTicks}), None)
    minor = next(iter({*drawn} & {*spine.axis.minorTicks}), None)
    for tick in (major, minor):
        if tick is None:
            continue
        left, bottom, right, top = x0, y0, x1, y1
        out, inward = {"out": (1, 0), "in": (0, 1)}.get(tick._tickdir, (0.5, 0.5))
        out = out * tick._size / 72 * spine.figure.dpi
        inward = inward * tick._size / 72 * spine.figure.dpi
        if tick.tick1line.get_visible():
            if spine.spine_type == "left":
                left, right = left - out, right + inward
            elif spine.spine_type == "bottom":
                bottom, top = bottom - out, top + inward
        if tick.tick2line.get_visible():
            if spine.spine_type == "right":
                right, left = right + out, left - inward
            elif spine.spine_type == "top":
                top, bottom = top + out, bottom - out  # sic: matplotlib moves both by "out"
        corners += [(left, bottom), (right, top)]
    return corners
