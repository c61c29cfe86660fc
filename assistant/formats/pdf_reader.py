"""Reading the forms out of a PDF with a text layer: ruled tables as grid rows, other lines as text.

Why pdfplumber: it finds a table from the ruling lines a form is drawn with and gives every cell's
box, which is what merged cells need (a cell's box spans the columns it covers). pypdf and bare
pdfminer.six give text and positions only, so the table would have to be rebuilt from lines by
hand; camelot needs OpenCV and Ghostscript and returns one string per column, losing the merges.
pdfplumber is pure Python on pdfminer.six (with pypdfium2 wheels), released regularly.

Each cell's box becomes a GridCell: its column is where its left edge lies among all the column
edges of the document (so a table that continues on the next page keeps its columns), its span
is how many edges it crosses. A cell merged down several rows is, like Word's vMerge, a blank cell
in the rows below its first. A cell's lines are joined without a break where the line was only
wrapped (it reaches the cell's right edge), with a break where the writer ended a paragraph.
Scanned pages (no text layer) are refused: OCR is not done.
"""

from __future__ import annotations

import io
import itertools
import re
import time
from bisect import bisect_left
from dataclasses import dataclass, field

from ..form import Form
from ..values import compact
from ..vocabulary import LEVEL1_CANON, LEVEL2_CANON, SECTION_LABELS
from .errors import FormReadError
from .grid import GridCell, Item, Row, forms_in
from .grid_columns import strip_suffix
from .office import settings
from .pdf_safety import InflatedTooMuch, bounded

EDGE_TOLERANCE = 2.0  # points: edges this close are one grid line
PDF_HEADER = b"%PDF-"
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(第\s*)?\d+\s*(页)?\s*([/／]\s*\d+|共\s*\d+\s*页)?[-—–\s]*$")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")
_NUMBERISH = re.compile(r"[0-9.,%]")


@dataclass
class _Cell:
    box: tuple[float, float, float, float]  # x0, top, x1, bottom
    chars: list[dict] = field(default_factory=list)
    text: str = ""


@dataclass
class _Table:
    box: tuple[float, float, float, float]
    cells: list[_Cell]


def read_pdf_bytes(data: bytes, name: str) -> list[Form]:
    """Every form in the PDF, in order; FormReadError (Chinese, one line) when there is none."""
    if PDF_HEADER not in data[:1024]:
        raise FormReadError(f"{name}：不是有效的 PDF 文件，文件内容不是 PDF 格式，可能已损坏或改了扩展名")
    try:
        items = _items(data, name)
    except FormReadError:
        raise
    except Exception as exc:  # pdfminer raises many kinds for broken files
        raise _inflated_too_much(exc) or _open_error(exc, name) from exc
    return forms_in(items, name, "PDF 中没有找到带边框的表格，找不到自评表")


def _inflated_too_much(exc: BaseException | None) -> InflatedTooMuch | None:
    """The bound's own error, when pdfplumber has wrapped it in one of its own."""
    seen = 0
    while exc is not None and seen < 8:
        if isinstance(exc, InflatedTooMuch):
            return exc
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return None


def _open_error(exc: Exception, name: str) -> FormReadError:
    reason = repr(getattr(exc, "args", [None])[0] if exc.args else exc)
    if "Password" in reason or "Encrypt" in reason or "Password" in type(exc).__name__:
        return FormReadError(f"{name}：PDF 设置了打开密码（已加密），无法读取；请提供未加密的文件")
    return FormReadError(f"{name}：PDF 文件已损坏或不完整，无法读取")


def _items(data: bytes, name: str) -> list[Item]:
    import pdfplumber

    limits = settings()
    inflated_mb = int(limits["pdf_max_inflated_mb"])
    too_much = f"{name}：PDF 中的压缩数据解压后超过 {inflated_mb} MB，疑似压缩炸弹，已拒绝读取"
    with bounded(inflated_mb * 1048576, too_much), pdfplumber.open(io.BytesIO(data)) as pdf:
        if len(pdf.pages) > limits["pdf_max_pages"]:
            raise FormReadError(
                f"{name}：PDF 页数过多（{len(pdf.pages)} 页，上限 {limits['pdf_max_pages']} 页），已拒绝读取"
            )
        pages: list[tuple[list[_Table], list[dict]]] = []
        cells = 0
        deadline = time.monotonic() + float(limits["timeout_seconds"])
        for page in pdf.pages:
            if time.monotonic() > deadline:
                seconds = limits["timeout_seconds"]
                raise FormReadError(
                    f"{name}：PDF 读取超时（{seconds} 秒内没有读完），文件可能过于复杂或已损坏"
                )
            chars = [c for c in page.chars if c.get("text", "").strip() or c.get("text") == " "]
            found = page.find_tables()
            tables = [_Table(tuple(t.bbox), [_Cell(tuple(box)) for box in t.cells]) for t in found]
            cells += sum(len(t.cells) for t in tables)
            if cells > limits["pdf_max_cells"]:
                raise FormReadError(
                    f"{name}：PDF 中的表格单元格过多（超过 {limits['pdf_max_cells']} 个），已拒绝读取"
                )
            pages.append((tables, chars))
            page.close()  # pdfplumber caches each page's objects until closed
    if not any(chars for _, chars in pages):
        raise FormReadError(
            f"{name}：扫描件，没有可读取的文字（不支持 OCR）；请提供可复制文字的 PDF 或 Word 文件"
        )
    edges = _column_edges([cell for tables, _ in pages for table in tables for cell in table.cells])
    laid_out = []
    for tables, chars in pages:
        loose = _assign(tables, chars)
        for table in tables:
            for cell in table.cells:
                cell.text = _cell_text(cell)
        laid_out.append((tables, _lines(loose)))
    _drop_repeated_heads(laid_out, edges)
    for before, after in itertools.pairwise(laid_out):
        _join_split_cells(before, after, edges)
    return _ordered(laid_out, edges)


Page = tuple[list[_Table], list[tuple[float, str]]]  # a page's tables, and its lines outside them
HEAD_ROWS = 5  # rows at the top of a table that Word may repeat on every page ("重复标题行")


def _ordered(pages: list[Page], edges: list[float]) -> list[Item]:
    """Table rows and text lines page by page, top to bottom."""
    items: list[Item] = []
    for tables, lines in pages:
        placed: list[tuple[float, Item]] = [(top, text) for top, text in lines]
        for table in tables:
            placed += _rows(table, edges)
        placed.sort(key=lambda entry: entry[0])
        items += [item for _, item in placed]
    return items


def _drop_repeated_heads(pages: list[Page], edges: list[float]) -> None:
    """On a page where the table runs on, the leading rows that repeat rows of the table above
    (Word's "repeat as header row"; a table that follows another without a gap is one table in
    the PDF, so its heading may sit anywhere in what came before) are taken out of the table."""
    seen: list[tuple] = []  # the rows of the table that is running, on the pages before
    for number, (tables, _) in enumerate(pages):
        running = number > 0 and _continues(pages[number - 1], pages[number])
        for index, table in enumerate(sorted(tables, key=lambda t: t.box[1])):
            rows = _rows(table, edges)
            keys = [tuple((c.col, c.span, c.key) for c in row) for _, row in rows]
            if index > 0 or not running:
                seen = keys
                continue
            repeated = _repeated_run(keys[: len(keys) - 1], seen)
            seen += keys[repeated:]
            if repeated:
                cut = rows[repeated][0]
                table.cells = [c for c in table.cells if c.box[1] >= cut - EDGE_TOLERANCE]
                table.box = (table.box[0], cut, table.box[2], table.box[3])


def _repeated_run(rows: list[tuple], seen: list[tuple]) -> int:
    """How many leading `rows` repeat, in order, a run of `seen` (the longest such run)."""
    best = 0
    for start in range(len(seen)):
        length = 0
        while (
            length < min(len(rows), HEAD_ROWS)
            and start + length < len(seen)
            and _same_row(rows[length], seen[start + length])
        ):
            length += 1
        best = max(best, length)
    return best


def _same_row(row: tuple, head: tuple) -> bool:
    """The row repeats the heading row: the same cells with the same labels, except where a cell
    merged down from the heading shows only part of its text again ("绩效" of "绩效指标")."""
    if len(row) != len(head) or not row:
        return False
    differing = 0
    for (col, span, text), (head_col, head_span, head_text) in zip(row, head, strict=True):
        if (col, span) != (head_col, head_span):
            return False
        if text != head_text:
            if text and not head_text.startswith(text):
                return False
            differing += 1
    return differing < len(row) / 2


def _continues(before: Page, after: Page) -> bool:
    """The page `after` opens with the table that ended the page `before` (nothing between them)."""
    tables_before, lines_before = before
    tables_after, lines_after = after
    if not tables_before or not tables_after:
        return False
    last = max(tables_before, key=lambda t: t.box[3])
    first = min(tables_after, key=lambda t: t.box[1])
    return not any(top > last.box[3] for top, _ in lines_before) and not any(
        top < first.box[1] for top, _ in lines_after
    )


# Labels a cell merged over several rows holds; split by a page break, their halves are rejoined.
_SPLIT_LABELS = frozenset({*LEVEL1_CANON, *LEVEL2_CANON, *SECTION_LABELS.values()})


def _join_split_cells(before: Page, after: Page, edges: list[float]) -> None:
    """A merged cell that a page break cut in two ("满意度指" | "标"): its text back in its first half.

    Only where the table runs on from one page to the next, only for cells that meet at the
    break in the same columns, and only when the halves make one of the form's labels."""
    if not _continues(before, after):
        return
    last = max(before[0], key=lambda t: t.box[3])
    first = min(after[0], key=lambda t: t.box[1])
    ending = {
        (_edge(edges, c.box[0]), _edge(edges, c.box[2])): c
        for c in last.cells
        if abs(c.box[3] - last.box[3]) <= EDGE_TOLERANCE
    }
    for cell in first.cells:
        if abs(cell.box[1] - first.box[1]) > EDGE_TOLERANCE or not cell.text:
            continue
        above = ending.get((_edge(edges, cell.box[0]), _edge(edges, cell.box[2])))
        whole = compact(above.text) if above is not None else ""
        if not whole:  # nothing above to continue: the text is this row's own
            continue
        if whole in _SPLIT_LABELS:
            if whole.endswith(compact(cell.text)):  # the label's tail, drawn again on the new page
                cell.text = ""
        elif strip_suffix(compact(above.text + cell.text)) in _SPLIT_LABELS:
            above.text, cell.text = above.text + cell.text, ""


def _column_edges(cells: list[_Cell]) -> list[float]:
    """Every distinct x where a cell starts or ends, close ones merged."""
    xs = sorted(x for cell in cells for x in (cell.box[0], cell.box[2]))
    edges: list[float] = []
    for x in xs:
        if not edges or x - edges[-1] > EDGE_TOLERANCE:
            edges.append(x)
    return edges


def _edge(edges: list[float], x: float) -> int:
    index = bisect_left(edges, x - EDGE_TOLERANCE)
    return min(index, len(edges) - 1)


def _assign(tables: list[_Table], chars: list[dict]) -> list[dict]:
    """Each char to the cell holding its centre; the chars outside every table are returned."""
    loose = []
    for char in chars:
        x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
        home = None
        for table in tables:
            x0, top, x1, bottom = table.box
            if x0 <= x <= x1 and top <= y <= bottom:
                home = next((c for c in table.cells if _inside(c.box, x, y)), None) or _beside(table, x, y)
                if home is not None:
                    break
        if home is None:
            loose.append(char)
        else:
            home.chars.append(char)
    return loose


def _beside(table: _Table, x: float, y: float) -> _Cell | None:
    """Text inside the table but in no cell (a cell whose left border is not drawn, as when a merged
    cell above overflows it): it belongs to the nearest cell of its row, on its left if any."""
    row = [c for c in table.cells if c.box[1] <= y <= c.box[3]]
    left = [c for c in row if c.box[2] <= x]
    if left:
        return max(left, key=lambda c: c.box[2])
    return min(row, key=lambda c: c.box[0], default=None)


def _inside(box: tuple[float, float, float, float], x: float, y: float) -> bool:
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _rows(table: _Table, edges: list[float]) -> list[tuple[float, Row]]:
    """The table's rows top to bottom; a cell merged downwards is blank in the rows below its first."""
    tops: list[float] = []
    for top in sorted(cell.box[1] for cell in table.cells):
        if not tops or top - tops[-1] > EDGE_TOLERANCE:
            tops.append(top)
    rows: list[list[GridCell]] = [[] for _ in tops]
    written = [False] * len(tops)  # a row with text in a cell that starts in it
    continued = [False] * len(tops)  # a row crossed by a cell merged down from above
    for cell in table.cells:
        x0, top, x1, bottom = cell.box
        col = _edge(edges, x0)
        span = max(_edge(edges, x1) - col, 1)
        first = _edge(tops, top)
        rows[first].append(GridCell(cell.text, col, span))
        written[first] = written[first] or bool(cell.text.strip())
        for below in range(first + 1, len(tops)):
            if tops[below] >= bottom - EDGE_TOLERANCE:
                break
            rows[below].append(GridCell("", col, span))
            continued[below] = True
    # A row of nothing but blanks beside merged cells is not a row of the form: only a cell border
    # that does not line up with the rows (a merged cell drawn in two parts) made it.
    return [
        (top, sorted(row, key=lambda c: c.col))
        for top, row, text, crossed in zip(tops, rows, written, continued, strict=True)
        if row and (text or not crossed)
    ]


def _group_lines(chars: list[dict]) -> list[list[dict]]:
    """Chars in reading order, one list per line (a line: chars whose tops are within half a size)."""
    lines: list[list[dict]] = []
    for char in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        if lines and char["top"] - lines[-1][0]["top"] < lines[-1][0]["size"] * 0.5:
            lines[-1].append(char)
        else:
            lines.append([char])
    return [sorted(line, key=lambda c: c["x0"]) for line in lines]


def _line_text(line: list[dict]) -> str:
    parts = [line[0]["text"]]
    for before, char in itertools.pairwise(line):
        gap = char["x0"] - before["x1"]
        spaced = " " in (before["text"], char["text"])
        ascii_side = _ASCII_WORD.match(before["text"]) or _ASCII_WORD.match(char["text"])
        if gap > before["size"] * 0.25 and not spaced and ascii_side:
            parts.append(" ")
        parts.append(char["text"])
    return "".join(parts).strip()


def _cell_text(cell: _Cell) -> str:
    """The cell's lines, a wrapped line joined to the next, a paragraph's last line ending in "\\n"."""
    lines = [line for line in _group_lines(cell.chars) if _line_text(line)]
    if not lines:
        return ""
    x0, _, x1, _ = cell.box
    margin = max(min(line[0]["x0"] for line in lines) - x0, 0.0)
    text = _line_text(lines[0])
    for before, line in itertools.pairwise(lines):
        following = _line_text(line)
        room = x1 - before[-1]["x1"] - margin
        wrapped = room < _first_token_width(line) + 1.0
        joint = "" if wrapped else "\n"
        if wrapped and _ASCII_WORD.match(text[-1:]) and _ASCII_WORD.match(following[:1]):
            # Latin text wraps at a space; a word or number too long for the cell breaks anywhere.
            broken = room < _width(line[0]) + 1.0 or (
                _NUMBERISH.match(text[-1]) and _NUMBERISH.match(following[0])
            )
            joint = "" if broken else " "
        text += joint + following
    return text.strip()


def _width(char: dict) -> float:
    return char["x1"] - char["x0"]


def _first_token_width(line: list[dict]) -> float:
    """Width of what would have moved up had it fitted: one CJK char, or a whole Latin word."""
    first = line[0]
    if not _ASCII_WORD.match(first["text"]):
        return first["x1"] - first["x0"]
    end = first
    for char in line[1:]:
        if not _ASCII_WORD.match(char["text"]) and char["text"] not in ".,%-":
            break
        end = char
    return end["x1"] - first["x0"]


def _lines(chars: list[dict]) -> list[tuple[float, str]]:
    """Text outside tables, one entry per line; page numbers left out."""
    found = []
    for line in _group_lines(chars):
        text = _line_text(line)
        if text and not _PAGE_NUMBER.match(text):
            found.append((line[0]["top"], text))
    return found
