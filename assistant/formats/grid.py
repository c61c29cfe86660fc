"""From table rows to forms: the label-driven reader shared by the text and Word importers.

Importers turn a file into a sequence of paragraphs and table rows; a row is a list of
`GridCell`s (text plus the grid columns it covers). This module finds each form by its labels
(项目名称, 全年预算数, 一级指标, 总分 …), never by fixed positions, so it copes with the layouts
and label variants of different authorities.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..form import (
    Form,
    FundRow,
    Funds,
    Goal,
    Header,
    NumberCell,
)
from ..values import compact, is_blank, one_line
from ..vocabulary import FUND_TOTAL_LABEL, SECTION_LABELS
from .errors import FormReadError
from .grid_columns import (
    GridCell,
    GridError,
    Item,
    Matcher,
    Row,
    header_columns,
    joined,
    label_field,
    row_from_texts,
    row_keys,
)
from .grid_indicators import has as _has
from .grid_indicators import is_indicator_header as _is_indicator_header
from .grid_indicators import read_indicators as _read_indicators
from .grid_indicators import read_totals as _read_totals

_label_field = label_field

__all__ = ["GridCell", "GridError", "Item", "Row", "build_forms", "row_from_texts"]


# --- labels ---------------------------------------------------------------------------------

HEADER_LABELS = {
    "project": ("项目名称",),
    "department": ("主管部门", "主管单位", "预算部门"),
    "unit": ("实施单位", "项目实施单位", "单位名称"),
    "leader": ("项目负责人", "负责人"),
    "phone": ("联系电话", "电话"),
}

FUND_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # order matters: 执行率 before 执行数, 年初预算 before 预算
    ("rate", ("执行率", "预算执行率")),
    ("initial_budget", ("年初预算",)),
    ("full_year_budget", ("全年预算", "调整后预算", "全年预算数", "预算数")),
    ("executed", ("全年执行", "预算执行数", "执行数", "实际执行", "实际支出")),
    ("weight", ("分值", "权重")),
    ("score", ("得分",)),
)
# Form-level explanation boxes below the indicators (docs/rules.md §4); a merged 偏差原因 row too.
EXPLANATION_BOXES = ("偏差大或目标未完成原因", "偏差大", "改进措施及结果应用", "偏差原因")
TRAILERS = ("其他需要说明", "评价等级", "自评等级", *EXPLANATION_BOXES)  # rows after 总分 in the form
FUND_TOTAL_LABELS = ("年度资金总额", "资金总额", "合计", "总计")
FUND_SOURCE_HINTS = ("资金", "拨款", "财政", "结转", "其中")
# A data cell spanning several money columns goes to the earliest of them here.
FUND_PRIORITY = ("full_year_budget", "executed", "initial_budget", "weight", "rate", "score")

_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")
_UNIT_RE = re.compile(r"[（(]\s*(万元|元|千元|亿元)\s*[)）]|单位\s*[:：]\s*(万元|元|千元|亿元)")


_ANY_HEADER_LABEL = tuple(label for labels in HEADER_LABELS.values() for label in labels)


def _is_header_label(key: str) -> str | None:
    if not key.startswith(_ANY_HEADER_LABEL):  # most cells: one scan in C
        return None
    for name, labels in HEADER_LABELS.items():
        if key in labels or any(key.startswith(label) and len(key) <= len(label) + 3 for label in labels):
            return name
    return None


def _is_funds_header(row: Row) -> bool:
    # Every 执行数 label says 执行 or 实际支出: most rows are ruled out without reading labels.
    keys = row_keys(row)
    if "执行" not in keys and "实际支出" not in keys:
        return False
    fields = {_label_field(c.key, FUND_COLUMNS) for c in row}
    return "executed" in fields and ("full_year_budget" in fields or "initial_budget" in fields)


# --- splitting a document into forms -------------------------------------------------------


@dataclass
class _Segment:
    preamble: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    closed: bool = False


def split_forms(items: Iterable[Item]) -> list[_Segment]:
    """Each 项目名称 row starts a form; title and year lines before it belong to it."""
    segments: list[_Segment] = []
    preamble: list[str] = []
    loose: list[str] = []  # lines after the last table row of a form that is still open
    for item in items:
        texts = [item] if isinstance(item, str) else [c.text for c in item if not c.blank]
        if isinstance(item, str) or len(texts) <= 1:
            current = segments[-1] if segments else None
            closed = current is not None and current.closed
            if current is not None and closed and not isinstance(item, str) and _has(item, *TRAILERS):
                current.rows.append(item)  # "其他需要说明事项 | 无": "无" reads as blank
            elif current is None or closed:
                preamble.extend(texts)
            elif not isinstance(item, str):
                current.rows.append(item)
                loose.extend(texts)
            else:
                current.rows.append(Row([GridCell(item, 0)]))
                loose.append(item)
            continue
        row = item
        last = segments[-1] if segments else None
        # A row that opens a funds or indicator table starts a form only after a closed one: most
        # rows are not asked (the header scans are the costliest of the row's labels).
        starts = _has(row, "项目名称") or (
            (last is None or last.closed) and (_is_funds_header(row) or _is_indicator_header(row))
        )
        if last is None or (starts and (_segment_has_header(last) or last.closed)):
            segments.append(_Segment(preamble=preamble or loose))
            preamble = []
        loose = []
        segments[-1].rows.append(row)
        if _has(row, "总分", "其他需要说明"):
            segments[-1].closed = True
    return [s for s in segments if _looks_like_form(s)]


def _segment_has_header(segment: _Segment) -> bool:
    return any(_has(row, "项目名称") for row in segment.rows)


def _looks_like_form(segment: _Segment) -> bool:
    return any(
        _has(row, "项目名称") or _is_funds_header(row) or _is_indicator_header(row) for row in segment.rows
    )


# --- reading one form ----------------------------------------------------------------------


def build_forms(items: Iterable[Item], *, strict: bool = False) -> list[Form]:
    """strict: raise GridError when a cell lies under no label or a row lacks a labelled column
    (Word tables keep their grid, so such a cell would be lost; copied text does not)."""
    rows_once = (Row(item) if item.__class__ is list else item for item in items)  # keys joined once
    return [build_form(segment.preamble, segment.rows, strict=strict) for segment in split_forms(rows_once)]


def forms_in(items: list[Item], name: str, no_table: str, *, strict: bool = False) -> list[Form]:
    """A file's forms, or FormReadError naming the file: its own problem (GridError), no table at
    all (`no_table`, in the words of the format), or tables without a form's labels."""
    try:
        forms = build_forms(items, strict=strict)
    except GridError as exc:
        raise FormReadError(f"{name}：{exc}") from exc
    if not forms:
        if not any(isinstance(item, list) for item in items):
            raise FormReadError(f"{name}：{no_table}")
        raise FormReadError(f"{name}：没有找到自评表（表格中缺少“项目名称”“项目资金”“绩效指标”等栏目）")
    return forms


def build_form(preamble: list[str], rows: list[Row], *, strict: bool = False) -> Form:
    missing: list[str] = []
    title, year = _title_and_year(preamble, rows)
    header = _read_header(rows)
    start = next((i for i, row in enumerate(rows) if _is_indicator_header(row)), None)
    try:
        funds_result = _read_funds(rows, strict)
        indicators_result = None if start is None else _read_indicators(rows, strict, start)
    except GridError as exc:
        raise GridError(f"自评表“{header.project or title or '（无项目名称）'}”中，{exc}") from exc
    if funds_result is None:
        missing.append(SECTION_LABELS["funds"])
        funds, money_unit = Funds(), ""
    else:
        funds, money_unit = funds_result
    goal = _read_goal(rows)
    if goal is None:
        missing.append(SECTION_LABELS["goal"])
        goal = Goal()
    if indicators_result is None:
        missing.append(SECTION_LABELS["indicators"])
        indicators, split, columns = [], False, {}
    else:
        indicators, split, columns = indicators_result
    after = start or 0
    weight_total, total, grade = _read_totals(rows[after:], columns)
    return Form(
        title=title,
        year=year,
        layout="split-target" if split else "single-cell",
        money_unit=money_unit or _unit_anywhere(preamble, rows),
        header=header,
        funds=funds,
        goal=goal,
        indicators=indicators,
        stated_weight_total=NumberCell(text=weight_total),
        stated_total=NumberCell(text=total),
        grade=grade,
        blank_grade_cell=not grade and _has_grade_label(rows[after:]),
        other_notes=_read_after_label(rows, "其他需要说明"),
        form_explanations=_read_boxes(rows[after:]),
        missing_sections=missing,
    )


def _has_grade_label(rows: list[Row]) -> bool:
    """A 评价等级 (自评等级, 等级) cell below the indicators, whether or not it is filled."""
    return any(_has(row, "评价等级", "自评等级", "等级") for row in rows)


def _title_and_year(preamble: list[str], rows: list[Row]) -> tuple[str, int | None]:
    title = next((compact(p) for p in preamble if "自评表" in p or "绩效" in p), "")
    texts = [*preamble, *(c.text for row in rows[:2] for c in row)]
    for text in texts:
        if ("年度" in text or "自评表" in text) and (match := _YEAR_RE.search(compact(text))):
            return title, int(match.group(1))
    return title, None


def _unit_anywhere(preamble: list[str], rows: list[Row]) -> str:
    for text in [*preamble, *(c.text for row in rows for c in row if "资金" in c.text or "单位" in c.text)]:
        if match := _UNIT_RE.search(compact(text)):
            return match.group(1) or match.group(2)
    return ""


def _read_header(rows: list[Row]) -> Header:
    found: dict[str, str] = {}
    for row in rows:
        if _is_funds_header(row) or _is_indicator_header(row):
            break
        for index, cell in enumerate(row[:-1]):
            name = _is_header_label(cell.key)
            if name and name not in found:
                value = row[index + 1]
                if _is_header_label(value.key) is None:
                    found[name] = value.text.strip()
    return Header(**found)


def _row_label(row: Row, header_first_col: int) -> tuple[int, str] | None:
    """The label cell of a funds row: the last non-blank cell left of the first money column."""
    for index in range(len(row) - 1, -1, -1):
        cell = row[index]
        if cell.col < header_first_col and not cell.blank:
            return index, cell.text
    return None


def _read_funds(rows: list[Row], strict: bool = False) -> tuple[Funds, str] | None:
    for start, row in enumerate(rows):
        if not _is_funds_header(row):
            continue
        columns = header_columns(row, lambda c: _label_field(c.key, FUND_COLUMNS))
        money_unit = ""
        for cell in row:
            if match := _UNIT_RE.search(compact(cell.text)):
                money_unit = match.group(1) or match.group(2)
        first_col = min(cols.start for cols in columns.values())
        matcher = Matcher(columns, FUND_PRIORITY)
        total: FundRow | None = None
        sources: list[FundRow] = []
        for data in rows[start + 1 :]:
            label = _row_label(data, first_col)
            if label is None:
                break
            index, text = label
            key = compact(text)
            is_total = any(key.startswith(t) or key.endswith(t) for t in FUND_TOTAL_LABELS)
            assigned, strays = matcher.assign(data[index + 1 :])
            if not is_total and not _is_source_row(key, assigned):
                break
            if strict and (extra := [c for c in strays if c.text.strip()]):
                raise GridError(
                    f"项目资金“{one_line(text)}”一行多出一格“{one_line(extra[0].text)}”，"
                    "表头中没有与之对应的栏目（表格多出一列）"
                )
            cells = {name: NumberCell(text=joined(found)) for name, found in assigned.items()}
            fund_row = FundRow(label=text.strip(), **cells)
            if is_total and total is None:
                total = fund_row
            else:
                sources.append(fund_row)
        return Funds(total=total or FundRow(label=FUND_TOTAL_LABEL), sources=sources), money_unit
    return None


_MONEY_FIELDS = ("initial_budget", "full_year_budget", "executed")
_PLAIN_AMOUNT = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?")
_NOT_FUNDS = ("年度总体目标", "总体目标", "预期目标", "绩效指标", "一级指标")


def _is_source_row(key: str, assigned: dict[str, list[GridCell]]) -> bool:
    """A source row is named like one ("其他资金") or, whatever its name ("单位自筹"), holds money."""
    if key.startswith(_NOT_FUNDS):
        return False
    if any(hint in key for hint in FUND_SOURCE_HINTS):
        return True
    money = [compact(joined(assigned.get(name, []))) for name in _MONEY_FIELDS]
    return len(key) <= 12 and any(_PLAIN_AMOUNT.fullmatch(text) for text in money)


_GOAL_EXPECTED = ("预期目标", "年度目标", "预期")
_GOAL_ACTUAL = ("实际完成情况", "实际完成", "完成情况")


def _read_goal(rows: list[Row]) -> Goal | None:
    for start, row in enumerate(rows):
        labelled = _has(row, "年度总体目标", "总体目标")
        if not labelled and not (_has(row, *_GOAL_EXPECTED) and _has(row, *_GOAL_ACTUAL)):
            continue
        labels = [c for c in row if c.key.startswith(_GOAL_EXPECTED) or c.key.startswith(_GOAL_ACTUAL)]
        if len(labels) >= 2:
            expected_col = next(c for c in labels if c.key.startswith(_GOAL_EXPECTED))
            actual_col = next(c for c in labels if c.key.startswith(_GOAL_ACTUAL))
            following = rows[start + 1] if start + 1 < len(rows) else []
            expected = _cell_at(following, expected_col)
            actual = _cell_at(following, actual_col)
            return Goal(expected=expected.strip(), actual=actual.strip())
        # "年度总体目标 | expected | actual" in one row, or labels down the rows
        texts = [c.text for c in row if not c.key.startswith(("年度总体目标", "总体目标"))]
        if len(texts) >= 2:
            return Goal(expected=texts[-2].strip(), actual=texts[-1].strip())
        expected = _read_after_label(rows, *_GOAL_EXPECTED)
        actual = _read_after_label(rows, *_GOAL_ACTUAL)
        return Goal(expected=expected, actual=actual)
    return None


def _cell_at(row: Row, label: GridCell) -> str:
    for cell in row:
        if cell.covers(label.col) or label.covers(cell.col):
            return cell.text
    return ""


def _read_after_label(rows: list[Row], *labels: str) -> str:
    for row in rows:
        if not _has(row, *labels):
            continue
        for index, cell in enumerate(row[:-1]):
            if cell.key.startswith(labels):
                return row[index + 1].text.strip()
    return ""


def _read_boxes(rows: list[Row]) -> list[str]:
    """The text of each form-level explanation box: the row opens with its label, the text follows in
    the next cell or after a colon in the label's cell ("偏差原因：受汛期影响工期顺延")."""
    found: list[str] = []
    for row in rows:
        if not row or not row[0].key.startswith(EXPLANATION_BOXES) or _is_indicator_header(row):
            continue  # the header's 偏差原因分析及改进措施 is a column, not a box
        if len(row) > 1:
            text = row[1].text.strip()
        else:
            text = row[0].text.replace("：", ":").partition(":")[2].strip()
        if not is_blank(text):
            found.append(text)
    return found
