"""Plain text copied out of Word: each cell on its own line after a tab, rows separated by a
blank line, lines without a tab continuing the cell above (or standing alone as paragraphs)."""

from __future__ import annotations

from .grid import Item, row_from_texts


def parse_items(text: str) -> list[Item]:
    items: list[Item] = []
    row: list[str] | None = None
    in_cell = False
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.startswith("\t"):
            if row is None:
                row = []
            row.append(line[1:].rstrip())
            in_cell = True
        elif not line.strip():
            if row is not None:
                items.append(row_from_texts(row))
            row, in_cell = None, False
        elif in_cell and row:
            row[-1] = f"{row[-1]}\n{line.rstrip()}"
        else:
            items.append(line.strip())
    if row is not None:
        items.append(row_from_texts(row))
    return items
