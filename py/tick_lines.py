"""An axis drawn with one path per kind of tick line: its grid lines, its tick marks.

matplotlib draws an axis tick by tick, each tick its grid line, its tick marks and its labels:
a Line2D drawn per line, with its own graphics context, transforms and SVG element. When the
limits move (a zoom, more epochs) the axis is drawn again, and that per-line work is most of a
live figure's drawing time, and most of its nodes. Drawn here: each kind of line of all the
ticks as one Line2D (its points separated by NaN, which break a path), then the labels one by
one as matplotlib draws them. The paths hold the same points, drawn in the same style; lines of
different ticks do not overlap, so drawing them kind by kind paints the same picture. A tick
styled differently from the others is drawn as matplotlib draws it.
"""

import contextlib
import functools

import matplotlib.axis
import numpy as np
from matplotlib import colors, transforms


@contextlib.contextmanager
def ticks_drawn_together(axes_list):
    """While drawing, the x and y axes of these axes draw their ticks' lines together."""
    axes = [axis for each in axes_list for axis in (each.xaxis, each.yaxis)]
    for axis in axes:
        axis.draw = functools.partial(draw_axis, axis)
    try:
        yield
    finally:
        for axis in axes:
            del axis.draw  # the class' method again


def draw_axis(axis, renderer):
    """matplotlib 3.8's Axis.draw, with the ticks drawn by draw_ticks."""
    if not axis.get_visible():
        return
    renderer.open_group(matplotlib.axis.__name__, gid=axis.get_gid())
    ticks = axis._update_ticks()
    label_boxes, opposite_label_boxes = axis._get_ticklabel_bboxes(ticks, renderer)
    draw_ticks(ticks, renderer)
    axis._update_label_position(renderer)
    axis.label.draw(renderer)
    axis._update_offset_text_position(label_boxes, opposite_label_boxes)
    axis.offsetText.set_text(axis.major.formatter.get_offset())
    axis.offsetText.draw(renderer)
    renderer.close_group(matplotlib.axis.__name__)
    axis.stale = False


def draw_ticks(ticks, renderer):
    ticks = [tick for tick in ticks if tick.get_visible()]
    for kind in ("gridline", "tick1line", "tick2line"):
        draw_lines_together([getattr(tick, kind) for tick in ticks], renderer)
    for tick in ticks:
        tick.label1.draw(renderer)
        tick.label2.draw(renderer)
        tick.stale = False


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
    """Each grid line has a box of its own, in the same place: the axes'."""
    box = line.get_clip_box()
    return None if box is None else tuple(box.bounds)


def rgba(color, alpha):
    return colors.to_rgba(color, alpha) if color is not None else None


def update_ticks(axis):
    """matplotlib 3.8's Axis._update_ticks, with the ticks' places on screen found in one call
    for all of them rather than one call per tick (a transform's call is most of its cost)."""
    ticks = []
    for locs, formatter, get_ticks in ((axis.get_majorticklocs(), axis.major.formatter, axis.get_major_ticks),
                                       (axis.get_minorticklocs(), axis.minor.formatter, axis.get_minor_ticks)):
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
