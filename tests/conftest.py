from __future__ import annotations

import pytest

from assistant.form import Form
from tests.factories import SEED_TXT, good_form


@pytest.fixture
def form() -> Form:
    return good_form()


@pytest.fixture(scope="session")
def seed_txt():
    if not SEED_TXT.exists():
        pytest.fail(f"the seed form is missing: {SEED_TXT} (examples/ is part of the checkout)")
    return SEED_TXT
