"""Word files the docx tests share, generated once per session (never committed).

Import the `*_fixture` functions into a test module; tests ask for them by their short names."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.form import Form
from assistant.formats import read_forms
from assistant.formats.docx_writer import write_docx
from tests.docx_builders import build_sichuan, build_yongde
from tests.docx_builders_annex import build_suffixed
from tests.examples import load_example
from tests.factories import EXAMPLES, SEED_TXT

Built = tuple[Path, list[Form]]


def row_cells(row) -> list:
    """A table row's cells once each: python-docx repeats a merged cell for every grid column."""
    cells, seen = [], set()
    for cell in row.cells:
        if cell._tc not in seen:  # the w:tc element itself
            seen.add(cell._tc)
            cells.append(cell)
    return cells


@pytest.fixture(scope="session", name="docx_dir")
def docx_dir_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("docx")


@pytest.fixture(scope="session", name="yongde_data")
def yongde_data_fixture() -> dict:
    return load_example(EXAMPLES / "yongde-2022.yaml")


@pytest.fixture(scope="session", name="built")
def built_fixture(docx_dir: Path, yongde_data: dict) -> dict[str, Built]:
    """The documents built independently of our writer, with the forms they hold."""
    documents: dict[str, Built] = {}
    for name, build in (
        ("sichuan", build_sichuan),
        ("suffixed", build_suffixed),
        ("yongde", lambda path: build_yongde(path, yongde_data)),
    ):
        path = docx_dir / f"{name}.docx"
        documents[name] = (path, build(path))
    return documents


@pytest.fixture(scope="session", name="seed_forms")
def seed_forms_fixture() -> list[Form]:
    if not SEED_TXT.exists():
        pytest.fail(f"the seed form is missing: {SEED_TXT}")
    return read_forms(SEED_TXT)


@pytest.fixture(scope="session", name="seed_docx")
def seed_docx_fixture(docx_dir: Path, seed_forms: list[Form]) -> dict[str, Path]:
    """The seed's two forms written by our writer, in each layout."""
    paths = {}
    for layout in ("single-cell", "split-target"):
        paths[layout] = docx_dir / f"seed-{layout}.docx"
        write_docx(seed_forms, paths[layout], layout=layout)
    return paths
