"""The fast path of the Word reader: a table whose cells hold only paragraphs of runs, read in one
pass of lxml's C iterator instead of a Python walk of every level.

Almost every form is such a table, and walking it level by level in Python cost several times
the XML parse itself. Here one `iterdescendants` call yields just the elements that matter, in
document order, and one XPath (counts only, evaluated in C) proves that each of them stands where
the careful reader in docx_reader.py would look for it: w:tr/w:tc/w:p/w:r/w:t and so on. When
anything else is in the table (content controls, tracked insertions, hyperlinks, ruby, nested
tables, text boxes, elements in unexpected places) or a bound is crossed, this returns None and
the careful reader reads the table; the two give the same rows (tests/test_docx_plain.py).
"""

from __future__ import annotations

from lxml import etree

from .docx_safety import MAX_COLUMNS, MAX_ROWS
from .grid_columns import GridCell, Row

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
TR, TR_PR, TC, P, R, T = (f"{W}{tag}" for tag in ("tr", "trPr", "tc", "p", "r", "t"))
TAB, BR, CR, NO_BREAK_HYPHEN = f"{W}tab", f"{W}br", f"{W}cr", f"{W}noBreakHyphen"
GRID_SPAN, V_MERGE, H_MERGE = f"{W}gridSpan", f"{W}vMerge", f"{W}hMerge"
GRID_BEFORE, DEL, VAL = f"{W}gridBefore", f"{W}del", f"{W}val"

# Elements the careful reader looks through (block wrappers, run containers, ruby) and nested
# tables: a table holding any of them is not plain.
_NOT_PLAIN = tuple(
    f"{W}{tag}"
    for tag in (
        "tbl",
        "sdt",
        "sdtContent",
        "customXml",
        "ins",
        "smartTag",
        "moveTo",
        "hyperlink",
        "fldSimple",
        "dir",
        "bdo",
        "ruby",
    )
)
_WANTED = (TR, TR_PR, TC, GRID_SPAN, V_MERGE, H_MERGE, P, R, T, TAB, BR, CR, NO_BREAK_HYPHEN)
_BREAKS = {TAB: "\t", BR: "\n", CR: "\n", NO_BREAK_HYPHEN: "-"}

# How many of each wanted element stand where the careful reader reads them, in the order of
# `_counted` below; if the iterator met more, some stand elsewhere (in a text box, a revision, a
# tracked property change) and the table is not plain.
_PLACED = etree.XPath(
    "concat(count(w:tr), ' ', count(w:tr/w:trPr), ' ', count(w:tr/w:tc), ' ',"
    " count(w:tr/w:tc/w:tcPr/w:gridSpan) + count(w:tr/w:tc/w:tcPr/w:vMerge)"
    " + count(w:tr/w:tc/w:tcPr/w:hMerge),"
    " ' ', count(w:tr/w:tc/w:p), ' ', count(w:tr/w:tc/w:p/w:r), ' ', count(w:tr/w:tc/w:p/w:r/w:t))",
    namespaces={"w": W_NS},
)


def _number(element: etree._Element | None, default: int) -> int:
    if element is None:
        return default
    try:
        return int(element.get(VAL, default))
    except ValueError:
        return default


def plain_table_rows(table: etree._Element) -> list[Row] | None:
    """The table's rows as the careful reader would give them, or None when the table is not
    plain or crosses a bound (the careful reader then reads it, and says which bound)."""
    if next(table.iterdescendants(*_NOT_PLAIN), None) is not None:
        return None
    rows: list[Row] = []
    row: Row | None = None
    deleted = False
    tc = None  # the cell being read, and what it has so far
    pieces: list[str] = []
    span, v_merge, h_merge = 1, None, None
    paragraphs = 0
    col = 0
    n_tr = n_tr_pr = n_tc = n_props = n_p = n_r = n_t = 0

    def close_cell() -> bool:
        nonlocal col
        if row is None or col + span > MAX_COLUMNS:
            return False
        if h_merge == "continue" and row:
            last = row[-1]
            row[-1] = GridCell(last.text, last.col, last.span + span, last.origin)
        else:
            text = "" if v_merge == "continue" else "".join(pieces).strip()
            row.append(GridCell(text, col, span, tc))
        col += span
        return True

    for node in table.iterdescendants(*_WANTED):
        tag = node.tag
        if tag == T:
            n_t += 1
            pieces.append(node.text or "")
        elif tag == R:
            n_r += 1
        elif tag == P:
            n_p += 1
            if paragraphs:
                pieces.append("\n")
            paragraphs += 1
        elif tag == TC:
            n_tc += 1
            if tc is not None and not close_cell():
                return None
            tc, pieces, paragraphs = node, [], 0
            span, v_merge, h_merge = 1, None, None
        elif tag == GRID_SPAN:
            n_props += 1
            span = max(_number(node, 1), 1)
        elif tag == V_MERGE:
            n_props += 1
            v_merge = node.get(VAL, "continue")
        elif tag == H_MERGE:
            n_props += 1
            h_merge = node.get(VAL, "continue")
        elif tag == TR:
            n_tr += 1
            if tc is not None and not close_cell():
                return None
            if row is not None and not deleted:
                rows.append(row)
            if n_tr > MAX_ROWS:
                return None
            row, deleted, tc, col = [], False, None, 0
        elif tag == TR_PR:
            n_tr_pr += 1
            if tc is not None and not close_cell():
                return None
            tc = None
            col = max(_number(node.find(GRID_BEFORE), 0), 0)
            if col > MAX_COLUMNS:
                return None
            deleted = deleted or node.find(DEL) is not None
        elif node.getparent().tag == R:  # w:tab, w:br, w:cr, w:noBreakHyphen of a run
            pieces.append(_BREAKS[tag])
    if tc is not None and not close_cell():
        return None
    if row is not None and not deleted:
        rows.append(row)
    counted = f"{n_tr} {n_tr_pr} {n_tc} {n_props} {n_p} {n_r} {n_t}"
    return rows if _PLACED(table) == counted else None
