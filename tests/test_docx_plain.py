"""The Word reader's fast path gives exactly the rows of the careful reader, and steps aside for
any table it cannot read the same way; a tracked-deleted row is not part of the form."""

from __future__ import annotations

import copy
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from assistant.formats import docx_reader, read_forms, read_forms_bytes
from assistant.formats.docx_plain import plain_table_rows
from tests.docx_files import built_fixture, docx_dir_fixture, seed_docx_fixture, seed_forms_fixture
from tests.docx_files import yongde_data_fixture as yongde_data_fixture
from tests.docx_hostile import DOCUMENT, MC_NS, W, cell, edited, good_docx, w
from tests.factories import good_form

__all__ = ["built_fixture", "docx_dir_fixture", "seed_docx_fixture", "seed_forms_fixture"]


def _rows(data: bytes, careful: bool, monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """Every item the reader makes of the document: a paragraph, or a row as (text, col, span,
    where the cell's w:tc stands)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read(DOCUMENT))
    for fallback in list(root.iter(f"{{{MC_NS}}}Fallback")):
        fallback.getparent().remove(fallback)
    tree = root.getroottree()
    with monkeypatch.context() as patch:
        if careful:
            patch.setattr(docx_reader, "plain_table_rows", lambda table: None)
        items = docx_reader.document_items(root.find(f"{W}body"))
    return [
        item if isinstance(item, str) else [(c.text, c.col, c.span, tree.getpath(c.origin)) for c in item]
        for item in items
    ]


def _first_cell_paragraph(root: etree._Element) -> etree._Element:
    return cell(root, "年度资金总额", 3).find(f"{W}p")


def _tab_stop(root: etree._Element) -> None:
    """A tab stop in the paragraph's properties is layout, not a tab in the text."""
    paragraph = _first_cell_paragraph(root)
    properties = paragraph.find(f"{W}pPr")
    if properties is None:
        properties = w("pPr")
        paragraph.insert(0, properties)
    properties.append(
        etree.fromstring(f'<w:tabs xmlns:w="{W[1:-1]}"><w:tab w:val="left" w:pos="720"/></w:tabs>')
    )


def _old_span(root: etree._Element) -> None:
    """A tracked property change keeps the cell's former span: not the span it has now."""
    properties = cell(root, "年度资金总额", 3).find(f"{W}tcPr")
    change = etree.SubElement(properties, f"{W}tcPrChange")
    etree.SubElement(etree.SubElement(change, f"{W}tcPr"), f"{W}gridSpan").set(f"{W}val", "5")


def _break_and_tab(root: etree._Element) -> None:
    run = _first_cell_paragraph(root).find(f"{W}r")
    run.append(w("tab"))
    run.append(w("br"))
    text = w("t")
    text.text = "x"
    run.append(text)


def _run_in_unknown_wrapper(root: etree._Element) -> None:
    """A run inside an element the reader does not know is not read, on either path."""
    paragraph = _first_cell_paragraph(root)
    wrapper = etree.SubElement(paragraph, "{urn:example}wrapper")
    run = etree.SubElement(wrapper, f"{W}r")
    etree.SubElement(run, f"{W}t").text = "9"


def _inserted_run(root: etree._Element) -> None:
    paragraph = _first_cell_paragraph(root)
    insertion = etree.SubElement(paragraph, f"{W}ins")
    etree.SubElement(etree.SubElement(insertion, f"{W}r"), f"{W}t").text = ".5"


def _nested_table(root: etree._Element) -> None:
    tc = cell(root, "年度资金总额", 3)
    table = etree.SubElement(tc, f"{W}tbl")
    row = etree.SubElement(table, f"{W}tr")
    inner = etree.SubElement(row, f"{W}tc")
    etree.SubElement(etree.SubElement(etree.SubElement(inner, f"{W}p"), f"{W}r"), f"{W}t").text = "内"
    tc.append(w("p"))


def _deleted_row(root: etree._Element) -> None:
    """A copy of an indicator row, changed and marked as a tracked deletion."""
    tr = next(row for row in root.iter(f"{W}tr") if "覆盖社区数" in "".join(row.itertext()))
    ghost = copy.deepcopy(tr)
    for text in ghost.iter(f"{W}t"):
        text.text = "删除的" + (text.text or "")
    properties = ghost.find(f"{W}trPr")
    if properties is None:
        properties = w("trPr")
        ghost.insert(0, properties)
    properties.append(w("del", id="7", author="审核人"))
    tr.addnext(ghost)


def _deleted_row_careful(root: etree._Element) -> None:
    """The deleted row in a table the careful reader reads (it holds a tracked insertion)."""
    _deleted_row(root)
    _inserted_run(root)


EDITS: dict[str, Callable[[etree._Element], None]] = {
    "tab-stop": _tab_stop,
    "old-span": _old_span,
    "break-and-tab": _break_and_tab,
    "unknown-wrapper": _run_in_unknown_wrapper,
    "inserted-run": _inserted_run,
    "nested-table": _nested_table,
    "deleted-row": _deleted_row,
    "deleted-row-careful": _deleted_row_careful,
}


@pytest.mark.parametrize("case", sorted(EDITS))
def test_fast_and_careful_readers_agree_on_edited_files(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    data = edited(EDITS[case])
    assert _rows(data, False, monkeypatch) == _rows(data, True, monkeypatch)


def test_fast_and_careful_readers_agree_on_real_layouts(
    built: dict, seed_docx: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [path for path, _ in built.values()] + list(seed_docx.values())
    for path in paths:
        data = path.read_bytes()
        assert _rows(data, False, monkeypatch) == _rows(data, True, monkeypatch), path.name


def _table(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(DOCUMENT)).find(f"{W}body/{W}tbl")


@pytest.mark.parametrize(
    ("case", "plain"),
    [("tab-stop", True), ("break-and-tab", True), ("deleted-row", True), ("old-span", False),
     ("deleted-row-careful", False),
     ("unknown-wrapper", False), ("inserted-run", False), ("nested-table", False)],
)  # fmt: skip
def test_the_fast_path_reads_plain_tables_only(case: str, plain: bool) -> None:
    assert (plain_table_rows(_table(edited(EDITS[case]))) is not None) is plain


def test_our_writers_table_takes_the_fast_path() -> None:
    assert plain_table_rows(_table(good_docx())) is not None


def test_unchanged_reading_of_edits_that_carry_no_text() -> None:
    expected = good_form()
    for case in ("tab-stop", "old-span", "unknown-wrapper"):
        form = read_forms_bytes(edited(EDITS[case]), f"{case}.docx")[0]
        assert form.funds.total.executed.text == expected.funds.total.executed.text, case
        assert form.funds.total.full_year_budget.text == expected.funds.total.full_year_budget.text, case


@pytest.mark.parametrize("case", ["deleted-row", "deleted-row-careful"])
def test_a_tracked_deleted_row_is_not_part_of_the_form(case: str, tmp_path: Path) -> None:
    expected = good_form()
    path = tmp_path / f"{case}.docx"
    path.write_bytes(edited(EDITS[case]))
    form = read_forms(path)[0]
    assert [i.name for i in form.indicators] == [i.name for i in expected.indicators]
    assert not any("删除的" in i.name or "删除的" in i.target.text for i in form.indicators)


def test_a_deleted_run_in_a_cell_is_not_read() -> None:
    def edit(root: etree._Element) -> None:
        deletion = etree.SubElement(_first_cell_paragraph(root), f"{W}del")
        run = etree.SubElement(deletion, f"{W}r")
        etree.SubElement(run, f"{W}delText").text = "7"
        etree.SubElement(run, f"{W}t").text = "8"  # a w:t where Word writes w:delText

    form = read_forms_bytes(edited(edit), "deleted.docx")[0]
    assert form.funds.total.executed.text == good_form().funds.total.executed.text


def test_the_fast_path_steps_aside_for_everything_the_careful_reader_looks_through() -> None:
    """A container added to the careful reader must also send its tables to the careful reader."""
    from assistant.formats import docx_plain

    looked_through = docx_reader._WRAPPERS | docx_reader._RUN_CONTAINERS | {docx_reader.RUBY, docx_reader.TBL}
    assert looked_through <= set(docx_plain._NOT_PLAIN)
