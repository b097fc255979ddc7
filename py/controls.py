"""Slider declarations for the lesson's widgets: the counterpart of ipywidgets' ``interact``.

A widget is a function plus the sliders that drive it, declared once with ``@interactive``.
Everything else is derived from that declaration: the HTML controls written at build time,
their readouts, the values the browser may send, and the validation done here in Python.

Runs unchanged in CPython and in Pyodide (standard library only).
"""

import bisect
import functools
import math
import re
from dataclasses import dataclass

# Grid values are rounded so that 0.01 + 6 * 0.05 prints as 0.31, like the seed's sliders.
_DECIMALS = 10
# What a reader may write: plain decimal numbers (0.31, -2, 1e-3). Python's float() also takes
# "1_000", "infinity" or non-ASCII digits; the page refuses 0x14, 0b100 and 0o620 the same way.
PLAIN_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
# A value quoted back in a notice is cut to this many characters (links can carry 100 KB).
QUOTE_LIMIT = 40


def quote(raw):
    """``raw`` as it may appear in a Spanish notice: between «», at most QUOTE_LIMIT characters."""
    text = str(raw)
    return f"«{text[:QUOTE_LIMIT]}…»" if len(text) > QUOTE_LIMIT else f"«{text}»"


def to_number(raw):
    """A float from a number or a plain decimal string; None for anything else."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        return float(raw)
    if isinstance(raw, str) and PLAIN_DECIMAL.fullmatch(raw.strip()):
        return float(raw)
    return None


@dataclass(frozen=True)
class Slider:
    """One slider: the same fields as ipywidgets' FloatSlider / IntSlider."""

    min: float
    max: float
    step: float
    value: float
    description: str = ""
    readout_format: str = ""
    kind = "float"

    def positions(self):
        """Every value the slider can take, in increasing order.

        The grid is ``min + k * step`` (what a range input allows), plus ``max`` and the
        author's default when they fall off that grid: the seed's defaults (``lr=0.1`` on a
        grid 0.01, 0.06, 0.11 ...) are kept as written, not snapped.
        """
        return list(_positions(self))

    def format(self, value):
        """The readout shown next to the slider (ipywidgets' ``readout_format``)."""
        return format(value, self.readout_format or self._default_format())

    def coerce(self, raw):
        """Turn whatever the page sent into the nearest allowed value.

        Returns ``(value, problem)``; ``problem`` is a Spanish sentence when the raw value was
        not a number, was out of range or fell between positions, else ``None``.
        """
        name = self.description
        number = to_number(raw)
        if number is None:
            return self.value, (f"{quote(raw)} no es un número válido para {name} (solo números decimales, "
                                f"como 0.31); se usa {self.format(self.value)}.")
        if not math.isfinite(number):
            return self.value, f"{name} debe ser un número finito; se usa {self.format(self.value)}."
        allowed = _positions(self)
        # Clamped first: far outside the range every distance rounds to the same float.
        target = min(max(number, allowed[0]), allowed[-1])
        # The nearest position (the lower one on a tie) is one of the two around the target.
        index = bisect.bisect_left(allowed, target)
        nearest = min(allowed[max(index - 1, 0):index + 1], key=lambda candidate: (abs(candidate - target), candidate))
        if number < self.min or number > self.max:
            problem = (f"{name} debe estar entre {self.format(self.min)} y {self.format(self.max)}; "
                       f"se usa {self.format(nearest)}.")
        elif abs(nearest - number) > 1e-9:
            problem = f"{name} avanza en pasos de {self.format(self.step)}; se usa {self.format(nearest)}."
        else:
            problem = None
        return self._clean(nearest), problem

    def spec(self, name):
        """A JSON-ready description for the page: enough to draw and drive the control."""
        positions = self.positions()
        return {
            "name": name,
            "kind": self.kind,
            "label": self.description or name,
            "min": self._clean(self.min),
            "max": self._clean(self.max),
            "step": self._clean(self.step),
            "value": self._clean(self.value),
            "positions": positions,
            # Formatted here, once, so the page never re-implements ``format``.
            "readouts": [self.format(position) for position in positions],
        }

    def _clean(self, number):
        return round(float(number), _DECIMALS)

    def _default_format(self):
        # ipywidgets shows floats with two decimals unless told otherwise.
        return ".2f"


@functools.lru_cache(maxsize=None)
def _positions(slider):
    """Slider.positions as a tuple, worked out once per slider (a slider never changes): every
    render checks each value the page sent against them."""
    count = int(math.floor((slider.max - slider.min) / slider.step + 1e-9))
    grid = {slider._clean(slider.min + k * slider.step) for k in range(count + 1)}
    grid.add(slider._clean(slider.max))
    grid.add(slider._clean(slider.value))
    return tuple(sorted(grid))


@dataclass(frozen=True)
class FloatSlider(Slider):
    kind = "float"


@dataclass(frozen=True)
class IntSlider(Slider):
    kind = "int"

    def _clean(self, number):
        return int(round(float(number)))

    def _default_format(self):
        return "d"


SEED_LIMIT = 2**32


def interactive(seed_argument=None, **sliders):
    """Attach slider declarations to a widget function, like ``interact(fn, **sliders)``.

    A slider without a description takes the argument's name, as ipywidgets does.
    ``seed_argument`` names the function's random-seed keyword, if it has one: the page
    offers "draw a new sample" by sending a new integer seed under that name.
    """

    def attach(function):
        function.controls = {
            name: slider if slider.description else _with_description(slider, name)
            for name, slider in sliders.items()
        }
        function.seed_argument = seed_argument
        return function

    return attach


# True while a reader's edited block runs (see code_runner): there ``interact`` also draws the
# widget once at its defaults, as ipywidgets does in a notebook. Importing a lesson module only
# declares its widgets: the page draws them.
draw_on_interact = False


def interact(function=None, **sliders):
    """ipywidgets' ``interact(fn, name=Slider(...), ...)``: declare ``fn``'s sliders.

    Returns the function, as ipywidgets does; ``@interact(name=...)`` works too. During a
    reader's run the function is also called once with the sliders' values.
    """
    if function is None:
        return lambda decorated: interact(decorated, **sliders)
    interactive(**sliders)(function)
    if draw_on_interact:
        function(**defaults(function))
    return function


def defaults(function):
    """The author's default value of every slider of a widget function."""
    return {name: slider.value if slider.kind == "float" else int(slider.value)
            for name, slider in function.controls.items()}


def coerce_all(function, raw_values):
    """Validate a dict of raw values against a widget's sliders.

    Missing names take their default; unknown names are ignored. Returns ``(values, problems)``.
    """
    values, problems = {}, []
    raw_values = raw_values if isinstance(raw_values, dict) else {}
    for name, slider in function.controls.items():
        if name in raw_values:
            value, problem = slider.coerce(raw_values[name])
            if problem:
                problems.append(problem)
        else:
            value = slider._clean(slider.value)
        values[name] = value
    seed_name = getattr(function, "seed_argument", None)
    if seed_name and seed_name in raw_values:
        seed = raw_values[seed_name]
        if isinstance(seed, bool) or not isinstance(seed, (int, float, str)) or not _is_seed(seed):
            problems.append(f"La semilla {quote(seed)} no es válida; se usa la semilla inicial.")
        else:
            values[seed_name] = int(to_number(seed))
    return values, problems


def _is_seed(raw):
    number = to_number(raw)
    if number is None:
        return False
    return math.isfinite(number) and number == int(number) and 0 <= number < SEED_LIMIT


def _with_description(slider, name):
    return type(slider)(slider.min, slider.max, slider.step, slider.value, name, slider.readout_format)
