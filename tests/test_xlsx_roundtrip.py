"""Round trips through .xlsx: what the writer writes, the reader reads back with identical
figures, in both layouts, for the seed's forms, a re-encoded published form and a drafted form;
and the workbook looks like the Word export (merges, numbers as numbers, landscape)."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from assistant.drafting.apply import form_from_brief
from assistant.drafting.brief import load_brief
from assistant.drafting.offline import draft_indicators
from assistant.form import Form
from assistant.formats import read_forms
from assistant.formats.docx_prepare import to_layout
from assistant.formats.docx_reader import read_docx_bytes
from assistant.formats.docx_writer import write_docx
from assistant.formats.xlsx_reader import read_xlsx_bytes
from assistant.formats.xlsx_writer import write_xlsx
from assistant.rules import load_rule_set
from tests.docx_files import seed_forms_fixture, yongde_data_fixture  # noqa: F401
from tests.examples import form_from_example
from tests.factories import EXAMPLES, SEED_TXT
from tests.processes import jixiao

LAYOUTS = ("single-cell", "split-target")


def _dump(forms: list[Form]) -> list[dict]:
    return [form.model_dump() for form in forms]


def _xlsx(forms: list[Form], layout: str | None = None, **options) -> bytes:
    stream = io.BytesIO()
    write_xlsx(forms, stream, layout=layout, **options)  # type: ignore[arg-type]
    return stream.getvalue()


def _through_xlsx(forms: list[Form], layout: str | None = None) -> list[Form]:
    return read_xlsx_bytes(_xlsx(forms, layout), "memory.xlsx")


def _through_docx(forms: list[Form], layout: str | None = None) -> list[Form]:
    stream = io.BytesIO()
    write_docx(forms, stream, layout=layout)  # type: ignore[arg-type]
    return read_docx_bytes(stream.getvalue(), "memory.docx")


def _drafted() -> Form:
    brief = load_brief(EXAMPLES / "brief-公共服务经费.yaml")
    rules = load_rule_set()
    return form_from_brief(brief, draft_indicators(brief, rules), rules)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_seed_forms_survive_excel_in_either_layout(seed_forms: list[Form], layout: str) -> None:
    expected = [to_layout(form, layout) for form in seed_forms]  # type: ignore[arg-type]
    assert _dump(_through_xlsx(seed_forms, layout)) == _dump(expected)


@pytest.mark.parametrize("layout", [None, *LAYOUTS])
def test_a_published_form_and_a_draft_read_the_same_from_excel_as_from_word(
    yongde_data: dict, layout: str | None
) -> None:
    for form in (form_from_example(yongde_data), _drafted()):
        from_excel = _through_xlsx([form], layout)
        assert _dump(from_excel) == _dump(_through_docx([form], layout))
        assert _dump(_through_xlsx(from_excel)) == _dump(from_excel)  # and again: nothing drifts


def test_figures_are_numbers_with_the_format_that_shows_them(seed_forms: list[Form]) -> None:
    sheet = load_workbook(io.BytesIO(_xlsx(seed_forms, fill_computed=True, rules="mof-2020"))).worksheets[0]
    cells = {str(c.value): c for row in sheet.iter_rows() for c in row if c.value is not None}
    budget, rate, score = cells["2175.9657"], cells["0.901"], cells["9.01"]
    assert (budget.data_type, budget.number_format) == ("n", "0.0000")
    assert (rate.data_type, rate.number_format) == ("n", "0.00%")  # 执行率 90.10% as Excel holds it
    assert score.number_format == "0.00"
    phone = next(c for c in cells.values() if c.value == seed_forms[0].header.phone)
    assert phone.data_type == "s"  # a phone number is not a figure


def test_the_sheet_is_laid_out_like_the_word_form(seed_forms: list[Form]) -> None:
    book = load_workbook(io.BytesIO(_xlsx(seed_forms)))
    assert [s.title for s in book.worksheets] == ["公共服务经费", "民生家园建设经费"]  # one sheet per form
    sheet = book.worksheets[0]
    assert sheet["A1"].value == "朝阳区项目支出绩效自评表" and sheet["A2"].value == "（2020年度）"
    merged = {str(r) for r in sheet.merged_cells.ranges}
    labels = {
        str(c.value).replace("\n", ""): c.coordinate for row in sheet.iter_rows() for c in row if c.value
    }
    funds = next(r for r in merged if r.startswith(labels["项目资金（万元）"] + ":"))
    assert int(funds.split(":")[1][1:]) - int(funds.split(":")[0][1:]) == 4  # header + total + 3 sources
    assert sheet.page_setup.orientation == "landscape"
    header_row = int(labels["一级指标"][1:])
    assert sheet.print_title_rows == f"${header_row}:${header_row}"  # repeats on every printed page


def test_convert_writes_xlsx_that_check_reads(tmp_path: Path) -> None:
    out, back = tmp_path / "表.xlsx", tmp_path / "表.json"
    assert jixiao("convert", SEED_TXT, out).returncode == 0
    assert jixiao("convert", out, back).returncode == 0
    assert _dump(read_forms(back)) == _dump(read_forms(SEED_TXT))
    result = jixiao("check", out)
    assert result.returncode == 1 and "FUND-RATE" in result.stdout and "执行率 90.10%" in result.stdout


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="needs LibreOffice (soffice) to open the workbook"
)
def test_libreoffice_opens_the_workbook_and_its_copy_reads_the_same(tmp_path: Path, seed_forms) -> None:
    source = tmp_path / "ours.xlsx"
    source.write_bytes(_xlsx(seed_forms, "split-target"))
    out = tmp_path / "lo"
    profile = (tmp_path / "profile").as_uri()
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "xlsx",
         "--outdir", str(out), str(source)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    # LibreOffice saves shared strings and its own styles: another producer, the same forms
    assert _dump(read_forms(out / "ours.xlsx")) == _dump(_through_xlsx(seed_forms, "split-target"))
