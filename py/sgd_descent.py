"""The seed's ``visualize_sgd``: gradient descent on the toy loss f(x) = x^2.

``sgd_path`` does the arithmetic (the seed's loop, unchanged); ``sgd_figure`` builds the seed's
figure once and ``visualize_sgd`` updates it with the path.
The snippet sections below are included verbatim in docs/leccion.md.
"""

# --8<-- [start:widgets_import]
from controls import FloatSlider, IntSlider, interactive
from live_figure import draws_on
# --8<-- [end:widgets_import]
from lesson_style import WIDE, np, plt, show_notice


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


# The seed's figure, built once per page: the loss curve, and an empty path for the sliders.
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


# The seed's function and its interact(...) call, now a declaration: on every move of a slider
# it updates the figure that sgd_figure built (the path, the title, the notice).
# --8<-- [start:visualize_sgd]
@interactive(lr=FloatSlider(min=0.01, max=1.1, step=0.05, value=0.1, description='Learn Rate'),
             steps=IntSlider(min=1, max=50, step=1, value=10, description='Pasos'))
@draws_on(sgd_figure)
def visualize_sgd(fig, lr, steps):
    # Simulación de pasos
    history_x, history_y = sgd_path(lr, steps)

    ax = fig.axes[0]
    curve, path = ax.lines
    path.set_data(history_x, history_y)
    ax.set_title(f'SGD con Learning Rate: {lr}')
    ax.relim()
    ax.autoscale_view()
    show_notice(fig, explain_learning_rate(lr))
    return fig
# --8<-- [end:visualize_sgd]


# --8<-- [start:explain_learning_rate]
def explain_learning_rate(lr):
    """Each step multiplies x by (1 - 2*lr): |1 - 2*lr| > 1 exactly when lr > 1.
    (The slider's grid goes 0.96 -> 1.01: lr = 1, where x would only flip sign, never occurs.)"""
    if lr > 1:
        return ("Learning Rate mayor que 1: cada paso salta más lejos del mínimo "
                "y el descenso diverge.")
    return ""
# --8<-- [end:explain_learning_rate]
