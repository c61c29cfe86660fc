"""A worksheet without its empty cells, before it is parsed.

A form's sheet draws its borders with styled cells that hold nothing ("<c r="B3" s="4"/>", or
"<c r="B3" s="4" t="n"></c>" as openpyxl writes them): two of three cells of a form, and of a
template thousands. A cell with no value is never read; where it stands matters only to a following
cell without an address of its own (xlsx_reader._cell_texts), which the reader notices, parsing
the sheet uncut then. The cut is exact under the conditions of docx_lean.cuttable (UTF-8, no
comment, CDATA or processing instruction), where "<c r=" can only begin a cell's tag.
"""

from __future__ import annotations

import re

from .docx_lean import cuttable

_EMPTY_CELL = re.compile(rb'<c r="[A-Za-z]{1,3}[0-9]{1,7}"(?: s="[0-9]{1,5}")?(?: t="n")?(?:/>|></c>)')


def without_empty_cells(xml: bytes) -> bytes:
    """The sheet with every addressed cell that holds nothing cut out, or the sheet itself (the
    same object) when it cannot be cut exactly or has none."""
    if not cuttable(xml):
        return xml
    lean = _EMPTY_CELL.sub(b"", xml)
    return xml if len(lean) == len(xml) else lean
