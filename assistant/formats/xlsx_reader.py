"""Reading the forms out of an .xlsx: each worksheet as rows of grid cells, then grid.py.

The same label-driven reader as for Word: a sheet becomes the Rows a Word table would give (a
merged range is one cell spanning its columns, blank in the rows it covers below, as gridSpan and
vMerge are), and build_forms finds the forms by their labels, one sheet at a time.

The zip and its XML parts are read directly with lxml after docx_safety's checks, not through
openpyxl (which writes our .xlsx): openpyxl's read-only mode does not report merged cells, and
loading a workbook fully costs several times a whole .docx read, while reading an .xlsx form must
cost no more than reading the same form as .docx (bench/bench_xlsx.py).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree

from ..form import Form
from .docx_lean import parse_cut
from .docx_safety import OLE_SIGNATURE, check_zip, parse_xml, read_part
from .errors import FormReadError
from .grid import GridCell, GridError, Row, build_forms
from .xlsx_addresses import cell_position, range_bounds
from .xlsx_lean import without_empty_cells
from .xlsx_numbers import display, format_code

WORKBOOK_PART = "xl/workbook.xml"
_REL_ID = re.compile(r"\}id$")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")

# Bounds on what a workbook declares (docs/rules.md §6): a form has about 40 rows and 12 columns.
MAX_SHEETS = 200
MAX_ROWS = 5_000  # rows holding text, per sheet
MAX_COLUMNS = 100  # columns holding text, per sheet
MAX_CELLS = 300_000  # cells holding text, whole workbook
MAX_MERGE_WORK = 1_000_000  # merged-range positions visited, per sheet
MAX_SHEET_COLUMN = 16_384  # XFD, Excel's last column
MAX_SHEET_ROW = 1_048_576


def read_xlsx_bytes(data: bytes, name: str) -> list[Form]:
    """Every form in the workbook, sheet by sheet; FormReadError (Chinese) when there is none."""
    book = _Book.open(data, name)
    forms: list[Form] = []
    content = False
    for sheet, part in book.sheets:
        try:
            rows = sheet_rows(book, part, sheet)
            content = content or bool(rows)
            forms.extend(build_forms(rows, strict=True))
        except GridError as exc:
            raise FormReadError(f"{name}：工作表“{sheet}”：{exc}") from exc
    if not content:
        raise FormReadError(f"{name}：工作簿中没有任何内容（各工作表均为空），找不到自评表")
    if not forms:
        raise FormReadError(f"{name}：没有找到自评表（工作表中缺少“项目名称”“项目资金”“绩效指标”等栏目）")
    return forms


def open_xlsx(data: bytes, name: str) -> zipfile.ZipFile:
    """The zip behind an .xlsx, after the signature, directory and size checks."""
    if data.startswith(OLE_SIGNATURE):
        raise FormReadError(
            f"{name}：文件已加密（设置了打开密码）或是旧版 .xls 格式，不是 .xlsx，无法读取；"
            "请在 Excel 或 WPS 中取消密码，并“另存为”.xlsx 格式后再上传"
        )
    if not data.startswith(b"PK"):
        raise FormReadError(
            f"{name}：不是有效的 Excel 工作簿（.xlsx），文件内容不是 Excel 格式，可能已损坏或改了扩展名"
        )
    try:
        return check_zip(data, name, "Excel 工作簿", WORKBOOK_PART, "工作簿", ".xlsx")
    except FormReadError:
        if _is_word(data):
            raise FormReadError(
                f"{name}：这是 Word 文档（.docx），不是 Excel 工作簿；请把扩展名改回 .docx"
            ) from None
        raise


def _is_word(data: bytes) -> bool:
    try:
        return "word/document.xml" in zipfile.ZipFile(io.BytesIO(data)).NameToInfo
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


@dataclass
class _Book:
    """The parts every sheet needs: sheet names and paths, shared strings, number formats."""

    archive: zipfile.ZipFile
    name: str
    sheets: list[tuple[str, str]] = field(default_factory=list)  # (sheet name, part path)
    strings: list[str] = field(default_factory=list)
    formats: list[tuple[int, str]] = field(default_factory=list)  # per cell style: (id, code)
    date1904: bool = False
    cells: int = 0  # text cells read so far (MAX_CELLS)

    @classmethod
    def open(cls, data: bytes, name: str) -> _Book:
        book = cls(open_xlsx(data, name), name)
        root = book.xml(WORKBOOK_PART)
        ns = _namespace(root)
        targets = book.relations("xl/_rels/workbook.xml.rels", "xl")
        properties = root.find(f"{ns}workbookPr")
        if properties is not None:
            book.date1904 = properties.get("date1904", "").lower() in ("1", "true")
        listed = root.find(f"{ns}sheets")
        for sheet in [] if listed is None else listed.iterchildren(f"{ns}sheet"):
            if sheet.get("state", "visible") != "visible":
                continue  # hidden sheets (lookup lists, old copies) are not what the unit sees
            rel = next((value for key, value in sheet.attrib.items() if _REL_ID.search(key)), "")
            part = targets.get(rel, ("", ""))[0]
            if part and part in book.archive.NameToInfo:
                book.sheets.append((sheet.get("name", "") or f"第 {len(book.sheets) + 1} 张", part))
        if len(book.sheets) > MAX_SHEETS:
            raise FormReadError(f"{name}：工作簿中的工作表超过 {MAX_SHEETS} 张的上限，已拒绝读取")
        kinds = {kind: part for part, kind in targets.values()}
        book.strings = book.shared_strings(kinds.get("sharedStrings", "xl/sharedStrings.xml"))
        book.formats = book.number_formats(kinds.get("styles", "xl/styles.xml"))
        return book

    def xml(self, part: str) -> etree._Element:
        return self.parse(self.part(part), part)

    def part(self, part: str) -> bytes:
        return read_part(self.archive, part, self.name, what=f"工作簿的 {part}")

    def parse(self, xml: bytes, part: str) -> etree._Element:
        return parse_xml(xml, self.name, f"工作簿的 {part}", "Excel")

    def relations(self, part: str, base: str) -> dict[str, tuple[str, str]]:
        """Relationship id → (part path, kind), kind the last word of its type (worksheet, styles)."""
        if part not in self.archive.NameToInfo:
            return {}
        found = {}
        for rel in self.xml(part):
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
            found[rel.get("Id", "")] = (posixpath.normpath(path), rel.get("Type", "").rsplit("/", 1)[-1])
        return found

    def shared_strings(self, part: str) -> list[str]:
        if part not in self.archive.NameToInfo:
            return []
        root = self.xml(part)
        return [_string_text(item, _namespace(root)) for item in root.iterchildren(f"{_namespace(root)}si")]

    def number_formats(self, part: str) -> list[tuple[int, str]]:
        if part not in self.archive.NameToInfo:
            return []
        root = self.xml(part)
        ns = _namespace(root)
        custom = {}
        for fmt in root.iterfind(f"{ns}numFmts/{ns}numFmt"):
            custom[_int(fmt.get("numFmtId"))] = fmt.get("formatCode", "")
        found = []
        for xf in root.iterfind(f"{ns}cellXfs/{ns}xf"):
            number = _int(xf.get("numFmtId"))
            found.append((number, format_code(number, custom)))
        return found


def sheet_rows(book: _Book, part: str, sheet: str) -> list[Row]:
    """The sheet's rows holding text, each as grid cells over the columns holding text anywhere
    in the sheet (blank columns and rows of a unit's template are left out); GridError if beyond
    the bounds."""
    xml = book.part(part)
    root = parse_cut(xml, without_empty_cells(xml), lambda cut: book.parse(cut, part))
    texts = None if root is None else _cell_texts(book, root, _namespace(root), sheet, cut=True)
    if texts is None:  # nothing cut, the cut not XML, or a cell placed after the cut ones: as written
        root = book.parse(xml, part)
        texts = _cell_texts(book, root, _namespace(root), sheet)
    ns = _namespace(root)
    if not texts:
        return []
    columns = sorted({col for _, col in texts})
    rows = sorted({row for row, _ in texts})
    if len(columns) > MAX_COLUMNS:
        raise GridError(f"有文字的列超过 {MAX_COLUMNS} 列的上限，疑似恶意构造的文件，已拒绝读取")
    if len(rows) > MAX_ROWS:
        raise GridError(f"有文字的行超过 {MAX_ROWS} 行的上限，疑似恶意构造的文件，已拒绝读取")
    starts, covered = _merges(root, ns, rows, columns)
    result: list[Row] = []
    for row in rows:
        cells: Row = []
        skip, begins = covered.get(row, _NONE), starts.get(row, _NO_STARTS)
        for index, col in enumerate(columns):
            if col in skip:
                continue
            start = begins.get(col)
            if start is None:
                cells.append(GridCell(texts.get((row, col), ""), index))
                continue
            span, top = start
            cells.append(GridCell(texts.get((top, col), "") if top == row else "", index, span))
        if any(cell.text.strip() for cell in cells):
            result.append(cells)
    return result


_NONE: frozenset[int] = frozenset()
_NO_STARTS: dict[int, tuple[int, int]] = {}


def _cell_texts(
    book: _Book, root: etree._Element, ns: str, sheet: str, cut: bool = False
) -> dict[tuple[int, int], str] | None:
    """(row, column) → the cell's text as shown, for every cell that shows some. Of a sheet whose
    empty cells were cut (xlsx_lean.py): None when a cell without an address holds a value, as its
    place is counted from the cells before it."""
    found: dict[tuple[int, int], str] = {}
    counted = book.cells
    data = root.find(f"{ns}sheetData")
    if data is None:
        return found
    row_number = 0
    row_tag, cell_tag, _, _, _ = _tags(ns)
    for row in data.iterchildren(row_tag):
        row_number = _int(row.get("r"), row_number + 1)
        col = 0
        skipped = None  # the position of the last empty cell, parsed only if a cell without one follows
        for cell in row.iterchildren(cell_tag):
            ref = cell.get("r")
            if not len(cell):  # no value: a cell that only carries a border or a format
                if ref:
                    skipped = ref
                else:
                    col += 1
                continue
            if not ref and cut:
                book.cells = counted
                return None
            if not ref and skipped:
                row_number, col = cell_position(skipped)
            skipped = None
            if ref:
                row_number, col = cell_position(ref)
            else:
                col += 1
            if not (1 <= col <= MAX_SHEET_COLUMN and 1 <= row_number <= MAX_SHEET_ROW):
                raise GridError(f"单元格位置“{ref or col}”超出 Excel 的范围，文件可能已损坏")
            text = _value(book, cell, ns)
            if text.strip():
                found[(row_number, col)] = text
                book.cells += 1
                if book.cells > MAX_CELLS:
                    raise GridError(
                        f"有文字的单元格超过 {MAX_CELLS} 个的上限，疑似恶意构造的文件，已拒绝读取"
                    )
    return found


@lru_cache(maxsize=8)
def _tags(ns: str) -> tuple[str, str, str, str, str]:
    """The row, cell, value, inline-string and text tags in a sheet's namespace, made once."""
    return f"{ns}row", f"{ns}c", f"{ns}v", f"{ns}is", f"{ns}t"


def _child(element: etree._Element, tag: str) -> etree._Element | None:
    """The first child with this tag: element.find(tag), without its path machinery (a third of
    the cost, asked of every cell)."""
    for child in element:
        if child.tag == tag:
            return child
    return None


def _value(book: _Book, cell: etree._Element, ns: str) -> str:
    kind = cell.get("t", "n")
    _, _, value_tag, inline_tag, _ = _tags(ns)
    if kind == "inlineStr":
        inline = _child(cell, inline_tag)
        return "" if inline is None else _string_text(inline, ns)
    value = _child(cell, value_tag)
    raw = "" if value is None or value.text is None else value.text
    if kind == "s":
        index = _int(raw, -1)
        return book.strings[index] if 0 <= index < len(book.strings) else ""
    if kind in ("str", "e"):
        return _unescape(raw)
    if kind == "b":
        return {"1": "TRUE", "0": "FALSE"}.get(raw.strip(), raw)
    if kind == "d":
        return raw.partition("T")[0]
    if not raw.strip():
        return ""
    style = _int(cell.get("s"), 0)
    number, code = book.formats[style] if 0 <= style < len(book.formats) else (0, "General")
    return display(raw, number, code, book.date1904)


def _merges(
    root: etree._Element, ns: str, rows: list[int], columns: list[int]
) -> tuple[dict[int, dict[int, tuple[int, int]]], dict[int, set[int]]]:
    """Merged ranges on the text grid, by row: first column → (span, top row) where a range starts
    in the row, and the columns a range covers to the right of its start (not cells of their own)."""
    starts: dict[int, dict[int, tuple[int, int]]] = {}
    covered: dict[int, set[int]] = {}
    work = 0
    for ref in _merge_refs(ns)(root):  # the ref attributes, gathered in C
        bounds = range_bounds(ref)
        if bounds is None:
            continue
        top, left, bottom, right = bounds
        first, stop = bisect_left(columns, left), bisect_right(columns, right)
        if first == stop:
            continue
        span, column, rest = stop - first, columns[first], columns[first + 1 : stop]
        for row in rows[bisect_left(rows, top) : bisect_right(rows, bottom)]:
            work += span
            if work > MAX_MERGE_WORK:
                raise GridError("合并单元格数量或范围异常，疑似恶意构造的文件，已拒绝读取")
            starts.setdefault(row, {})[column] = (span, top)
            if rest:
                covered.setdefault(row, set()).update(rest)
    return starts, covered


@lru_cache(maxsize=8)
def _merge_refs(ns: str) -> etree.XPath:
    """Every merged range's address in a sheet of this namespace, as plain strings (not lxml's
    "smart" ones, which keep their document alive in range_bounds' memo), in one call."""
    if not ns:
        return etree.XPath("mergeCells/mergeCell/@ref", smart_strings=False)
    return etree.XPath("m:mergeCells/m:mergeCell/@ref", namespaces={"m": ns[1:-1]}, smart_strings=False)


def _string_text(item: etree._Element, ns: str) -> str:
    """A shared or inline string: its t, or its rich-text runs' t; phonetic runs (rPh) left out."""
    own = _child(item, _tags(ns)[4])
    if own is not None:
        return _unescape(own.text or "")
    return _unescape("".join(t.text or "" for t in item.iterfind(f"{ns}r/{ns}t")))


def _unescape(text: str) -> str:
    """Excel writes control characters as _xHHHH_ (a line break as _x000D_ before \\n)."""
    if "_x" in text:
        text = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _namespace(root: etree._Element) -> str:
    tag = root.tag if isinstance(root.tag, str) else ""
    return tag[: tag.index("}") + 1] if tag.startswith("{") else ""


def _int(text: str | None, default: int = 0) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default
