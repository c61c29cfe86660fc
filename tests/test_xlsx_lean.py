"""Cutting a worksheet's empty cells out before parsing changes nothing the reader reads: the same
forms from our writer's workbooks, Excel-style ones (shared strings) and LibreOffice's; a cell
without an address after cut ones is placed as written; a sheet that cannot be cut exactly is not."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from assistant.form import Form
from assistant.formats import xlsx_reader
from assistant.formats.xlsx_lean import without_empty_cells
from assistant.formats.xlsx_reader import read_xlsx_bytes
from assistant.formats.xlsx_writer import write_xlsx
from tests.docx_files import seed_forms_fixture
from tests.docx_hostile import replace_part
from tests.factories import good_form
from tests.office_files import needs_soffice, soffice
from tests.xlsx_builders import with_shared_strings

__all__ = ["seed_forms_fixture"]

SHEET = "xl/worksheets/sheet1.xml"


def _xlsx(forms: list[Form], layout: str | None = None) -> bytes:
    stream = io.BytesIO()
    write_xlsx(forms, stream, layout=layout)  # type: ignore[arg-type]
    return stream.getvalue()


def _sheet(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(SHEET)


def _readings(data: bytes, monkeypatch: pytest.MonkeyPatch) -> tuple[list, list]:
    """(with the cut, without it): every form of the workbook as JSON."""
    lean = [f.model_dump() for f in read_xlsx_bytes(data, "表.xlsx")]
    with monkeypatch.context() as patch:
        patch.setattr(xlsx_reader, "without_empty_cells", lambda xml: xml)
        full = [f.model_dump() for f in read_xlsx_bytes(data, "表.xlsx")]
    return lean, full


def _workbooks(seed_forms: list[Form]) -> dict[str, bytes]:
    books = {
        "seed-single": _xlsx(seed_forms, "single-cell"),
        "seed-split": _xlsx(seed_forms, "split-target"),
        "good": _xlsx([good_form()]),
    }
    books["seed-shared-strings"] = with_shared_strings(books["seed-single"])
    return books


def test_the_same_forms_with_and_without_the_cut(
    seed_forms: list[Form], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, data in _workbooks(seed_forms).items():
        xml = _sheet(data)
        assert without_empty_cells(xml) is not xml, name  # the cut runs on each of them
        lean, full = _readings(data, monkeypatch)
        assert lean == full and full, name


@needs_soffice
def test_the_same_forms_from_a_workbook_libreoffice_saved(
    seed_forms: list[Form], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """LibreOffice saves as Excel does: empty cells as <c r="B3" s="4"/>, strings shared."""
    source = tmp_path / "seed.xlsx"
    source.write_bytes(_workbooks(seed_forms)["seed-single"])
    (saved,) = soffice([source], "xlsx:Calc MS Excel 2007 XML", tmp_path / "out")
    data = saved.read_bytes()
    xml = _sheet(data)
    assert re.search(rb'<c r="[A-Z]+\d+" s="\d+"/>', xml)
    assert without_empty_cells(xml) is not xml
    lean, full = _readings(data, monkeypatch)
    assert lean == full and full


def test_a_cell_without_an_address_after_cut_ones_is_placed_as_written(
    seed_forms: list[Form], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Excel may leave out a cell's address; its column is then counted from the cell before it,
    which may be an empty one the cut would remove. Such a sheet is read uncut."""
    data = _workbooks(seed_forms)["good"]
    xml = _sheet(data)
    empty_then_value = re.compile(rb'(<c r="[A-Z]+\d+" s="\d+" t="n"></c>)<c r="[A-Z]+\d+"( [^>]*><is>)')
    assert empty_then_value.search(xml)
    unaddressed = empty_then_value.sub(rb"\1<c\2", xml)
    edited = replace_part(data, SHEET, unaddressed)
    assert unaddressed.count(b"<c ") > unaddressed.count(b'<c r="')  # some cells have no address now
    lean, full = _readings(edited, monkeypatch)
    assert lean == full == [f.model_dump() for f in read_xlsx_bytes(data, "表.xlsx")]


def test_which_cells_are_cut() -> None:
    head = b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="urn:x"><sheetData><row r="1">'
    tail = b"</row></sheetData></worksheet>"
    cut = [b'<c r="B3" s="4"/>', b'<c r="B3" s="4" t="n"></c>', b'<c r="AB12"/>']
    kept = [b'<c r="B3" s="4" t="s"><v>1</v></c>', b'<c r="B3" s="4"><v>0</v></c>', b'<c s="4"/>',
            b'<c r="B3" s="4" t="inlineStr"><is><t>x</t></is></c>']  # fmt: skip
    for cell in cut:
        assert without_empty_cells(head + cell + tail) == head + tail
    for cell in kept:
        part = head + cell + tail
        assert without_empty_cells(part) is part


def test_a_sheet_with_cdata_or_a_comment_is_not_cut() -> None:
    for inside in (b'<c r="A1" t="inlineStr"><is><t><![CDATA[<c r="B3" s="4"/>]]></t></is></c>', b"<!-- -->"):
        part = b'<?xml version="1.0"?><worksheet><sheetData><row r="1">' + inside
        part += b'<c r="C1" s="1"/></row></sheetData></worksheet>'
        assert without_empty_cells(part) is part
