"""Plain text copied out of Word: each cell on its own line after a tab, rows separated by a
blank line, lines without a tab continuing the cell above (or standing alone as paragraphs).

A text file is untrusted like a Word file: its geometry has the Word reader's bounds (cells per
row, rows per table, tables per file, from docx_safety), and its lines are bounded too, so that
no file costs more time or memory than a few hundred forms would. A table is a run of rows with
no paragraph line between them.
"""

from __future__ import annotations

from collections.abc import Iterator

from .docx_safety import MAX_COLUMNS, MAX_ROWS, MAX_TABLES
from .grid import GridError, Item, row_from_texts

# A form copied out of Word takes about 370 lines and its longest line (a goal) a few thousand
# characters: these bounds leave room for hundreds of forms and any real cell.
MAX_LINES = 200_000
MAX_LINE_CHARS = 20_000

_REFUSED = "疑似恶意构造的文件，已拒绝读取"


def _lines(text: str) -> Iterator[str]:
    """text.split("\\n") one line at a time, so that no list of every line is built."""
    start = 0
    while (end := text.find("\n", start)) != -1:
        yield text[start:end]
        start = end + 1
    yield text[start:]


def parse_items(text: str) -> list[Item]:
    """Paragraphs as str, rows as grid rows; GridError (Chinese, naming the line) past a bound."""
    items: list[Item] = []
    row: list[list[str]] | None = None  # each cell's lines, joined when the row ends
    in_cell = False
    tables = rows = 0  # tables so far; rows in the current table (0: the last item is a paragraph)

    def close_row() -> None:
        items.append(row_from_texts(["\n".join(lines) for lines in row or []]))

    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for number, line in enumerate(_lines(text), 1):
        if number > MAX_LINES:
            raise GridError(f"文件超过 {MAX_LINES} 行的上限，{_REFUSED}")
        if len(line) > MAX_LINE_CHARS:
            raise GridError(f"第 {number} 行超过 {MAX_LINE_CHARS} 个字符的上限，{_REFUSED}")
        if line.startswith("\t"):
            if row is None:
                row = []
                rows, tables = _count_row(rows, tables, number)
            if len(row) >= MAX_COLUMNS:
                where = f"第 {tables} 个表格第 {rows} 行（文件第 {number} 行）"
                raise GridError(f"{where}超过 {MAX_COLUMNS} 格的上限，{_REFUSED}")
            row.append([line[1:].rstrip()])
            in_cell = True
        elif not line.strip():
            if row is not None:
                close_row()
            row, in_cell = None, False
        elif in_cell and row:
            row[-1].append(line.rstrip())
        else:
            items.append(line.strip())
            rows = 0
    if row is not None:
        close_row()
    return items


def _count_row(rows: int, tables: int, line: int) -> tuple[int, int]:
    """A new row: the first of a new table after a paragraph line (or at the start)."""
    if rows == 0:
        tables += 1
        if tables > MAX_TABLES:
            raise GridError(f"第 {line} 行：文件中的表格超过 {MAX_TABLES} 个的上限，{_REFUSED}")
    rows += 1
    if rows > MAX_ROWS:
        raise GridError(f"第 {tables} 个表格（文件第 {line} 行）超过 {MAX_ROWS} 行的上限，{_REFUSED}")
    return rows, tables
