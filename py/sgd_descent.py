"""The seed's ``visualize_sgd``: gradient descent on the toy loss f(x) = x^2.

The lesson shows the seed's code: ``sgd_path`` (the seed's loop), ``visualize_sgd`` (the seed's
drawing, ``plt.show()`` included) and its ``interact(...)`` call. The page's widget draws the
same figure differently: ``sgd_figure`` builds it once and ``update_sgd`` moves only what a
slider changes (live_figure), with a notice when the descent diverges.
The snippet sections below are included verbatim in docs/leccion.md.
"""

from lesson_style import WIDE, np, plt, show_notice
from live_figure import updates
# --8<-- [start:widgets_import]
from controls import interact, FloatSlider, IntSlider
# --8<-- [end:widgets_import]


# The seed's loop, apart from the drawing: the visited weights and their losses, steps + 1 each.
# --8<-- [start:sgd_path]
def sgd_path(lr, steps, start=9.0):
    current_x = start  # Empezamos en un punto lejano
    history_x = [current_x]
    history_y = [current_x**2]

    for _ in range(steps):
        gradient = 2 * current_x # Derivada de x^2
        current_x = current_x - lr * gradient
        history_x.append(current_x)
        history_y.append(current_x**2)

    return np.array(history_x), np.array(history_y)
# --8<-- [end:sgd_path]


# --8<-- [start:visualize_sgd]
def visualize_sgd(lr, steps):
    x = np.linspace(-10, 10, 100)
    y = x**2

    # Simulación de pasos
    history_x, history_y = sgd_path(lr, steps)

    plt.figure(figsize=(10, 6))
    plt.plot(x, y, 'b-', alpha=0.5, label='Función de Pérdida $x^2$')
    plt.plot(history_x, history_y, 'ro-', label='Pasos del SGD')
    plt.title(f'SGD con Learning Rate: {lr}')
    plt.xlabel('Peso (w)')
    plt.ylabel('Pérdida (L)')
    plt.legend()
    plt.show()

interact(visualize_sgd,
         lr=FloatSlider(min=0.01, max=1.1, step=0.05, value=0.1, description='Learn Rate'),
         steps=IntSlider(min=1, max=50, step=1, value=10, description='Pasos'))
# --8<-- [end:visualize_sgd]


# The page's widget: the seed's figure built once per page, then updated on every slider move.
# --8<-- [start:sgd_figure]
def sgd_figure(layout=WIDE):
    x = np.linspace(-10, 10, 101)  # 101 points: the minimum x = 0 is one of them
    y = x**2

    fig = layout.figure(figsize=(10, 6))
    plt.plot(x, y, 'b-', alpha=0.5, label='Función de Pérdida $x^2$')
    plt.plot([], [], 'ro-', label='Pasos del SGD')
    plt.xlabel('Peso (w)')
    plt.ylabel('Pérdida (L)')
    plt.legend(loc='lower left')  # fixed: it stays put while the path moves
    return fig
# --8<-- [end:sgd_figure]


# --8<-- [start:update_sgd]
@updates(visualize_sgd, sgd_figure)
def update_sgd(fig, lr, steps):
    history_x, history_y = sgd_path(lr, steps)

    ax = fig.axes[0]
    curve, path = ax.lines
    path.set_data(history_x, history_y)
    ax.set_title(f'SGD con Learning Rate: {lr}')
    ax.relim()
    ax.autoscale_view()
    show_notice(fig, explain_learning_rate(lr))
    return fig
# --8<-- [end:update_sgd]


# --8<-- [start:explain_learning_rate]
def explain_learning_rate(lr):
    """Each step multiplies x by (1 - 2*lr): |1 - 2*lr| > 1 exactly when lr > 1.
    (The slider's grid goes 0.96 -> 1.01: lr = 1, where x would only flip sign, never occurs.)"""
    if lr > 1:
        return ("Learning Rate mayor que 1: cada paso salta más lejos del mínimo "
                "y el descenso diverge.")
    return ""
# --8<-- [end:explain_learning_rate]
