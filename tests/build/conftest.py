"""Every test here reads the built site: say so clearly when there is none."""

import pytest

from tests.conftest import SITE


@pytest.fixture(autouse=True)
def built_site():
    if not (SITE / "index.html").is_file():
        pytest.fail(f"{SITE} has no built site: run `make build` first (make browser and make test do)")
