"""The example forms as .docx, .doc and .pdf, made once per session with LibreOffice (never committed).

Import `office_set_fixture` (and the docx_files fixtures it needs) into a test module; tests ask for
`office_set`. Without LibreOffice every test that needs it is skipped, saying so.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from assistant.form import Form
from assistant.formats import read_forms
from assistant.formats.docx_writer import write_docx

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None,
    reason="needs LibreOffice to make .doc and .pdf files (apt: libreoffice-writer libreoffice-calc)",
)


def soffice(inputs: list[Path], target: str, outdir: Path, infilter: str | None = None) -> list[Path]:
    """Convert with LibreOffice in a private profile; the converted files, in input order."""
    assert SOFFICE is not None
    profile = (outdir / ".profile").as_uri()
    opened_as = [f"--infilter={infilter}"] if infilter else []
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--norestore", *opened_as,
         "--convert-to", target, "--outdir", str(outdir), *map(str, inputs)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    extension = target.split(":")[0]
    produced = [outdir / f"{path.stem}.{extension}" for path in inputs]
    missing = [str(path) for path in produced if not path.is_file()]
    assert not missing, f"LibreOffice made no {missing}: {result.stderr}"
    return produced


def write_examples(folder: Path, seed_forms: list[Form], built: dict) -> dict[str, Path]:
    """Every example as .docx: the seed (two forms) in both layouts and 永德 from our writer, and the
    documents built cell by cell independently of it (their own merges and label variants)."""
    documents = {}
    for name, (forms, layout) in {
        "seed-single": (seed_forms, "single-cell"),
        "seed-split": (seed_forms, "split-target"),
        "yongde": (read_forms(built["yongde"][0]), None),
    }.items():
        documents[name] = folder / f"{name}.docx"
        write_docx(forms, documents[name], layout=layout)  # type: ignore[arg-type]
    for name in ("sichuan", "suffixed"):
        documents[name] = folder / f"{name}.docx"
        shutil.copyfile(built[name][0], documents[name])
    return documents


@pytest.fixture(scope="session", name="office_set")
def office_set_fixture(
    tmp_path_factory: pytest.TempPathFactory, seed_forms, built
) -> dict[str, dict[str, Path]]:
    """name → {".docx": …, ".doc": …, ".pdf": …}: three LibreOffice runs for the whole session.

    The .doc goes through .odt: LibreOffice 7.4's direct .docx → .doc export drops some tables of
    these documents (the second form of the seed, the 永德 table), a fault of that export, not
    of reading .doc files (the same .doc made through .odt keeps every table)."""
    if SOFFICE is None:
        pytest.skip("needs LibreOffice to make .doc and .pdf files (apt: libreoffice-writer)")
    folder = tmp_path_factory.mktemp("office-set")
    documents = write_examples(folder, seed_forms, built)
    names = list(documents)
    docx = [documents[name] for name in names]
    pdfs = soffice(docx, "pdf", folder / "pdf")
    odts = soffice(docx, "odt", folder / "odt")
    docs = soffice(odts, "doc", folder / "doc")
    return {
        name: {".docx": documents[name], ".pdf": pdf, ".doc": doc}
        for name, pdf, doc in zip(names, pdfs, docs, strict=True)
    }
