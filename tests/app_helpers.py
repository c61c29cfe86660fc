"""Shared pieces of the app tests: pages under AppTest, on-screen text, downloads.

Every test has its own empty workspace and config file: the `isolation` fixture of conftest.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[1] / "app.py"
TIMEOUT = 30  # the first run imports pandas, pydantic models and the rule data


def page(name: str) -> AppTest:
    """One page's render() as its own script, the way st.navigation runs it."""
    script = f"from assistant.ui.pages import {name}\n{name}.render()\n"
    return AppTest.from_string(script, default_timeout=TIMEOUT)


def app() -> AppTest:
    return AppTest.from_file(str(APP), default_timeout=TIMEOUT)


def screen(at: AppTest) -> str:
    """Every text a user can read on the page, one element per line."""
    parts: list[str] = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "error",
        "warning",
        "info",
        "success",
    ):
        parts += [str(element.value) for element in getattr(at, kind)]
    parts += [f"{m.label} {m.value} {m.proto.delta}" for m in at.metric]
    for widget in ("button", "checkbox", "text_input", "text_area", "selectbox"):
        parts += [str(element.label) for element in getattr(at, widget)]
    parts += [str(element.label) for element in at.get("download_button")]
    return "\n".join(parts)


def errors(at: AppTest) -> list[str]:
    return [str(e.value) for e in at.error]


def no_exception(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture(name="media")
def media_fixture(monkeypatch: pytest.MonkeyPatch) -> dict[str, tuple[str, bytes]]:
    """Every file the page handed to a download button, by the URL the button points at.

    AppTest's media storage lives only for one run; this keeps what was stored, unchanged.
    """
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    stored: dict[str, tuple[str, bytes]] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def keep(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        data = path_or_data if isinstance(path_or_data, bytes) else b""
        stored[self.get_url(file_id)] = (filename or "", data)
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    return stored


def download(at: AppTest, media: dict[str, tuple[str, bytes]], label_part: str) -> tuple[str, bytes]:
    """(file name, bytes) of the download button whose label contains `label_part`."""
    for button in at.get("download_button"):
        if label_part in button.label:
            return media[button.proto.url]
    labels = [b.label for b in at.get("download_button")]
    raise AssertionError(f"no download button with “{label_part}”: {labels}")


def table(at: AppTest, column: str):
    """The first table on the page with this column (read-only tables carry no key)."""
    for frame in at.dataframe:
        value = frame.value
        if column in value.columns:
            return value
    raise AssertionError(f"no table with column “{column}”")


@pytest.fixture(scope="module", name="seed_docx")
def seed_docx_fixture(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The seed's two forms as a Word file, written by the project's own writer."""
    from assistant.formats import read_forms
    from assistant.formats.docx_writer import write_docx
    from tests.factories import SEED_TXT

    path = tmp_path_factory.mktemp("seed") / "seed.docx"
    write_docx(read_forms(SEED_TXT), path)
    return path.read_bytes()


def uploaded(files: list[tuple[str, bytes, str]]) -> AppTest:
    """The 审核 page after these files were uploaded."""
    at = no_exception(page("review").run())
    at.file_uploader(key="review_upload").set_value(files)
    return no_exception(at.run())
