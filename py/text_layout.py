"""Text._get_layout of a one-line unrotated text, on floats.

matplotlib lays out every text it has not seen: its metrics (FreeType), then its box and its
line's place around the anchor, through a rotation matrix, numpy arrays of its corners and a
Bbox. A live figure meets new texts at every move (a tick label of new limits, a title with the
slider's value); most are one line, unrotated: the same arithmetic on Python floats gives the
same numbers. The rotation by 0 degrees (an identity matrix) still counts: it turns -0.0
into 0.0 (x·1 + y·0 + 0), hence the ``+ 0.0`` below.
"""

from matplotlib.text import _get_text_metrics_with_cache
from matplotlib.transforms import Bbox


def one_line_layout(text, renderer):
    """What ``Text._get_layout(text, renderer)`` returns (matplotlib 3.8), for a text of one
    line, rotated by 0 degrees and not anchored by its rotation; None for any other text."""
    line = text._get_wrapped_text()
    if "\n" in line or text.get_rotation() != 0 or text.get_rotation_mode() == "anchor":
        return None
    dpi = text.figure.dpi
    _, lp_height, lp_descent = _get_text_metrics_with_cache(
        renderer, "lp", text._fontproperties, ismath="TeX" if text.get_usetex() else False, dpi=dpi)
    clean_line, ismath = text._preprocess_math(line)
    if clean_line:
        width, height, descent = _get_text_metrics_with_cache(
            renderer, clean_line, text._fontproperties, ismath=ismath, dpi=dpi)
    else:
        width = height = descent = 0
    height, descent = max(height, lp_height), max(descent, lp_descent)
    baseline = (height - descent) - 0.0
    line_y = -(height - descent)
    box_width = max([width])
    multialignment = text._get_multialignment()
    if multialignment == "left":
        line_x = 0.0
    elif multialignment == "center":
        line_x = 0.0 + box_width / 2 - width / 2
    else:  # "right"
        line_x = 0.0 + box_width - width
    # The corners of the box, (0, ymin) (0, 0) (width, 0) (width, ymin), through the identity.
    xs = [0.0, 0.0, box_width + 0.0, box_width + 0.0]
    ys = [line_y - descent + 0.0, 0.0, 0.0, line_y - descent + 0.0]
    if any(value != value for value in xs + ys):  # NaN: numpy's min and max differ from Python's
        return None
    xmin, xmax, ymin, ymax = min(xs), max(xs), min(ys), max(ys)
    box_width, box_height = xmax - xmin, ymax - ymin
    horizontal, vertical = text._horizontalalignment, text._verticalalignment
    offset_x = (xmin + xmax) / 2 if horizontal == "center" else xmax if horizontal == "right" else xmin
    if vertical == "center":
        offset_y = (ymin + ymax) / 2
    elif vertical == "top":
        offset_y = ymax
    elif vertical == "baseline":
        offset_y = ymin + descent
    elif vertical == "center_baseline":
        offset_y = ymin + box_height - baseline / 2.0
    else:
        offset_y = ymin
    box = Bbox.from_bounds(xmin - offset_x, ymin - offset_y, box_width, box_height)
    return box, [(line, (width, height), (line_x + 0.0) - offset_x, (line_y + 0.0) - offset_y)], descent
