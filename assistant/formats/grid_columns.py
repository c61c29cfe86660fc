"""Matching the cells of a data row to the columns its header names, by grid position.

Word tables merge cells freely: a header label may span two grid columns ("三级指标" over
"指标1：" and the name), a data cell may span three ("有效" across 指标性质/指标值/度量单位), a
row may start late (gridBefore). Each data cell goes to the ONE column it overlaps most, so no
text is copied into two fields (none invented) and a cell under no label is noticed (none lost).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Protocol

from ..values import compact
from ..values.text import BLANK_MARKS


class GridError(ValueError):
    """A table whose cells cannot be matched to its labels; `str()` is the Chinese reason."""


class Cell(Protocol):
    text: str
    col: int
    span: int


Columns = dict[str, range]
Labels = tuple[tuple[str, tuple[str, ...]], ...]


def strip_suffix(key: str) -> str:
    """ "全年预算数（A）", "产出指标（50分）" → the label without its bracketed suffix."""
    return re.sub(r"[（(][^）)]*[)）]$", "", key)


@lru_cache(maxsize=8192)
def label_field(key: str, columns: Labels) -> str | None:
    bare = strip_suffix(key)
    for name, labels in columns:
        if any(bare.startswith(label) for label in labels):
            return name
    return None


def header_columns(cells: Iterable[Cell], field_of: Callable[[Cell], str | None]) -> Columns:
    """Field name → the grid columns its header label covers (the first label of a field wins)."""
    columns: Columns = {}
    for cell in cells:
        name = field_of(cell)
        if name and name not in columns:
            columns[name] = range(cell.col, cell.col + cell.span)
    return columns


def narrow(columns: Columns, name: str, others: Sequence[str]) -> None:
    """Take the columns of `others` out of `name`'s range ("年度指标值" over 性质/值/单位)."""
    if name not in columns:
        return
    taken = {col for other in others if other in columns for col in columns[other]}
    left = [col for col in columns[name] if col not in taken]
    if left and len(left) < len(columns[name]):
        columns[name] = range(left[0], left[-1] + 1)


class Matcher:
    """Assigns the cells of rows to the columns of one header (built once per table)."""

    def __init__(self, columns: Columns, priority: Sequence[str]) -> None:
        self.rank = {name: index for index, name in enumerate(priority)}
        self.owner: dict[int, list[str]] = {}  # grid column → the fields whose label covers it
        self.best_of: dict[tuple[int, int], str | None] = {}  # (col, span) → its field, or None
        for name, cols in columns.items():
            for col in cols:
                self.owner.setdefault(col, []).append(name)

    def assign(self, row: Iterable[Cell]) -> tuple[dict[str, list], list]:
        """Each cell to the column it overlaps most (ties: earlier in priority); the rest are strays."""
        assigned: dict[str, list] = {}
        strays: list = []
        best_of = self.best_of
        for cell in row:
            where = (cell.col, cell.span)
            best = best_of[where] if where in best_of else self._best(where)
            if best is None:
                strays.append(cell)
            else:
                assigned.setdefault(best, []).append(cell)
        return assigned, strays

    def _best(self, where: tuple[int, int]) -> str | None:
        """The field a cell at (col, span) goes to, worked out once per table for each."""
        overlap: dict[str, int] = {}
        for col in range(where[0], where[0] + where[1]):
            for name in self.owner.get(col, ()):
                overlap[name] = overlap.get(name, 0) + 1
        best = max(overlap, key=lambda name: (overlap[name], -self.rank.get(name, 99))) if overlap else None
        self.best_of[where] = best
        return best


def assign(row: Iterable[Cell], columns: Columns, priority: Sequence[str]) -> tuple[dict[str, list], list]:
    """One row at a time (see Matcher)."""
    return Matcher(columns, priority).assign(row)


def joined(cells: Iterable[Cell]) -> str:
    """The text of the cells under one label, in order; several non-empty cells on separate lines."""
    if cells.__class__ is list and len(cells) == 1:  # almost always: one cell under the label
        return cells[0].text.strip()  # type: ignore[index]
    return "\n".join(text for cell in cells if (text := cell.text.strip()))


class GridCell:
    """One table cell: its text and the grid columns it covers (immutable by convention).

    A plain slotted class, not a dataclass: a form has a couple of hundred cells and building
    them was a visible part of reading a Word file. It compares and hashes as the dataclass did:
    by text, col and span, never by origin or key."""

    __slots__ = ("blank", "col", "key", "origin", "span", "text")

    text: str
    col: int  # first grid column the cell covers
    span: int
    # Where the cell came from (the w:tc element when read from Word), for anchoring comments on it
    # (assistant/review/annotate.py); never compared, never shown.
    origin: object
    # The text as a label: no spaces or line breaks, no trailing colon (computed once; the
    # reader compares every cell against many labels).
    key: str
    blank: bool  # values.is_blank(text), asked of every cell several times

    def __init__(self, text: str, col: int, span: int = 1, origin: object = None) -> None:
        self.text = text
        self.col = col
        self.span = span
        self.origin = origin
        compacted = compact(text)
        self.key = compacted.rstrip(":：")
        self.blank = compacted in BLANK_MARKS

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not GridCell:
            return NotImplemented
        return (self.text, self.col, self.span) == (other.text, other.col, other.span)  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((self.text, self.col, self.span))

    def __repr__(self) -> str:
        return f"GridCell(text={self.text!r}, col={self.col!r}, span={self.span!r})"

    def covers(self, col: int) -> bool:
        return self.col <= col < self.col + self.span


class Row(list[GridCell]):
    """A table row's cells, with their label keys joined once: "\n" + key for each cell ("\n" is
    never in a key: compact() removes every space). Whether a row holds a cell labelled X is then
    one substring search in C for "\nX", not a scan of the cells; the grid reader asks that of
    every row a dozen times. A row is not changed once it is built."""

    __slots__ = ("keys",)

    def __init__(self, cells: Iterable[GridCell] = ()) -> None:
        super().__init__(cells)
        self.keys = "".join(["\n" + cell.key for cell in self])


def row_keys(row: list[GridCell]) -> str:
    """The row's joined keys (a plain list of cells, from a test or a caller: worked out now)."""
    return row.keys if row.__class__ is Row else Row(row).keys  # type: ignore[attr-defined]


Item = str | Row  # a paragraph, or a table row


def row_from_texts(texts: Sequence[str]) -> Row:
    """A row whose cells each take one grid column (text copied out of Word)."""
    return Row(GridCell(text, index) for index, text in enumerate(texts))
