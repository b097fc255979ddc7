"""SGD, mini-batch and full batch side by side, on a small line-fitting problem.

``train`` runs one method and returns numbers; ``compare`` runs the three with the same learning
rate and number of updates, ``compared`` does the same from the last runs trained where it can
(many slider moves need no new training); ``batches_figure`` builds the two panels once and
``compare_batches`` draws the runs into them.
Not in the seed notebook: an
extra explorer for the lesson's sentence about the "noisy" path that gets there faster.
- Data: N = 40 points of y = 2x + 1 plus Gaussian noise (σ = 0.5), x uniform in [-2, 2], drawn
  once from a fixed seed (the same data for every run and every reader).
- Model: y_pred = w·x + b from (w, b) = (0, 0); loss: mean squared error.
- The widget's seed only picks which examples go into each mini-batch.
- A learning rate that is too high is a result to show: a run stops once |w| or |b| passes
  ``DIVERGENCE_LIMIT``, long before float overflow (no inf, no nan, no warnings).
The snippet sections below are included verbatim in docs/leccion.md.
"""

from dataclasses import dataclass
from functools import lru_cache

from matplotlib import ticker

from chain_rule import format_number
from controls import FloatSlider, IntSlider, interactive
from lesson_style import WIDE, np, plt, power_of_ten, show_notice
from live_figure import draws_on, set_data_if_new
from widget_output import WidgetOutput

# --8<-- [start:data]
N = 40
TRUE_W, TRUE_B = 2.0, 1.0
NOISE = 0.5
DATA_SEED = 7  # the data set never changes: only the mini-batches are drawn at random
START = (0.0, 0.0)  # (w, b) before the first update


def make_data(n=N, seed=DATA_SEED):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2, 2, n)
    y = TRUE_W * x + TRUE_B + rng.normal(0, NOISE, n)
    return x, y


X, Y = make_data()
# --8<-- [end:data]

DEFAULT_SEED = 2024  # fixed mini-batches: the first figure is always the same
DIVERGENCE_LIMIT = 1e6  # |w| or |b| this large counts as diverged; stopping keeps floats finite

# The view of the (w, b) plane: the start (0, 0) and the minimum near (2.16, 1.02), with room.
W_LIMITS = (-0.75, 3.5)
B_LIMITS = (-1.25, 2.75)
GRID_POINTS = 120
MAX_UPDATES = 200  # the slider's end
LOSS_AXIS_FLOOR, LOSS_AXIS_CEILING = 0.1, 20.0  # the loss starts at 7.25 and ends near 0.15


# --8<-- [start:gradient]
def gradient(w, b, x, y):
    """Backpropagation of the MSE on one batch: y_pred = w·x + b, L = mean((y_pred − y)²)."""
    y_pred = w * x + b  # forward pass
    dL_dpred = 2 * (y_pred - y) / len(x)  # ∂L/∂y_pred, one per example
    dL_dw = (dL_dpred * x).sum()  # chain rule: ∂y_pred/∂w = x
    dL_db = dL_dpred.sum()  # chain rule: ∂y_pred/∂b = 1
    return float(dL_dw), float(dL_db)  # plain numbers: the loop's arithmetic on them is cheaper


def full_loss(w, b):
    """The MSE on all N points, for one (w, b) or for arrays of them."""
    w, b = np.asarray(w, dtype=float), np.asarray(b, dtype=float)
    return np.mean((w[..., None] * X + b[..., None] - Y) ** 2, axis=-1)
# --8<-- [end:gradient]


# --8<-- [start:train]
@dataclass(frozen=True, eq=False)
class BatchRun:
    """One training run; losses[k], weights[k], biases[k] are taken after k updates."""

    batch_size: int
    losses: np.ndarray  # loss on the whole data set, not only on the batch
    weights: np.ndarray
    biases: np.ndarray
    diverged: bool

    def __post_init__(self):
        for values in (self.losses, self.weights, self.biases):
            values.flags.writeable = False  # runs are kept and shared (see trained): no edits

    @property
    def updates(self):
        return len(self.losses) - 1

    @property
    def examples(self):
        """Examples whose gradient was computed: the work done."""
        return self.updates * self.batch_size

    def first(self, updates):
        """This run after its first ``updates`` updates: what training only those would give."""
        if updates >= self.updates:
            return self
        kept = slice(updates + 1)
        return BatchRun(self.batch_size, self.losses[kept], self.weights[kept], self.biases[kept],
                        diverged=False)  # it diverged, if at all, later


def draw_batches(rng, batch_size, updates):
    """One row of example indices per update, drawn without replacement within each batch."""
    # The first batch_size entries of a random permutation; sorted, so that the full batch
    # is always 0, 1, ..., N-1 and does not depend on the seed at all.
    permutations = rng.random((updates, N)).argsort(axis=1)
    return np.sort(permutations[:, :batch_size], axis=1)


def train(batch_size, lr, updates, seed=DEFAULT_SEED):
    rng = np.random.default_rng(seed)
    w, b = START
    weights, biases = [w], [b]
    diverged = False

    for batch in draw_batches(rng, batch_size, updates):
        dL_dw, dL_db = gradient(w, b, X[batch], Y[batch])
        w, b = w - lr * dL_dw, b - lr * dL_db
        weights.append(w)
        biases.append(b)

        if not (abs(w) <= DIVERGENCE_LIMIT and abs(b) <= DIVERGENCE_LIMIT):  # also true for nan
            diverged = True
            break

    weights, biases = np.array(weights), np.array(biases)
    return BatchRun(batch_size, full_loss(weights, biases), weights, biases, diverged)
# --8<-- [end:train]


# --8<-- [start:compare]
def compare(batch_size, lr, updates, seed=DEFAULT_SEED):
    """SGD (one example), the chosen mini-batch and the full batch: same lr, same updates."""
    return tuple(train(size, lr, updates, seed) for size in (1, batch_size, N))
# --8<-- [end:compare]


# --8<-- [start:trained]
# Many slider moves need no new training: a new batch size leaves SGD's and the full batch's
# runs as they were, and fewer updates are the first updates of a run already trained (its
# batches are drawn in order from the seed, its loss is taken update by update). So the last
# runs are kept; a new lr, or more updates than kept, trains again.
RUNS_KEPT = 48  # every batch size and then some; a run of 200 updates is 5 KB
RUNS = {}  # (batch_size, lr, seed) -> the longest run trained, the most recently used last


def compared(batch_size, lr, updates, seed=DEFAULT_SEED):
    """``compare(batch_size, lr, updates, seed)``, from the kept runs where it can."""
    return tuple(trained(size, lr, updates, seed) for size in (1, batch_size, N))


def trained(batch_size, lr, updates, seed=DEFAULT_SEED):
    """``train(batch_size, lr, updates, seed)``, trained again only when no kept run has it."""
    key = (batch_size, lr, seed)
    run = RUNS.pop(key, None)
    if run is None or (run.updates < updates and not run.diverged):
        run = train(batch_size, lr, updates, seed)
    RUNS[key] = run
    if len(RUNS) > RUNS_KEPT:
        del RUNS[next(iter(RUNS))]  # the least recently used
    return run.first(updates)
# --8<-- [end:trained]


@lru_cache(maxsize=1)
def least_squares():
    """The best (w, b) and its loss: the bottom of the valley, in closed form."""
    design = np.column_stack([X, np.ones(N)])
    (w, b), *_ = np.linalg.lstsq(design, Y, rcond=None)
    return float(w), float(b), float(full_loss(w, b))


@lru_cache(maxsize=1)
def loss_grid():
    """The loss over the (w, b) view: the same for every render, so computed once."""
    ws = np.linspace(*W_LIMITS, GRID_POINTS)
    bs = np.linspace(*B_LIMITS, GRID_POINTS)
    grid_w, grid_b = np.meshgrid(ws, bs)
    return grid_w, grid_b, full_loss(grid_w, grid_b)


# The two panels, built once per page: the valley's contour lines and the minimum never change;
# the three methods' lines start empty and the sliders fill them.
# --8<-- [start:batches_figure]
def batches_figure(layout=WIDE):
    fig, (ax_loss, ax_path) = layout.subplots(1, 2, figsize=(15, 5.5))
    draw_valley(ax_path)
    for style in STYLES:
        ax_loss.plot([], [], **style)
        ax_path.plot([], [], marker="o", markersize=2.5, **style)
    mark_start_and_minimum(ax_path)
    ax_loss.axhline(least_squares()[2], color="gray", linestyle=":", label="Pérdida mínima")
    ax_loss.legend(loc="upper right")
    ax_path.legend(loc="lower right")
    ax_loss.set_yscale("log")  # the three curves fall by orders of magnitude (or blow up)
    # Plain-text powers of ten and no minor ticks: mathtext labels would double the drawing time.
    ax_loss.yaxis.set_major_formatter(ticker.FuncFormatter(power_of_ten))
    ax_loss.yaxis.set_minor_locator(ticker.NullLocator())
    # Work, not updates: one update costs SGD 1 example, the full batch 40. A log scale
    # (linear below 1, where every curve starts at 0 examples) shows both ends of that range.
    ax_loss.set_xscale("symlog", linthresh=1, linscale=0.3)
    ax_loss.xaxis.set_major_formatter(ticker.FuncFormatter(examples_tick))
    ax_loss.xaxis.set_minor_locator(ticker.NullLocator())
    # A fixed frame, the full batch's longest run and some room: more updates extend the curves
    # (and the axis is not drawn again at every move of that slider).
    ax_loss.set_xlim(0, 1.1 * MAX_UPDATES * N)
    ax_loss.set_xlabel("Ejemplos procesados (trabajo)")
    ax_loss.set_ylabel("Pérdida (MSE)")
    return fig
# --8<-- [end:batches_figure]


# --8<-- [start:compare_batches]
@interactive(seed_argument="seed",
             batch_size=IntSlider(min=1, max=N, step=1, value=8, description='Tamaño del mini-batch'),
             lr=FloatSlider(min=0.01, max=1.0, step=0.01, value=0.1, description='lr'),
             updates=IntSlider(min=5, max=MAX_UPDATES, step=5, value=50, description='Actualizaciones'))
@draws_on(batches_figure)
def compare_batches(fig, batch_size, lr, updates, seed=DEFAULT_SEED):
    runs = compared(batch_size, lr, updates, seed)

    ax_loss, ax_path = fig.axes
    # set_text leaves a title whose text is the same alone: only what changed is drawn again
    ax_loss.title.set_text(f"Pérdida en los {N} datos\nlr = {lr:.2f}, {updates} actualizaciones")
    ax_path.title.set_text(f"Caminos de (w, b) · mini-batch de {batch_size}")
    draw_losses(ax_loss, runs)
    draw_paths(ax_path, runs)
    show_notice(fig, explain_divergence(runs, lr))
    return WidgetOutput(fig, table=comparison_table(runs),
                        caption=f"Pérdida final en los {N} datos y trabajo hecho por cada método.")
# --8<-- [end:compare_batches]


# SGD, mini-batch, full batch. The legends name the methods; the mini-batch's size is in the
# title (a legend whose text changes is laid out and drawn again at every move of that slider).
STYLES = (
    {"label": "SGD (batch 1)", "color": "red", "linewidth": 1.2, "alpha": 0.8},
    {"label": "Mini-batch", "color": "purple", "linewidth": 1.6, "linestyle": "--"},
    {"label": f"Batch completo ({N})", "color": "blue", "linewidth": 2.2},
)


def method_label(index, batch_size):
    return ("SGD (batch 1)", f"Mini-batch de {batch_size}", f"Batch completo ({N})")[index]


def draw_losses(ax, runs):
    """Each loss against the work done so far: after k updates, k × batch size examples."""
    for run, line in zip(runs, ax.lines):
        set_data_if_new(line, examples_processed(run), run.losses)
    # 0.1 to 20, three decades labelled; a run that blows up raises the top to a power of ten,
    # the same for many values of lr (and so an axis drawn once for them all).
    top = 2 * max(run.losses.max() for run in runs)
    if top > LOSS_AXIS_CEILING:
        top = 10 ** np.ceil(np.log10(top))
    ax.set_ylim(LOSS_AXIS_FLOOR, max(top, LOSS_AXIS_CEILING))


def examples_processed(run):
    return np.arange(len(run.losses)) * run.batch_size


def examples_tick(value, _position):
    """0, 1, 10, 100, 1000, 10⁴ ...: plain text (mathtext would double the drawing time)."""
    if value < 1:
        return "0"
    return f"{value:.0f}" if value < 10_000 else power_of_ten(value, _position)


def draw_valley(ax):
    """The loss over the (w, b) plane as contour lines, in a fixed frame."""
    grid_w, grid_b, grid_loss = loss_grid()
    loss_min = least_squares()[2]
    # Levels closer together near the bottom of the valley, where the paths end.
    levels = loss_min + np.geomspace(0.02, 40, 12)
    ax.contour(grid_w, grid_b, grid_loss, levels=levels, colors="gray", linewidths=0.8, alpha=0.7)
    ax.set_xlim(*W_LIMITS)  # fixed frame: a diverging path simply leaves it
    ax.set_ylim(*B_LIMITS)
    ax.set_xlabel("Peso (w)")
    ax.set_ylabel("Sesgo (b)")


def mark_start_and_minimum(ax):
    w_min, b_min, _ = least_squares()
    ax.plot(*START, "ko", markersize=7, label="Inicio (0, 0)")
    ax.plot(w_min, b_min, "*", color="gold", markeredgecolor="black", markersize=16,
            label=f"Mínimo ({w_min:.2f}, {b_min:.2f})")


def draw_paths(ax, runs):
    for run, line in zip(runs, ax.lines):
        set_data_if_new(line, run.weights, run.biases)


def explain_divergence(runs, lr):
    """Name the runs that blew up, or that ended with more loss than they started with."""
    problems = [run_problem(index, run) for index, run in enumerate(runs) if run_problem(index, run)]
    if problems:
        return f"Con lr = {lr:.2f} diverge: {'; '.join(problems)}. Bajen lr."
    return ""


def run_problem(index, run):
    name = ("SGD", f"mini-batch de {run.batch_size}", "batch completo")[index]
    if run.diverged:
        return f"{name} tras {run.updates} actualizaciones"
    if run.losses[-1] > run.losses[0]:
        return f"{name}, la pérdida sube"
    return ""


def comparison_table(runs):
    rows = [("Pérdida mínima posible", format_number(least_squares()[2], 4))]
    for index, run in enumerate(runs):
        label = method_label(index, run.batch_size)
        final = "diverge" if run.diverged else format_number(run.losses[-1], 4)
        rows.append((f"{label}: pérdida final", final))
        rows.append((f"{label}: ejemplos procesados", f"{run.examples}"))
    return tuple(rows)
