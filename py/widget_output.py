"""What a widget function may return besides a bare matplotlib Figure.

Numbers a reader should be able to read, copy or hear (forward values, gradients) belong in
text, not only inside a picture: a widget returns ``WidgetOutput(figure, table=...)`` and the
page shows the rows as an HTML table under the figure.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class WidgetOutput:
    figure: object  # a matplotlib Figure
    # (quantity, value) pairs, both already formatted as Spanish-facing text, e.g. ("∂L/∂w", "0.1234")
    table: tuple = ()
    caption: str = ""
