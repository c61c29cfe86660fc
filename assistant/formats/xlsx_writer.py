"""Writing forms as an Excel workbook in the official layout: one worksheet per form.

The cells, widths and merges are docx_layout's, as in the Word export; the sheet's columns have
a boundary wherever any row has a cell edge. A figure ("2175.9657", "90.10%", "9.01") is written
as a number with the format that shows exactly that text, so the unit can compute with it and
xlsx_reader reads back the same text; anything else (≥154人, a phone number) is written as text.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from pathlib import Path
from typing import IO

from ..form import Form, Layout
from ..rules import RuleSet
from ..vocabulary import HEADER_LABELS, INDICATOR_LABELS
from .docx_layout import Cell, Row, form_tables
from .docx_prepare import prepare_forms
from .xlsx_numbers import display

FONT = "仿宋_GB2312"
TITLE_FONT = "宋体"
BODY_POINTS = 10.5
MM_PER_CHARACTER = 2.0  # an Excel column width unit, roughly, in mm
LINE_POINTS = 14.0
CJK_CHARACTER_MM = 4.2  # a 10.5 pt Chinese character with its spacing, and a margin for wrapping
_NUMBER = re.compile(r"^-?(?:0|[1-9]\d{0,14})(?:\.(\d{1,10}))?(%?)$")
_INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_INVALID_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_HEADER_LABELS = frozenset(HEADER_LABELS.values())


def write_xlsx(
    forms: list[Form],
    path_or_stream: str | Path | IO[bytes],
    *,
    layout: Layout | None = None,
    fill_computed: bool = False,
    rules: RuleSet | str | None = None,
) -> None:
    """Write the forms as they stand (computed values only with fill_computed=True)."""
    from openpyxl import Workbook

    prepared = prepare_forms(forms, layout=layout, fill_computed=fill_computed, rules=rules)
    book = Workbook()
    book.remove(book.active)
    titles: set[str] = set()
    for index, form in enumerate(prepared, 1):
        sheet = book.create_sheet(_sheet_title(form, index, titles))
        _write_form(sheet, form)
    if not prepared:
        book.create_sheet("自评表")
    book.save(path_or_stream if not isinstance(path_or_stream, Path) else str(path_or_stream))


def _sheet_title(form: Form, index: int, used: set[str]) -> str:
    """The project name, as far as a sheet name allows (31 characters, no []:*?/\\), unique."""
    base = _INVALID_SHEET_CHARS.sub("", form.header.project).strip("' ")[:28] or f"自评表{index}"
    title, number = base, 1
    while title.lower() in used:
        number += 1
        title = f"{base[:27]}({number})"
    used.add(title.lower())
    return title


def _write_form(sheet, form: Form) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    tables = form_tables(form, form.layout)
    rows = [row for table in tables for row in table]
    row_edges = [_edges(row) for row in rows]
    grid = sorted({0, *(edge for edges in row_edges for edge in edges)})
    column_of = {edge: index + 1 for index, edge in enumerate(grid)}  # edge → column after it
    last = len(grid) - 1
    for index in range(1, len(grid)):
        width = (grid[index] - grid[index - 1]) / 100 / MM_PER_CHARACTER
        sheet.column_dimensions[get_column_letter(index)].width = round(width, 2)
    top = _title_rows(sheet, form, last)
    open_merges: dict[tuple[int, int], int] = {}  # (first, last column) → first row, vertical merges
    for offset, (row, edges) in enumerate(zip(rows, row_edges, strict=True)):
        number = top + offset
        start, previous = 0, ""
        height = 1
        for cell, end in zip(row, edges, strict=True):
            first, stop = column_of[start], column_of[end] - 1
            _put(sheet, number, first, cell, previous)
            if cell.merge != "continue":  # a cell of its own ends the merges above it
                for key in [k for k in open_merges if k[0] <= stop and first <= k[1]]:
                    _close(sheet, open_merges, key, number - 1)
            if cell.merge == "restart":
                open_merges[(first, stop)] = number
            elif cell.merge is None and stop > first:
                sheet.merge_cells(start_row=number, start_column=first, end_row=number, end_column=stop)
            height = max(height, _lines(cell, (end - start) / 100))
            previous = cell.text if cell.kind == "label" else ""
            start = end
        sheet.row_dimensions[number].height = height * LINE_POINTS + 6
    for key in list(open_merges):
        _close(sheet, open_merges, key, top + len(rows) - 1)
    header = next((top + i for i, row in enumerate(rows) if _is_indicator_header(row)), None)
    if header is not None:
        sheet.print_title_rows = f"{header}:{header}"  # printed again at the top of every page
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def _title_rows(sheet, form: Form, last: int) -> int:
    """The title and the year above the table, each merged across it; the table's first row."""
    from openpyxl.styles import Alignment, Font

    lines = []
    if form.title:
        lines.append((form.title, Font(name=TITLE_FONT, size=18, bold=True)))
    if form.year is not None and str(form.year) not in form.title:
        lines.append((f"（{form.year}年度）", Font(name=FONT, size=14)))
    for number, (text, font) in enumerate(lines, 1):
        cell = sheet.cell(row=number, column=1, value=_clean(text))
        cell.font, cell.alignment = font, Alignment(horizontal="center", vertical="center")
        sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=last)
        sheet.row_dimensions[number].height = 28
    return len(lines) + 1


def _put(sheet, row: int, column: int, cell: Cell, label_before: str) -> None:
    from openpyxl.styles import Alignment, Border, Font, Side

    target = sheet.cell(row=row, column=column)
    if cell.merge != "continue" and cell.text:
        value, number_format = _value(cell, label_before)
        target.value = value
        if isinstance(value, str):
            target.data_type = "s"  # "=100%" is a target, not a formula
        if number_format:
            target.number_format = number_format
    side = Side(style="thin", color="000000")
    target.border = Border(left=side, right=side, top=side, bottom=side)
    target.font = Font(name=FONT, size=BODY_POINTS, bold=cell.kind == "label")
    horizontal = "left" if cell.kind == "text" else "center"
    target.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)


def _value(cell: Cell, label_before: str) -> tuple[object, str]:
    """A figure as a number with the format that shows its text; anything else as text. A header
    value (a phone number) stays text whatever it looks like."""
    text = _clean(cell.text.replace("\r\n", "\n").replace("\r", "\n"))
    match = _NUMBER.match(text)
    if cell.kind != "value" or not match or label_before in _HEADER_LABELS:
        return text, "@" if match else ""
    decimals, percent = len(match.group(1) or ""), bool(match.group(2))
    number = Decimal(text.rstrip("%")) / (100 if percent else 1)
    pattern = "0" + ("." + "0" * decimals if decimals else "") + ("%" if percent else "")
    value = float(number)
    if display(repr(value), 0, pattern) != text:
        return text, "@"  # beyond what a float and its format can show exactly
    return (int(value) if pattern == "0" else value), pattern


def _close(sheet, open_merges: dict[tuple[int, int], int], key: tuple[int, int], end: int) -> None:
    start = open_merges.pop(key, None)
    if start is not None and (end > start or key[1] > key[0]):
        sheet.merge_cells(start_row=start, start_column=key[0], end_row=end, end_column=key[1])


def _edges(row: Row) -> list[int]:
    """Where each cell of the row ends, in hundredths of a mm from the table's left edge."""
    edges, position = [], 0.0
    for cell in row:
        position += cell.width
        edges.append(round(position * 100))
    return edges


def _lines(cell: Cell, width_mm: float) -> int:
    """How many lines the cell's text takes at its width (for the row height; Excel does not fit
    merged cells by itself)."""
    if cell.merge == "continue" or not cell.text:
        return 1
    per_line = max(int((width_mm - 2) / CJK_CHARACTER_MM), 1)
    return sum(max(math.ceil(len(line) / per_line), 1) for line in cell.text.split("\n"))


def _is_indicator_header(row: Row) -> bool:
    return any(cell.kind == "label" and cell.text == INDICATOR_LABELS["level1"] for cell in row)


def _clean(text: str) -> str:
    return _INVALID_TEXT.sub("", text)
