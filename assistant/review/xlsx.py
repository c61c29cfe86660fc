"""The batch review report as an Excel workbook, written row by row (openpyxl write-only mode).

Sheets: 表单汇总, 问题明细, 统计, 无法读取的文件 — Chinese headers, frozen header row, column
widths and filters. A table longer than Excel's row limit continues on a sheet "问题明细（2）".
Text that Excel would run as a formula ("=…") is stored as text, never as a formula.
"""

from __future__ import annotations

from decimal import Decimal
from typing import IO, Any

from ..values import round2
from .batch import FileResult
from .tables import (
    FINDING_HEADERS,
    RATE_COLUMN,
    REPORT_TITLE,
    SCORE_COLUMNS,
    SHEET_FINDINGS,
    SHEET_STATS,
    SHEET_SUMMARY,
    SHEET_UNREADABLE,
    SUMMARY_HEADERS,
    UNREADABLE_HEADERS,
    Cell,
    ReviewStats,
    finding_rows,
    summary_cells,
)

REPORT_CREATOR = "jixiao review"  # marks a workbook as ours, so a later run may overwrite it
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_TEXT = 32_000
SUMMARY_WIDTHS = (28, 7, 11, 28, 20, 20, 11, 11, 11, 11, 9, 9, 9, 9, 7, 7, 80)
FINDING_WIDTHS = (28, 7, 28, 24, 22, 7, 40, 80, 28)
UNREADABLE_WIDTHS = (40, 80)
STATS_WIDTHS = (30, 24, 14, 14, 14, 14, 14, 14)
PERCENT_COLUMN = RATE_COLUMN  # 复核执行率, as a fraction with a percent format


class _Table:
    """One logical table written over as many sheets as Excel's row limit needs."""

    def __init__(self, writer: XlsxReportWriter, title: str, headers, widths, max_rows: int):
        self.writer, self.title, self.headers, self.widths = writer, title, headers, widths
        self.max_rows = max_rows
        self.sheets: list[tuple[Any, int]] = []  # (worksheet, rows written including the header)
        self._new_sheet()

    def _new_sheet(self) -> None:
        title = self.title if not self.sheets else f"{self.title}（{len(self.sheets) + 1}）"
        book = self.writer.workbook
        # continuation sheets go right after the previous one
        sheet = book.create_sheet(title, book.index(self.sheets[-1][0]) + 1 if self.sheets else None)
        _set_widths(sheet, self.widths)
        sheet.freeze_panes = "A2"
        sheet.append(self.writer.header_cells(sheet, self.headers))
        self.sheets.append((sheet, 1))

    def append(self, cells: list[Any]) -> None:
        """Plain values are made safe here; prepared cells (number formats) pass through."""
        sheet, rows = self.sheets[-1]
        if rows >= self.max_rows:
            self._new_sheet()
            sheet, rows = self.sheets[-1]
        sheet.append([_value(sheet, cell) for cell in cells])
        self.sheets[-1] = (sheet, rows + 1)

    def finish(self) -> None:
        from openpyxl.utils.cell import get_column_letter

        last_column = get_column_letter(len(self.headers))
        for sheet, rows in self.sheets:
            sheet.auto_filter.ref = f"A1:{last_column}{rows}"


class XlsxReportWriter:
    def __init__(self, target: str | IO[bytes], max_rows: int | None = None):
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font, PatternFill

        self.target = target
        self.workbook = Workbook(write_only=True)
        self.workbook.properties.creator = REPORT_CREATOR
        self.workbook.properties.title = REPORT_TITLE
        self._bold = Font(bold=True)
        self._fill = PatternFill("solid", fgColor="DDEBF7")
        self._center = Alignment(vertical="center", wrap_text=True)
        max_rows = max_rows or EXCEL_MAX_ROWS
        self.summary = _Table(self, SHEET_SUMMARY, SUMMARY_HEADERS, SUMMARY_WIDTHS, max_rows)
        self.findings = _Table(self, SHEET_FINDINGS, FINDING_HEADERS, FINDING_WIDTHS, max_rows)
        self.stats_sheet = self.workbook.create_sheet(SHEET_STATS)
        _set_widths(self.stats_sheet, STATS_WIDTHS)
        self.unreadable = _Table(self, SHEET_UNREADABLE, UNREADABLE_HEADERS, UNREADABLE_WIDTHS, max_rows)

    def header_cells(self, sheet, headers) -> list[Any]:
        from openpyxl.cell import WriteOnlyCell

        cells = []
        for text in headers:
            cell = WriteOnlyCell(sheet, value=text)
            cell.font, cell.fill, cell.alignment = self._bold, self._fill, self._center
            cells.append(cell)
        return cells

    def add(self, result: FileResult) -> None:
        for row in result.forms:
            self.summary.append(self._summary_cells(summary_cells(row)))
            for cells in finding_rows(row):
                self.findings.append(cells)
        if result.problem:
            self.unreadable.append([result.file, result.problem])

    def _summary_cells(self, cells: list[Cell]) -> list[Any]:
        from openpyxl.cell import WriteOnlyCell

        sheet = self.summary.sheets[-1][0]
        values: list[Any] = list(cells)
        rate = cells[PERCENT_COLUMN]
        if isinstance(rate, Decimal):
            percent = WriteOnlyCell(sheet, value=round2(rate) / 100)  # exactly the figure shown
            percent.number_format = "0.00%"
            values[PERCENT_COLUMN] = percent
        for index in SCORE_COLUMNS:
            if isinstance(cells[index], Decimal):
                score = WriteOnlyCell(sheet, value=cells[index])
                score.number_format = "0.00"
                values[index] = score
            elif cells[index] is None:
                values[index] = "无法计算"
        if rate is None:
            values[PERCENT_COLUMN] = "无法计算"
        return values

    def finish(self, stats: ReviewStats) -> None:
        from openpyxl.cell import WriteOnlyCell

        for title, rows in stats.sections():
            heading = WriteOnlyCell(self.stats_sheet, value=title)
            heading.font = self._bold
            self.stats_sheet.append([heading])
            self.stats_sheet.append(self.header_cells(self.stats_sheet, [str(c) for c in rows[0]]))
            for cells in rows[1:]:
                self.stats_sheet.append([_value(self.stats_sheet, cell) for cell in cells])
            self.stats_sheet.append([])
        for table in (self.summary, self.findings, self.unreadable):
            table.finish()
        self.workbook.save(self.target)
        self._saved = True

    def close(self) -> None:
        """After an interruption, end each sheet's stream and remove its temporary file quietly."""
        if getattr(self, "_saved", False):
            return
        for sheet in self.workbook.worksheets:
            try:
                if not sheet.closed:
                    sheet.close()
                if sheet._writer is not None:
                    sheet._writer.cleanup()
            except Exception:  # best effort: the run is already failing for another reason
                continue


def _set_widths(sheet, widths) -> None:
    from openpyxl.utils.cell import get_column_letter

    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _value(sheet, cell: Cell) -> Any:
    """A cell value Excel stores as written: no formulas, no characters XML forbids, not too long."""
    if not isinstance(cell, str):
        return cell
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = ILLEGAL_CHARACTERS_RE.sub("", cell)
    if len(text) > EXCEL_MAX_TEXT:
        text = text[:EXCEL_MAX_TEXT] + "…（已截断）"
    if not text.startswith("="):
        return text
    literal = WriteOnlyCell(sheet, value=text)  # openpyxl would store "=…" as a formula
    literal.data_type = "s"
    return literal
