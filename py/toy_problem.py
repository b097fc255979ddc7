"""The seed's ``solve_toy_problem``: one neuron (y_pred = w * x) learns y = 2x by pure SGD.

``train_toy`` runs the seed's loop and returns numbers; ``solve_toy_problem`` draws them as the
seed does (``plt.show()`` and its ``interact(...)`` call). The page's widget draws the same
panels differently: ``toy_figure`` builds them once and ``update_toy`` puts each run's numbers
into them (live_figure), with a log scale and a notice when the weight diverges.
Two changes to the seed, both for the web page:
- the random examples come from ``np.random.default_rng(seed)``, so a figure can be reproduced
  and the page can ask for a new sample by sending a new seed;
- a learning rate that is too high is a result to show, not a crash: the loop stops once |w|
  passes ``DIVERGENCE_LIMIT``, long before float overflow (no inf, no nan, no warnings).
The snippet sections below are included verbatim in docs/leccion.md.
"""

from dataclasses import dataclass

from matplotlib import ticker

from controls import FloatSlider, IntSlider, interact
from lesson_style import WIDE, np, plt, power_of_ten, show_notice
from live_figure import updates


# --8<-- [start:toy_run]
@dataclass(frozen=True, eq=False)
class ToyRun:
    """What one training run produced; losses[i] and weights[i] are taken before update i."""

    losses: np.ndarray
    weights: np.ndarray
    w: float
    diverged: bool
# --8<-- [end:toy_run]


# --8<-- [start:train_toy]
# Datos: x=1, y=2; x=2, y=4; x=3, y=6
X = np.array([1, 2, 3, 4, 5])
Y = np.array([2, 4, 6, 8, 10])

DEFAULT_SEED = 2024  # fixed sample: the first figure is always the same
DIVERGENCE_LIMIT = 1e6  # |w| this large counts as diverged; stopping here keeps floats finite
# Above this lr a step on the largest x multiplies the error by |1 - 2*lr*x**2| > 1.
STABLE_LR_LIMIT = 1 / X.max()**2


def train_toy(epochs, lr, seed=DEFAULT_SEED):
    rng = np.random.default_rng(seed)
    w = 0.0 # Inicialización
    losses = []
    weights = []
    diverged = False

    for epoch in range(epochs):
        # Elegimos un punto al azar (SGD puro)
        idx = rng.integers(0, len(X))
        x, y_true = X[idx], Y[idx]

        # 1. Forward Pass
        y_pred = w * x

        # 2. Computar Pérdida (MSE parcial)
        loss = (y_pred - y_true)**2
        losses.append(loss)
        weights.append(w)

        # 3. Backpropagation (Gradiente)
        # dL/dw = dL/dy_pred * dy_pred/dw
        # dL/dy_pred = 2 * (y_pred - y_true)
        # dy_pred/dw = x
        grad = 2 * (y_pred - y_true) * x

        # 4. Actualizar peso
        w = w - lr * grad

        if not abs(w) <= DIVERGENCE_LIMIT:  # "not <=" is also true for nan
            diverged = True
            break

    return ToyRun(np.array(losses, dtype=float), np.array(weights, dtype=float), float(w), diverged)
# --8<-- [end:train_toy]


# --8<-- [start:solve_toy_problem]
def solve_toy_problem(epochs, lr):
    run = train_toy(epochs, lr)

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(15, 5))
    ax1.plot(run.losses)
    ax1.set_title('Pérdida por iteración')
    ax1.set_xlabel('Iteración')

    ax2.plot(run.weights)
    ax2.axhline(y=2.0, color='r', linestyle='--')
    ax2.set_title(f'Evolución del Peso (Final: {run.w:.2f})')
    ax2.set_xlabel('Iteración')
    plt.show()

interact(solve_toy_problem,
         epochs=IntSlider(min=10, max=500, step=10, value=100),
         lr=FloatSlider(min=0.001, max=0.1, step=0.005, value=0.01, readout_format='.3f'))
# --8<-- [end:solve_toy_problem]


# The page's widget: the seed's two panels, built once per page (the lines start empty), then
# filled by every run; "Nueva muestra aleatoria" sends a new seed.
# --8<-- [start:toy_figure]
def toy_figure(layout=WIDE):
    fig, (ax1, ax2) = layout.subplots(1, 2, figsize=(15, 5))
    ax1.plot([])
    ax1.set_xlabel('Iteración')

    ax2.plot([])
    ax2.axhline(y=2.0, color='r', linestyle='--')
    ax2.set_xlabel('Iteración')
    return fig
# --8<-- [end:toy_figure]


# --8<-- [start:trained_toy]
# Fewer epochs are the first epochs of a longer run with the same lr and seed: its examples are
# drawn in order from the seed, and a run that diverges stops at the same iteration. So the last
# runs are kept, and moving the epochs slider trains at most once per lr and sample: more epochs
# than kept train to the slider's end, fewer read the start of the kept run.
RUNS_KEPT = 16  # a run of 500 epochs is 8 KB; the lr slider has 20 values
RUNS = {}  # (lr, seed) -> the longest run trained, the most recently used last


def trained_toy(epochs, lr, seed=DEFAULT_SEED, longest=0):
    """``train_toy(epochs, lr, seed)``, trained again only when no kept run has it; training
    again for more epochs than kept trains ``longest`` epochs, if more."""
    key = (lr, seed)
    run = RUNS.pop(key, None)
    if run is None or (len(run.losses) < epochs and not run.diverged):
        run = train_toy(epochs if run is None else max(epochs, longest), lr, seed)
        for values in (run.losses, run.weights):
            values.flags.writeable = False  # kept and shared: no edits
    RUNS[key] = run
    if len(RUNS) > RUNS_KEPT:
        del RUNS[next(iter(RUNS))]  # the least recently used
    return first_epochs(run, epochs)


def first_epochs(run, epochs):
    """The run after its first ``epochs`` updates: what training only those would give."""
    if epochs >= len(run.losses):  # all of it (a run that diverged stopped before epochs)
        return run
    return ToyRun(run.losses[:epochs], run.weights[:epochs], float(run.weights[epochs]),
                  diverged=False)  # it diverged, if at all, later
# --8<-- [end:trained_toy]


# --8<-- [start:update_toy]
@updates(solve_toy_problem, toy_figure, seed_argument="seed")
def update_toy(fig, epochs, lr, seed=DEFAULT_SEED):
    run = trained_toy(epochs, lr, seed, longest=solve_toy_problem.controls['epochs'].max)

    ax1, ax2 = fig.axes
    ax1.lines[0].set_data(range(len(run.losses)), run.losses)
    ax1.set_title('Pérdida por iteración')

    ax2.lines[0].set_data(range(len(run.weights)), run.weights)
    ax2.set_title(f'Evolución del Peso (Final: {run.w:.2f})')

    notice = ""
    if run.diverged:
        notice = show_divergence(ax1, ax2, len(run.weights))
    elif lr > STABLE_LR_LIMIT:
        notice = explain_unstable(run, epochs)
    set_loss_scale(ax1, 'log' if run.diverged else 'linear')
    for ax in (ax1, ax2):
        ax.relim()
        ax.autoscale_view()
    show_notice(fig, notice)
    return fig
# --8<-- [end:update_toy]


# --8<-- [start:show_divergence]
def show_divergence(ax1, ax2, iterations):
    """The titles say it diverged (the loss goes on a log scale: it spans many orders of
    magnitude); returns the notice under the plots."""
    ax1.set_title('Pérdida por iteración (escala logarítmica)')
    ax2.set_title('Evolución del Peso (Final: diverge)')
    return (f"El peso diverge (|w| > 10⁶ tras {iterations} iteraciones): el Learning Rate "
            "es demasiado alto y los pasos saltan el valle. Bajen lr.")
# --8<-- [end:show_divergence]


def explain_unstable(run, epochs):
    """Above the stable limit, without diverging: how far the weight swung, and whether it
    ended at 2 as the title shows it (two decimals), or not yet."""
    visited = np.append(run.weights, run.w)
    extreme = visited[np.argmax(np.abs(visited))]
    swing = f"{extreme:.0f}" if abs(extreme) >= 10 else f"{extreme:.2f}"
    start = (f"Con lr > {STABLE_LR_LIMIT:.2f} cada paso con x = 5 salta el valle: el peso osciló "
             f"hasta w = {swing}")
    if arrived(run.w):
        ending = "y aun así esta muestra terminó en 2.00"
    else:
        ending = f"y tras {epochs} iteraciones está en {run.w:.2f}, todavía sin llegar a 2"
    return (f"{start} {ending}; con otras muestras el peso puede divergir. "
            "Prueben «Nueva muestra aleatoria».")


def arrived(w):
    """The final weight reads 2.00 in the figure's title."""
    return f"{w:.2f}" == "2.00"


def set_loss_scale(ax, scale):
    """Switch only when it changes: setting a scale makes new tick locators every time. On a
    log scale, plain-text powers of ten (10⁵): mathtext labels cost more to draw than the rest
    of a patch; a diverged loss spans many decades, where matplotlib labels no minor tick."""
    if ax.get_yscale() != scale:
        ax.set_yscale(scale)
        if scale == "log":
            ax.yaxis.set_major_formatter(ticker.FuncFormatter(power_of_ten))
            ax.yaxis.set_minor_formatter(ticker.NullFormatter())
