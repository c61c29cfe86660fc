"""Exported files open in an office suite: LibreOffice converts them to PDF, poppler renders page 1
and extracts the text, and the Chinese labels come out as text (the East Asian font applied)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from assistant.form import Form
from assistant.formats import read_forms
from assistant.formats.docx_writer import write_docx
from tests.docx_files import built_fixture, docx_dir_fixture, seed_forms_fixture, yongde_data_fixture  # noqa: F401

pytestmark = pytest.mark.office

TOOLS = {tool: shutil.which(tool) for tool in ("soffice", "pdftoppm", "pdftotext")}
MISSING = [tool for tool, path in TOOLS.items() if path is None]
needs_office = pytest.mark.skipif(
    bool(MISSING),
    reason=f"needs LibreOffice and poppler (apt: libreoffice-writer poppler-utils), missing {MISSING}",
)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory, seed_forms: list[Form], built) -> dict[str, Path]:
    """Our exports in both layouts (the seed, and a form read back from an independent document)."""
    folder = tmp_path_factory.mktemp("office")
    sources = {
        "seed-single": (seed_forms, "single-cell"),
        "seed-split": (seed_forms, "split-target"),
        "yongde-split": (read_forms(built["yongde"][0]), "split-target"),
    }
    documents = []
    for name, (forms, layout) in sources.items():
        documents.append(folder / f"{name}.docx")
        write_docx(forms, documents[-1], layout=layout)  # type: ignore[arg-type]
    profile = (folder / "profile").as_uri()  # a private LibreOffice profile: no clash with a user's
    result = subprocess.run(
        [TOOLS["soffice"], f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), *map(str, documents)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return {name: folder / f"{name}.pdf" for name in sources}


def _text(pdf: Path) -> str:
    """The PDF's text with all white space removed (poppler keeps a cell's wrapped lines together)."""
    return "".join(
        subprocess.run(
            [TOOLS["pdftotext"], str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )


@needs_office
@pytest.mark.parametrize("name", ["seed-single", "seed-split", "yongde-split"])
def test_export_converts_to_pdf_with_chinese_text(pdfs: dict[str, Path], name: str) -> None:
    text = _text(pdfs[name])
    project = "义务教育营养改善计划专项资金" if name.startswith("yongde") else "公共服务经费"
    labels = ("项目名称", "年初预算数", "年度资金总额", "预期目标", "一级指标", "三级指标", "总分")
    for expected in (project, "项目支出绩效自评表", *labels):
        assert expected in text, f"{expected} missing from {name}.pdf"
    if name.endswith("split"):
        assert "指标性质" in text and "度量单位" in text


@needs_office
def test_first_page_renders_to_png(pdfs: dict[str, Path]) -> None:
    pdf = pdfs["seed-split"]
    prefix = pdf.with_suffix("")
    subprocess.run(
        [TOOLS["pdftoppm"], "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(prefix)], check=True
    )
    (png,) = pdf.parent.glob(f"{prefix.name}-*.png")
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width > height  # A4 landscape


@needs_office
def test_a_long_indicator_table_repeats_its_header_on_every_page(
    tmp_path: Path, seed_forms: list[Form]
) -> None:
    form = seed_forms[0].model_copy(deep=True)
    rows = form.indicators
    form.indicators = [
        rows[i % len(rows)].model_copy(update={"name": f"第{i + 1}项指标", "deviation": "原因说明" * 4})
        for i in range(45)
    ]
    document = tmp_path / "long.docx"
    write_docx([form], document)
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [TOOLS["soffice"], f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(document)],
        capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    pdf = tmp_path / "long.pdf"
    pages = []
    for page in range(1, 30):
        result = subprocess.run(
            [TOOLS["pdftotext"], "-f", str(page), "-l", str(page), str(pdf), "-"],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if result.returncode != 0 or not result.stdout.strip():
            break
        pages.append("".join(result.stdout.split()))
    assert len(pages) >= 3  # header, funds, goal and 45 rows do not fit on two landscape pages
    assert all("三级指标" in text for text in pages), "the indicator header row is missing on a page"
    assert "第45项指标" in pages[-1] and "总分" in pages[-1]
