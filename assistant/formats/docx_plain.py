"""The fast path of the Word reader: a table whose cells hold only paragraphs of runs, read in one
pass of lxml's C iterator instead of a Python walk of every level.

Almost every form is such a table, and walking it level by level in Python cost several times
the XML parse itself. Here one `iterdescendants` call yields just the elements that matter, in
document order, and a comparison of each one's parent with the row, cell or paragraph being read
proves that it stands where the careful reader in docx_reader.py would look for it:
w:tr/w:tc/w:p/w:r/w:t and so on. When
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
TR, TR_PR, TC, TC_PR, P, R, T = (f"{W}{tag}" for tag in ("tr", "trPr", "tc", "tcPr", "p", "r", "t"))
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
# The elements the loop below reads, in document order; it tells them apart by comparing the tag with
# each in turn, most frequent first (cheaper than hashing the 60-character tag for a dict look-up).
_WANTED = (T, P, TC, GRID_SPAN, V_MERGE, H_MERGE, TR, TR_PR, TAB, BR, CR, NO_BREAK_HYPHEN)
_BREAKS = {TAB: "\t", BR: "\n", CR: "\n", NO_BREAK_HYPHEN: "-"}


def int_attribute(element: etree._Element | None, default: int) -> int:
    """An element's w:val as an integer (w:gridSpan, w:gridBefore); the default when absent or bad."""
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
    # The row, cell and paragraph being read (each proven to stand in the one before), and what
    # the cell has so far.
    tr = tc = paragraph = None
    pieces: list[str] = []
    span, v_merge, h_merge = 1, None, None
    col = 0
    tr_count = 0
    spans: dict[str | None, int] = {}

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

    # Each wanted element must stand where the careful reader looks for it (w:tr/w:tc/w:p/w:r/w:t,
    # w:tr/w:tc/w:tcPr/w:gridSpan and so on): one met anywhere else (in a text box, a revision,
    # a tracked property change) makes the table not plain. Its parent is compared by identity
    # with the row, cell or paragraph being read: lxml gives one proxy per node while it lives,
    # and in document order the last w:p met is the only one a placed run can stand in.
    for node in table.iterdescendants(*_WANTED):
        tag = node.tag
        if tag == T:
            parent = node.getparent()
            if parent.getparent() is not paragraph or parent.tag != R:
                return None
            pieces.append(node.text or "")
            continue
        if tag == P:
            if tc is None or node.getparent() is not tc:
                return None
            if paragraph is not None:  # the cell's paragraphs, one line each
                pieces.append("\n")
            paragraph = node
        elif tag == TC:
            if tr is None or node.getparent() is not tr:
                return None
            if tc is not None and not close_cell():
                return None
            tc, pieces, paragraph = node, [], None
            span, v_merge, h_merge = 1, None, None
        elif tag == TR:
            if node.getparent() is not table:
                return None
            if tc is not None and not close_cell():
                return None
            if row is not None and not deleted:
                rows.append(row)
            tr_count += 1
            if tr_count > MAX_ROWS:
                return None
            row, deleted, tr, tc, paragraph, col = [], False, node, None, None, 0
        elif tag == TR_PR:
            if tr is None or node.getparent() is not tr:
                return None
            if tc is not None and not close_cell():
                return None
            tc = paragraph = None
            col = max(int_attribute(node.find(GRID_BEFORE), 0), 0)
            if col > MAX_COLUMNS:
                return None
            deleted = deleted or node.find(DEL) is not None
        elif tag in (GRID_SPAN, V_MERGE, H_MERGE):  # a property of the cell being read
            parent = node.getparent()
            if tc is None or parent.getparent() is not tc or parent.tag != TC_PR:
                return None
            if tag == GRID_SPAN:
                value = node.get(VAL)
                if value not in spans:  # a table repeats a few spans: each is read once
                    spans[value] = max(int_attribute(node, 1), 1)
                span = spans[value]
            elif tag == V_MERGE:
                v_merge = node.get(VAL, "continue")
            else:
                h_merge = node.get(VAL, "continue")
        else:  # a run's w:tab, w:br, w:cr or w:noBreakHyphen (not a tab stop of the paragraph's)
            parent = node.getparent()
            if parent.tag == R and parent.getparent() is paragraph:
                pieces.append(_BREAKS[tag])
    if tc is not None and not close_cell():
        return None
    if row is not None and not deleted:
        rows.append(row)
    return rows
