"""The seed's ``visualize_sgd``: gradient descent on the toy loss f(x) = x^2.

``sgd_path`` does the arithmetic (the seed's loop, unchanged); ``visualize_sgd`` only draws it.
The snippet sections below are included verbatim in docs/leccion.md.
"""

# --8<-- [start:widgets_import]
from controls import FloatSlider, IntSlider, interactive
# --8<-- [end:widgets_import]
from lesson_style import add_notice, np, plt


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


# The seed's function and its interact(...) call, now a declaration: returns the figure.
# --8<-- [start:visualize_sgd]
@interactive(lr=FloatSlider(min=0.01, max=1.1, step=0.05, value=0.1, description='Learn Rate'),
             steps=IntSlider(min=1, max=50, step=1, value=10, description='Pasos'))
def visualize_sgd(lr, steps):
    x = np.linspace(-10, 10, 100)
    y = x**2

    # Simulación de pasos
    history_x, history_y = sgd_path(lr, steps)

    fig = plt.figure(figsize=(10, 6))
    plt.plot(x, y, 'b-', alpha=0.5, label='Función de Pérdida $x^2$')
    plt.plot(history_x, history_y, 'ro-', label='Pasos del SGD')
    plt.title(f'SGD con Learning Rate: {lr}')
    plt.xlabel('Peso (w)')
    plt.ylabel('Pérdida (L)')
    plt.legend()
    explain_learning_rate(fig, lr)
    return fig
# --8<-- [end:visualize_sgd]


# --8<-- [start:explain_learning_rate]
def explain_learning_rate(fig, lr):
    """Each step multiplies x by (1 - 2*lr): |1 - 2*lr| > 1 exactly when lr > 1."""
    if lr > 1:
        add_notice(fig, "Learning Rate mayor que 1: cada paso salta más lejos del mínimo "
                        "y el descenso diverge.")
    elif lr == 1:
        add_notice(fig, "Learning Rate igual a 1: cada paso salta al lado opuesto, a la misma "
                        "distancia del mínimo; el descenso oscila sin llegar.")
# --8<-- [end:explain_learning_rate]
