"""Workbooks for the .xlsx tests, built with openpyxl the way units fill them in Excel.

A sheet is given as a grid of rows: "<" merges a cell into the one on its left, "^" into the one
above; a (value, format) pair is a number cell with its number format.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

Grid = Sequence[Sequence[Any]]


def fill(sheet: Worksheet, grid: Grid, top: int = 1, left: int = 1) -> int:
    """Write the grid with its top-left cell at (top, left); the row after it."""
    owner: dict[tuple[int, int], tuple[int, int]] = {}  # grid position → its merge's top-left
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            if value == "<":
                owner[(r, c)] = owner[(r, c - 1)]
            elif value == "^":
                owner[(r, c)] = owner[(r - 1, c)]
            else:
                owner[(r, c)] = (r, c)
                cell = sheet.cell(row=top + r, column=left + c)
                if isinstance(value, tuple):
                    cell.value, cell.number_format = value
                elif value != "":
                    cell.value = value
    ranges: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for position, origin in owner.items():
        ranges.setdefault(origin, []).append(position)
    for (r, c), cells in ranges.items():
        bottom, right = max(p[0] for p in cells), max(p[1] for p in cells)
        if (bottom, right) != (r, c):
            sheet.merge_cells(
                start_row=top + r, start_column=left + c, end_row=top + bottom, end_column=left + right
            )
    return top + len(grid)


def workbook_bytes(*sheets: Grid, title: str | None = "项目支出绩效自评表") -> bytes:
    """One sheet per grid, each under a title row."""
    book = Workbook()
    book.remove(book.active)
    for number, grid in enumerate(sheets, 1):
        sheet = book.create_sheet(f"表{number}")
        top = 1
        if title:
            sheet.cell(row=1, column=1, value=title)
            top = 2
        fill(sheet, grid, top)
    return save(book)


def save(book: Workbook) -> bytes:
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


PERCENT = "0.00%"


def form_grid(
    project: str = "社区服务经费",
    budget: Any = 2175.9657,
    executed: Any = 1960.5869,
    rate: Any = (0.901, PERCENT),
    score: Any = 9.01,
) -> list[list[Any]]:
    """A one-cell-target form as units lay it out: section labels merged down their rows,
    一级/二级 merged down the indicators they head, text cells merged across."""
    return [
        ["项目名称", project, "<", "<", "<", "<", "<", "<", "<"],
        ["主管部门", "安贞街道办事处", "<", "<", "实施单位", "社区建设办公室", "<", "<", "<"],
        ["项目负责人", "张三", "<", "<", "联系电话", "64981234", "<", "<", "<"],
        ["项目资金\n（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", "<"],
        ["^", "年度资金总额", budget, budget, executed, 10, rate, score, "<"],
        ["^", "其中：当年财政拨款", budget, budget, executed, "—", "—", "—", "<"],
        ["年度总体目标", "预期目标", "<", "<", "<", "实际完成情况", "<", "<", "<"],
        ["^", "保障10个社区154名社工的工资", "<", "<", "<", "已保障10个社区154名社工的工资", "<", "<", "<"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
         "偏差原因分析及改进措施"],
        ["^", "产出指标", "数量指标", "保障社工人数", "≥154人", "154人", 25, 25, "无"],
        ["^", "^", "^", "覆盖社区数量", "≥10个", "10个", 25, 25, "无"],
        ["^", "^", "时效指标", "工资按月发放", "每月10日前", "每月10日前", 10, 10, "无"],
        ["^", "效益指标", "社会效益指标", "社区服务正常运转率", "≥95%", "96%", 20, 20, "无"],
        ["^", "满意度指标", "服务对象满意度指标", "居民满意度", "≥90%", "92%", 10, 10, "无"],
        ["总分", "<", "<", "<", "<", "<", 100, 99.01, "优"],
    ]  # fmt: skip


_INLINE = re.compile(r'<c r="([A-Z]+\d+)"([^>]*) t="inlineStr"><is><t>(.*?)</t></is></c>', re.S)


def with_shared_strings(data: bytes, rich: bool = True) -> bytes:
    """The workbook as Excel and WPS save it: strings in xl/sharedStrings.xml, referenced by index
    (openpyxl writes them inline); with `rich`, each string split into two formatted runs and a
    phonetic guide (rPh) that is not part of the text."""
    source = zipfile.ZipFile(io.BytesIO(data))
    entries = {info.filename: source.read(info) for info in source.infolist()}
    strings: list[str] = []

    def shared(match: re.Match) -> str:
        strings.append(match.group(3))
        return f'<c r="{match.group(1)}"{match.group(2)} t="s"><v>{len(strings) - 1}</v></c>'

    for name in [n for n in entries if n.startswith("xl/worksheets/")]:
        entries[name] = _INLINE.sub(shared, entries[name].decode()).encode()
    items = []
    for text in strings:
        if rich and len(text) > 12:  # "&#12345;" entities: split between two of them
            cut = text.index(";", 8) + 1
            items.append(
                f'<si><r><rPr><b/></rPr><t xml:space="preserve">{text[:cut]}</t></r>'
                f'<r><t xml:space="preserve">{text[cut:]}</t></r><rPh sb="0" eb="1"><t>ピン</t></rPh></si>'
            )
        else:
            items.append(f'<si><t xml:space="preserve">{text}</t></si>')
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    entries["xl/sharedStrings.xml"] = (
        f'<sst xmlns="{main}" count="{len(items)}" uniqueCount="{len(items)}">{"".join(items)}</sst>'
    ).encode()
    rel = (
        '<Relationship Id="rIdShared" Target="sharedStrings.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
    )
    rels = "xl/_rels/workbook.xml.rels"
    entries[rels] = entries[rels].decode().replace("</Relationships>", rel + "</Relationships>").encode()
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return stream.getvalue()
