"""The chain rule, step by step, on the lesson's tiny network z = w·x + b, a = σ(z), L = (a − y)².

``forward_backward`` does the arithmetic (forward pass, the three local derivatives, their
product, and a finite-difference check); ``chain_rule_figure`` builds the two panels once and
``explore_chain_rule`` draws L(w) with its tangent and one SGD step into them, and lists the
numbers as a table. Not in the seed notebook: an extra explorer.
The snippet sections below are included verbatim in docs/leccion.md.
"""

import math
from dataclasses import dataclass

from matplotlib.path import Path

from controls import FloatSlider, interactive
from lesson_style import SUPERSCRIPTS, WIDE, np, plt, show_notice
from live_figure import draws_on, set_data_if_new
from widget_output import WidgetOutput

FD_STEP = 1e-6  # h of the central difference: truncation ~h², rounding ~1e-16/h, both tiny
W_RANGE = (-4.0, 4.0)  # the w slider's range: the curve is always drawn over at least this
TANGENT_HALF_WIDTH = 1.0  # the tangent is drawn over w ± this, so it reads as local
STEP_MIN_HALF_WIDTH = 0.3  # the zoomed panel shows at least w ± this around the step
WINDOW_MARGIN = 0.25  # room around the points at the ends of the w range
STEP_GRID_CELLS = 3  # the zoomed panel's w limits snap to a round step about a third of its width,
LOSS_GRID_CELLS = 8  # its loss limits to one about an eighth of the curve's height
SATURATION = 1e-2  # below this σ'(z) the gradient has all but vanished ...
FAR_FROM_TARGET = 0.1  # ... which is a problem only while a is still this far from y
ROUNDING = 1e-12  # a loss "going up" by less than this is float rounding, not an overshoot
CURVE_POINTS = 400
# The step's arrowhead, a marker whose tip is its origin: it ends at the new w. A line with a
# marker, updated in place, takes about half the time to draw of an annotation's arrow patch.
ARROWHEAD = {direction: Path([(0, 0), (-direction, 0.45), (-direction, -0.45), (0, 0)], closed=True)
             for direction in (1, -1)}


# --8<-- [start:forward]
def sigmoid(z):
    # Same as 1 / (1 + e^(-z)), written with tanh so that no z overflows.
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def loss(w, b, x, y):
    """The forward pass, from the input to the loss (works on arrays of w too)."""
    z = w * x + b
    a = sigmoid(z)
    return (a - y) ** 2
# --8<-- [end:forward]


# --8<-- [start:forward_backward]
@dataclass(frozen=True)
class ChainRule:
    """Every number of one forward and one backward pass."""

    z: float
    a: float
    L: float
    dL_da: float
    da_dz: float
    dz_dw: float
    dz_db: float
    dL_dw: float
    dL_db: float
    dL_dw_numeric: float  # finite-difference estimates, to check the chain rule
    dL_db_numeric: float


def forward_backward(w, b, x, y):
    """One forward and one backward pass of z = w·x + b, a = σ(z), L = (a − y)²."""
    w, b, x, y = float(w), float(b), float(x), float(y)

    # Forward: z -> a -> L
    z = w * x + b
    a = sigmoid(z)
    L = (a - y) ** 2

    # Backward: one local derivative per layer of the onion, from the loss inwards
    dL_da = 2 * (a - y)
    da_dz = a * (1 - a)  # σ'(z) = σ(z)(1 − σ(z))
    dz_dw = x
    dz_db = 1.0

    # Chain rule: multiply the local derivatives along the path from L to each parameter
    dL_dw = dL_da * da_dz * dz_dw
    dL_db = dL_da * da_dz * dz_db

    # The same slopes without any chain rule: nudge one parameter, watch L
    dL_dw_numeric = central_difference(lambda v: loss(v, b, x, y), w)
    dL_db_numeric = central_difference(lambda v: loss(w, v, x, y), b)

    return ChainRule(z, a, L, dL_da, da_dz, dz_dw, dz_db, dL_dw, dL_db,
                     dL_dw_numeric, dL_db_numeric)
# --8<-- [end:forward_backward]


# --8<-- [start:central_difference]
def central_difference(f, v, h=FD_STEP):
    """The slope of f at v without any calculus: (f(v + h) − f(v − h)) / 2h."""
    return float((f(v + h) - f(v - h)) / (2 * h))
# --8<-- [end:central_difference]


# The two panels, built once per page: the lines start empty, the sliders fill them.
# --8<-- [start:chain_rule_figure]
def chain_rule_figure(layout=WIDE):
    fig, (whole, zoom) = layout.subplots(1, 2, figsize=(15, 5))
    for ax in (whole, zoom):
        ax.plot([], [], "b-", alpha=0.6, label="Pérdida L(w)")
        ax.plot([], [], "--", color="darkorange", linewidth=2)  # the tangent
        ax.plot([], [], "o", color="red", markersize=9, label="w actual")
        ax.plot([], [], "o", color="green", markersize=9, label="w nuevo = w − η·∂L/∂w")
        ax.plot([], [], ":", color="green")  # the drop to the loss at the new w
        ax.plot([], [], "-", color="green", linewidth=2, markersize=12, markevery=[1])  # the step's arrow
        ax.set_xlabel("Peso (w)")
        ax.set_ylabel("Pérdida (L)")
    whole.lines[1].set_label("Tangente: pendiente ∂L/∂w")
    layout.legend_below(fig, per_row=4)  # the panels are too small to hold it
    return fig
# --8<-- [end:chain_rule_figure]


# --8<-- [start:explore_chain_rule]
@interactive(w=FloatSlider(min=-4, max=4, step=0.1, value=0.5, description='w'),
             b=FloatSlider(min=-4, max=4, step=0.1, value=0.0, description='b'),
             x=FloatSlider(min=-3, max=3, step=0.1, value=1.5, description='x'),
             y=FloatSlider(min=0, max=1, step=0.05, value=1.0, description='y'),
             eta=FloatSlider(min=0.05, max=3, step=0.05, value=1.0, description='η (learning rate)'))
@draws_on(chain_rule_figure)
def explore_chain_rule(fig, w, b, x, y, eta):
    grads = forward_backward(w, b, x, y)
    w_new = w - eta * grads.dL_dw  # one SGD step on w
    L_new = float(loss(w_new, b, x, y))

    whole, zoom = fig.axes
    # set_text leaves a title whose text is the same alone: only what changed is drawn again
    whole.title.set_text(f"L(w) con b = {b:.2f}, x = {x:.2f}, y = {y:.2f}")
    zoom.title.set_text(f"Paso de SGD: w = {w:.2f} → {w_new:.2f}")
    for ax, window in ((whole, whole_window(w_new)), (zoom, step_window(w, w_new))):
        draw_loss_curve(ax, window, b, x, y)
        draw_tangent(ax, window, w, grads)
        draw_sgd_step(ax, w, grads.L, w_new, L_new)
    whole.set_ylim(-0.08, 1.08)  # L = (a − y)² lies in [0, 1]: a fixed frame keeps the view still
    show_notice(fig, explain_step(eta, y, grads, L_new))
    return WidgetOutput(fig, table=chain_rule_table(grads, w_new),
                        caption="Paso hacia adelante, derivadas locales y gradiente "
                                "con los valores actuales de los controles.")
# --8<-- [end:explore_chain_rule]


def whole_window(w_new):
    """The w slider's range, widened to a whole number when the step lands outside it."""
    return (min(W_RANGE[0] - WINDOW_MARGIN, math.floor(w_new - WINDOW_MARGIN)),
            max(W_RANGE[1] + WINDOW_MARGIN, math.ceil(w_new + WINDOW_MARGIN)))


def step_window(w, w_new):
    """Around the step, wide enough to see the slope even when the step is tiny."""
    center, half = (w + w_new) / 2, max(STEP_MIN_HALF_WIDTH, 0.8 * abs(w_new - w))
    return snapped_outward(center - half, center + half, STEP_GRID_CELLS)


def draw_loss_curve(ax, window, b, x, y):
    ws = np.linspace(*window, CURVE_POINTS)
    losses = loss(ws, b, x, y)
    set_data_if_new(ax.lines[0], ws, losses)
    ax.set_xlim(*window)
    # Frame the curve, not the tangent: a steep tangent just leaves the picture.
    padding = max(0.05 * (losses.max() - losses.min()), 1e-3)
    ax.set_ylim(*snapped_outward(losses.min() - padding, losses.max() + padding, LOSS_GRID_CELLS))


def snapped_outward(low, high, cells):
    """(low, high) widened to multiples of a round step about (high − low) / cells. Nearby moves
    share the same limits: the view holds still while a slider is dragged, and each axis is
    drawn once per limits (drawing an axis anew is most of a move's time)."""
    step = round_step((high - low) / cells)
    # rounded to 12 decimals: 0.6, not 3 × 0.2 = 0.6000000000000001
    return round(math.floor(low / step) * step, 12), round(math.ceil(high / step) * step, 12)


def round_step(size):
    """The smallest of 1, 2, 2.5 or 5 × 10ⁿ that is at least ``size`` (give or take rounding:
    0.6 / 3 is 0.20000000000000004)."""
    power = 10.0 ** math.floor(math.log10(size))
    return next(digit * power for digit in (1, 2, 2.5, 5, 10) if digit * power >= size * (1 - 1e-9))


def draw_tangent(ax, window, w, grads):
    """The line through (w, L) with slope ∂L/∂w, kept near w so that it reads as local."""
    low, high = max(window[0], w - TANGENT_HALF_WIDTH), min(window[1], w + TANGENT_HALF_WIDTH)
    ws = np.array([low, high])
    tangent, current = ax.lines[1], ax.lines[2]
    set_data_if_new(tangent, ws, grads.L + grads.dL_dw * (ws - w))  # its slope's value is in the table
    set_data_if_new(current, [w], [grads.L])


def draw_sgd_step(ax, w, L, w_new, L_new):
    """The step moves w only: a horizontal arrow, then a drop to the loss at the new w."""
    new_point, drop, arrow = ax.lines[3:6]
    set_data_if_new(new_point, [w_new], [L_new])
    for line in (drop, arrow):
        line.set_visible(w_new != w)  # zero gradient (e.g. x = 0): nothing to draw
    if w_new == w:
        return
    set_data_if_new(arrow, [w, w_new], [L, L])
    head = ARROWHEAD[1 if w_new > w else -1]  # at the new w, pointing away from w
    if arrow.get_marker() is not head:
        arrow.set_marker(head)
    set_data_if_new(drop, [w_new, w_new], [L, L_new])


def explain_step(eta, y, grads, L_new):
    """Warn about the two ways a step fails: it jumps over the minimum, or it barely moves."""
    if L_new > grads.L + ROUNDING:
        return (f"Con η = {eta:.2f} el paso salta el mínimo: la pérdida sube de "
                f"{format_number(grads.L)} a {format_number(L_new)}. Bajen η.")
    if grads.da_dz < SATURATION and abs(grads.a - y) > FAR_FROM_TARGET:
        return (f"σ está saturada (∂a/∂z = {format_number(grads.da_dz, 3)}): el gradiente "
                "casi se anula y w apenas se mueve.")
    return ""


def chain_rule_table(grads, w_new):
    rows = (
        ("z = w·x + b", grads.z),
        ("a = σ(z)", grads.a),
        ("L = (a − y)²", grads.L),
        ("∂L/∂a = 2(a − y)", grads.dL_da),
        ("∂a/∂z = σ(z)(1 − σ(z))", grads.da_dz),
        ("∂z/∂w = x", grads.dz_dw),
        ("∂z/∂b = 1", grads.dz_db),
        ("∂L/∂w = ∂L/∂a · ∂a/∂z · ∂z/∂w", grads.dL_dw),
        ("∂L/∂w por diferencias finitas", grads.dL_dw_numeric),
        ("∂L/∂b = ∂L/∂a · ∂a/∂z · ∂z/∂b", grads.dL_db),
        ("∂L/∂b por diferencias finitas", grads.dL_db_numeric),
        ("nuevo w = w − η·∂L/∂w", w_new),
    )
    return tuple((quantity, format_number(value)) for quantity, value in rows)


def format_number(value, digits=6):
    """Six significant digits, plain Unicode: 1.5e-05 is written 1.5·10⁻⁵, and never as -0."""
    text = format(float(value) + 0.0, f".{digits}g")  # + 0.0 turns -0.0 into 0.0
    mantissa, _, exponent = text.partition("e")
    if not exponent:
        return text
    return f"{mantissa}·10{str(int(exponent)).translate(SUPERSCRIPTS)}"
