"""Shared by the unit tests of the lesson modules."""

import pytest

from lesson_style import plt


@pytest.fixture(autouse=True)
def close_figures():
    """Every test starts with no matplotlib figure left open by another."""
    yield
    plt.close("all")


def fields(slider):
    """A slider declaration as a comparable tuple (the seed's interact(...) arguments)."""
    return (type(slider), slider.min, slider.max, slider.step, slider.value,
            slider.description, slider.readout_format)
