from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.form import Form
from tests.factories import SEED_TXT, good_form

# The model server settings a developer may have exported (assistant/llm/config.py reads both).
MODEL_ENV_PREFIXES = ("JIXIAO_LLM_", "OPENAI_")
# Where per-user files go when nothing names a place; all of them follow the fake $HOME.
XDG_DIRS = {
    "XDG_CONFIG_HOME": ".config",
    "XDG_DATA_HOME": ".local/share",
    "XDG_STATE_HOME": ".local/state",
    "XDG_CACHE_HOME": ".cache",
}


@dataclass(frozen=True)
class Isolation:
    """One test's own places: nothing a test does reaches the real home or workspace."""

    user_home: Path  # $HOME (and the XDG folders under it): the defaults of assistant/paths.py
    workspace: Path  # $JIXIAO_HOME: workspace, learning record, audit log, capability cache
    config: Path  # $JIXIAO_CONFIG: the model settings file


def without_model_settings(env: Mapping[str, str]) -> dict[str, str]:
    """`env` without any JIXIAO_LLM_* or OPENAI_* variable (for module-scoped subprocesses)."""
    return {name: value for name, value in env.items() if not name.startswith(MODEL_ENV_PREFIXES)}


@pytest.fixture(autouse=True)
def isolation(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Isolation:
    """Every test gets an empty workspace, no config file and no model settings from the machine.

    Set in the environment, so CLI subprocesses inherit it. A test that needs a model server sets
    the JIXIAO_LLM_* variables itself. The folders are outside tmp_path, which stays the test's own.
    """
    root = tmp_path_factory.mktemp("isolated")
    places = Isolation(user_home=root / "user", workspace=root / "workspace", config=root / "config.toml")
    places.user_home.mkdir()
    for name in list(os.environ):
        if name.startswith(MODEL_ENV_PREFIXES):
            monkeypatch.delenv(name)
    monkeypatch.delenv("JIXIAO_DEBUG", raising=False)  # tracebacks only where a test asks for them
    monkeypatch.setenv("HOME", str(places.user_home))
    for name, relative in XDG_DIRS.items():
        monkeypatch.setenv(name, str(places.user_home / relative))
    monkeypatch.setenv("JIXIAO_HOME", str(places.workspace))
    monkeypatch.setenv("JIXIAO_CONFIG", str(places.config))
    return places


@pytest.fixture
def workspace(isolation: Isolation) -> Path:
    """$JIXIAO_HOME of this test (not created until the code under test writes to it)."""
    return isolation.workspace


@pytest.fixture
def without_teaching_forms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """As in a broken install without examples/: 学习 mode's teaching forms are not there.

    The teaching forms already read are forgotten before and after, so no other test sees the gap.
    """
    from assistant.learn import sources

    monkeypatch.setattr(sources, "forms_dir", lambda: tmp_path / "nowhere")
    sources._read.cache_clear()
    yield
    sources._read.cache_clear()


@pytest.fixture
def form() -> Form:
    return good_form()


@pytest.fixture(scope="session")
def seed_txt():
    if not SEED_TXT.exists():
        pytest.fail(f"the seed form is missing: {SEED_TXT} (examples/ is part of the checkout)")
    return SEED_TXT
