"""Cell addresses of a worksheet ("B3", "$A$1:C2") as numbers, memoized: every form repeats
A1 … U40, and a sheet names each cell's address and each merged range's."""

from __future__ import annotations

import re
from functools import lru_cache

from .grid_columns import GridError

_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


@lru_cache(maxsize=16384)
def cell_position(ref: str) -> tuple[int, int]:
    """(row, column) of a cell's address; GridError (Chinese) when it is not one."""
    match = _REF.match(ref)
    if not match:
        raise GridError(f"单元格位置“{ref[:20]}”无效，文件可能已损坏")
    return int(match.group(2)), _column(match.group(1))


def range_bounds(ref: str) -> tuple[int, int, int, int] | None:
    """(top, left, bottom, right) of a range's address ("A1:C2"); None when it is not one. Memoized
    for addresses of a sane length only: a file's garbage must not stay in the memo."""
    return _range_of(ref) if len(ref) <= 25 else None  # "$XFD$1048576:$XFD$1048576"


@lru_cache(maxsize=16384)
def _range_of(ref: str) -> tuple[int, int, int, int] | None:
    first, _, last = ref.partition(":")
    a, b = _REF.match(first), _REF.match(last or first)
    if not a or not b:
        return None
    top, bottom = sorted((int(a.group(2)), int(b.group(2))))
    left, right = sorted((_column(a.group(1)), _column(b.group(1))))
    return top, left, bottom, right


@lru_cache(maxsize=1024)
def _column(letters: str) -> int:
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number
