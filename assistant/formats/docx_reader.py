"""Reading the forms out of a .docx: paragraphs and table rows in document order, then grid.py.

The zip and word/document.xml are read directly with lxml, not through python-docx's object
model: it is several times cheaper (the speed target in README's benchmarks is "no slower than a
bare docx.Document()"), and raw XML shows what we need: each w:tc once, with its gridSpan, vMerge and
the row's gridBefore, so merged cells are never duplicated.

Before parsing, the run and paragraph properties (half the bytes, never read) are cut out of the
part where that is exact (docx_lean.py). A table of plain cells (almost every form) is read by
docx_plain.py in one pass of lxml's C iterator; `table_rows` below is the careful reader for
everything else, and the reference the fast path must agree with. Tracked-deleted rows
(w:trPr/w:del) are skipped by both.
"""

from __future__ import annotations

from lxml import etree

from ..form import Form
from .docx_lean import parse_cut, without_properties
from .docx_plain import (
    BR,
    CR,
    DEL,
    GRID_BEFORE,
    GRID_SPAN,
    H_MERGE,
    NO_BREAK_HYPHEN,
    TAB,
    TC,
    TC_PR,
    TR,
    TR_PR,
    V_MERGE,
    VAL,
    P,
    R,
    T,
    W,
    int_attribute,
    plain_table_rows,
)
from .docx_safety import (
    DOCUMENT_PART,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_TABLES,
    open_docx,
    parse_xml,
    read_part,
)
from .errors import FormReadError
from .grid import GridCell, GridError, Item, Row, forms_in

MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
TBL, TXBX_CONTENT = f"{W}tbl", f"{W}txbxContent"
_CELL_PARTS = (P, TC_PR, TBL)  # what table_rows reads in a w:tc
# Containers whose children are paragraphs, tables, rows or cells in their own right.
_WRAPPERS = frozenset(f"{W}{tag}" for tag in ("sdt", "sdtContent", "customXml", "ins", "smartTag"))


def read_docx_bytes(data: bytes, name: str) -> list[Form]:
    """Every form in the document, in order; FormReadError (Chinese) when there is none."""
    root = document_root(data, name)
    body = root.find(f"{W}body")
    if body is None:
        raise FormReadError(f"{name}：文档没有正文内容")
    try:
        items = document_items(body)
    except GridError as exc:
        raise FormReadError(f"{name}：{exc}") from exc
    return forms_in(items, name, "文档中没有表格，找不到自评表（自评表应为 Word 表格）", strict=True)


def document_root(data: bytes, name: str) -> etree._Element:
    """word/document.xml parsed, without the formatting no reader looks at (docx_lean.py) and
    without mc:Fallback copies."""
    xml = read_part(open_docx(data, name), DOCUMENT_PART, name)
    root = parse_cut(xml, without_properties(xml), lambda part: parse_xml(part, name))
    if root is None:
        root = parse_xml(xml, name)
    for fallback in list(root.iter(MC_FALLBACK)):  # the same content as its mc:Choice, written twice
        fallback.getparent().remove(fallback)
    return root


def document_items(container: etree._Element) -> list[Item]:
    """Paragraphs outside tables as str, every table row (nested tables too) as a Row.

    GridError (Chinese, naming the table) when a table is beyond the bounds above."""
    items: list[Item] = []
    tables = [0]  # tables seen so far, in document order
    for child in _blocks(container):
        if child.tag == P:
            text = paragraph_text(child).strip()
            if text:
                items.append(text)
            items.extend(_text_box_lines(child))
        elif child.tag == TBL:
            items.extend(table_rows(child, tables))
    return items


def _text_box_lines(paragraph: etree._Element) -> list[str]:
    """Outside tables, a text box's paragraphs are lines of their own (a title or "单位：万元" is
    sometimes drawn in one); inside a cell they are not the cell's text (see paragraph_text)."""
    lines = []
    for box in paragraph.iter(TXBX_CONTENT):
        for block in _blocks(box):
            if block.tag == P and (text := paragraph_text(block).strip()):
                lines.append(text)
    return lines


def _blocks(element: etree._Element, tags: tuple[str, ...] | None = None):
    """Children, looking through content controls and tracked insertions; with `tags`, only the
    children with those tags (and the wrappers, looked through), filtered by lxml in C."""
    children = element.iterchildren(*tags, *_WRAPPERS) if tags else element
    for child in children:
        if child.tag in _WRAPPERS:
            yield from _blocks(child, tags)
        else:
            yield child


def table_rows(table: etree._Element, tables: list[int] | None = None) -> list[Row]:
    """Each w:tr as grid cells; a nested table's rows follow the row that holds it; a row marked
    as a tracked deletion is left out (with any table nested in it)."""
    tables = tables if tables is not None else [0]
    tables[0] += 1
    number = tables[0]
    if number > MAX_TABLES:
        raise GridError(
            f"第 {number} 个表格：文档中的表格超过 {MAX_TABLES} 个的上限，疑似恶意构造的文件，已拒绝读取"
        )
    plain = plain_table_rows(table)
    if plain is not None:
        return plain
    rows: list[Row] = []
    own_rows = 0
    for tr in _blocks(table, (TR,)):
        if tr.tag != TR:
            continue
        own_rows += 1
        if own_rows > MAX_ROWS:
            raise GridError(f"第 {number} 个表格超过 {MAX_ROWS} 行的上限，疑似恶意构造的文件，已拒绝读取")
        row: Row = []
        nested: list[Row] = []
        col = 0
        deleted = False
        for tc in _blocks(tr, (TR_PR, TC)):
            if tc.tag == TR_PR:
                col = max(int_attribute(tc.find(GRID_BEFORE), 0), 0)
                _check_columns(col, number, own_rows)
                deleted = deleted or tc.find(DEL) is not None
                continue
            if tc.tag != TC:
                continue
            span, v_merge, h_merge = 1, None, None
            texts: list[str] = []
            for block in _blocks(tc, _CELL_PARTS):
                tag = block.tag
                if tag == P:
                    texts.append(paragraph_text(block))
                elif tag == TC_PR:
                    for prop in block:
                        if prop.tag == GRID_SPAN:
                            span = max(int_attribute(prop, 1), 1)
                        elif prop.tag == V_MERGE:
                            v_merge = prop.get(VAL, "continue")
                        elif prop.tag == H_MERGE:
                            h_merge = prop.get(VAL, "continue")
                elif tag == TBL:
                    nested.extend(table_rows(block, tables))
            _check_columns(col + span, number, own_rows)
            if h_merge == "continue" and row:
                last = row[-1]  # legacy horizontal merge: this cell continues the one before
                row[-1] = GridCell(last.text, last.col, last.span + span, last.origin)
            else:
                text = "" if v_merge == "continue" else "\n".join(texts).strip()
                row.append(GridCell(text, col, span, tc))
            col += span
        if not deleted:  # a tracked deletion: the row is no longer part of the form
            rows.append(row)
            rows.extend(nested)
    return rows


def _check_columns(columns: int, table: int, row: int) -> None:
    if columns > MAX_COLUMNS:
        raise GridError(
            f"第 {table} 个表格第 {row} 行超过 {MAX_COLUMNS} 列的上限（合并单元格或单元格数异常），"
            "疑似恶意构造的文件，已拒绝读取"
        )


# Elements inside a paragraph whose runs are the paragraph's text; anything else (w:del and
# w:moveFrom revisions, bookmarks, comment ranges) is not.
_RUN_CONTAINERS = frozenset(
    f"{W}{tag}"
    for tag in (
        "ins",
        "moveTo",
        "hyperlink",
        "smartTag",
        "sdt",
        "sdtContent",
        "customXml",
        "fldSimple",
        "dir",
        "bdo",
    )
)
RUBY, RUBY_BASE = f"{W}ruby", f"{W}rubyBase"
_RUN_PARTS = (T, TAB, BR, CR, NO_BREAK_HYPHEN, RUBY)  # a run's children that paragraph_text reads


def paragraph_text(paragraph: etree._Element) -> str:
    """The paragraph's own runs: w:t, w:br and w:cr as a line break, w:tab as a tab.

    Only the run's direct children count, so a text box (w:txbxContent inside w:drawing, w:pict or
    mc:AlternateContent) anchored in the paragraph is not glued onto its text; footnote, endnote
    and comment references carry no text; deleted revisions are w:delText inside w:del, skipped."""
    parts: list[str] = []
    _run_texts(paragraph, parts)
    return "".join(parts)


def _run_texts(container: etree._Element, parts: list[str]) -> None:
    # iterchildren(tags) lets lxml skip property, bookmark and proofing elements in C.
    for child in container.iterchildren(R, *_RUN_CONTAINERS):
        tag = child.tag
        if tag == R:
            for node in child.iterchildren(*_RUN_PARTS):
                kind = node.tag
                if kind == T:
                    parts.append(node.text or "")
                elif kind == TAB:
                    parts.append("\t")
                elif kind in (BR, CR):
                    parts.append("\n")
                elif kind == NO_BREAK_HYPHEN:
                    parts.append("-")
                elif kind == RUBY:
                    base = node.find(RUBY_BASE)
                    if base is not None:
                        _run_texts(base, parts)
        elif tag in _RUN_CONTAINERS:
            _run_texts(child, parts)
