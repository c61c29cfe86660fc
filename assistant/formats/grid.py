"""From table rows to forms: the label-driven reader shared by the text and Word importers.

Importers turn a file into a sequence of paragraphs and table rows; a row is a list of
`GridCell`s (text plus the grid columns it covers). This module finds each form by its labels
(项目名称, 全年预算数, 一级指标, 总分 …), never by fixed positions, so it copes with the layouts
and label variants of different authorities.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..form import (
    Form,
    FundRow,
    Funds,
    Goal,
    Header,
    Indicator,
    NumberCell,
    TargetCell,
)
from ..values import compact, is_blank


@dataclass(frozen=True)
class GridCell:
    text: str
    col: int  # first grid column the cell covers
    span: int = 1

    @property
    def key(self) -> str:
        """The text as a label: no spaces or line breaks, no trailing colon."""
        return compact(self.text).rstrip(":：")

    def covers(self, col: int) -> bool:
        return self.col <= col < self.col + self.span


Row = list[GridCell]
Item = str | Row  # a paragraph, or a table row


def row_from_texts(texts: Sequence[str]) -> Row:
    """A row whose cells each take one grid column (text copied out of Word)."""
    return [GridCell(text, index) for index, text in enumerate(texts)]


# --- labels ---------------------------------------------------------------------------------

HEADER_LABELS = {
    "project": ("项目名称",),
    "department": ("主管部门", "主管单位", "预算部门"),
    "unit": ("实施单位", "项目实施单位", "单位名称"),
    "leader": ("项目负责人", "负责人"),
    "phone": ("联系电话", "电话"),
}
ALL_HEADER_LABELS = tuple(label for labels in HEADER_LABELS.values() for label in labels)

FUND_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # order matters: 执行率 before 执行数, 年初预算 before 预算
    ("rate", ("执行率", "预算执行率")),
    ("initial_budget", ("年初预算",)),
    ("full_year_budget", ("全年预算", "调整后预算", "全年预算数", "预算数")),
    ("executed", ("全年执行", "预算执行数", "执行数", "实际执行", "实际支出")),
    ("weight", ("分值", "权重")),
    ("score", ("得分",)),
)
FUND_TOTAL_LABELS = ("年度资金总额", "资金总额", "合计", "总计")
FUND_SOURCE_HINTS = ("资金", "拨款", "财政", "结转", "其中")

INDICATOR_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("level1", ("一级指标",)),
    ("level2", ("二级指标",)),
    ("name", ("三级指标",)),
    ("operator", ("指标性质", "指标方向", "性质")),
    ("unit", ("度量单位", "计量单位", "单位")),
    ("actual", ("实际完成值", "全年实际完成值", "实际完成", "实际值", "完成值")),
    ("target", ("年度指标值", "年度目标值", "指标值", "预期指标值", "目标值")),
    ("weight", ("分值", "权重")),
    ("score", ("得分",)),
    ("deviation", ("偏差原因", "偏差原因分析及改进措施", "未完成原因", "偏差")),
)
END_OF_INDICATORS = ("总分", "合计", "评价等级", "自评等级", "其他需要说明", "综合评价")
GRADES = ("优", "良", "中", "差")

_LABEL_RE = re.compile(r"^\s*(?:(指标\s*\d+)\s*[:：.、]?|(\d+)\s*[:：.、]|(……|…))\s*", re.S)
_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")
_UNIT_RE = re.compile(r"[（(]\s*(万元|元|千元|亿元)\s*[)）]|单位\s*[:：]\s*(万元|元|千元|亿元)")


def _strip_suffix(key: str) -> str:
    """ "全年预算数（A）", "产出指标（50分）" → the label without its bracketed suffix."""
    return re.sub(r"[（(][^）)]*[)）]$", "", key)


def _label_field(key: str, columns: tuple[tuple[str, tuple[str, ...]], ...]) -> str | None:
    bare = _strip_suffix(key)
    for name, labels in columns:
        if any(bare.startswith(label) for label in labels):
            return name
    return None


def _is_header_label(key: str) -> str | None:
    for name, labels in HEADER_LABELS.items():
        if key in labels or any(key.startswith(label) and len(key) <= len(label) + 3 for label in labels):
            return name
    return None


def _has(row: Row, *labels: str) -> bool:
    return any(cell.key.startswith(label) for cell in row for label in labels)


def _is_funds_header(row: Row) -> bool:
    fields = {_label_field(c.key, FUND_COLUMNS) for c in row}
    return "executed" in fields and ("full_year_budget" in fields or "initial_budget" in fields)


def _is_indicator_header(row: Row) -> bool:
    return _has(row, "一级指标") and _has(row, "三级指标", "二级指标")


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
    for item in items:
        texts = [item] if isinstance(item, str) else [c.text for c in item if not is_blank(c.text)]
        if isinstance(item, str) or len(texts) <= 1:
            current = segments[-1] if segments else None
            if current is None or current.closed:
                preamble.extend(texts)
            elif not isinstance(item, str):
                current.rows.append(item)
            else:
                current.rows.append([GridCell(item, 0)])
            continue
        row = item
        last = segments[-1] if segments else None
        opens_table = _is_funds_header(row) or _is_indicator_header(row)
        starts = _has(row, "项目名称") or ((last is None or last.closed) and opens_table)
        if last is None or (starts and (_segment_has_header(last) or last.closed)):
            segments.append(_Segment(preamble=preamble))
            preamble = []
        segments[-1].rows.append(row)
        if _has(row, "总分") or _has(row, "其他需要说明"):
            segments[-1].closed = True
    return [s for s in segments if _looks_like_form(s)]


def _segment_has_header(segment: _Segment) -> bool:
    return any(_has(row, "项目名称") for row in segment.rows)


def _looks_like_form(segment: _Segment) -> bool:
    return any(
        _has(row, "项目名称") or _is_funds_header(row) or _is_indicator_header(row) for row in segment.rows
    )


# --- reading one form ----------------------------------------------------------------------


def build_forms(items: Iterable[Item]) -> list[Form]:
    return [build_form(segment.preamble, segment.rows) for segment in split_forms(items)]


def build_form(preamble: list[str], rows: list[Row]) -> Form:
    missing: list[str] = []
    title, year = _title_and_year(preamble, rows)
    header = _read_header(rows)
    funds_result = _read_funds(rows)
    if funds_result is None:
        missing.append("项目资金")
        funds, money_unit = Funds(), ""
    else:
        funds, money_unit = funds_result
    goal = _read_goal(rows)
    if goal is None:
        missing.append("年度总体目标")
        goal = Goal()
    indicators_result = _read_indicators(rows)
    if indicators_result is None:
        missing.append("绩效指标")
        indicators, split = [], False
    else:
        indicators, split = indicators_result
    after = next((i for i, row in enumerate(rows) if _is_indicator_header(row)), 0)
    weight_total, total, grade = _read_totals(rows[after:])
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
        other_notes=_read_after_label(rows, "其他需要说明"),
        missing_sections=missing,
    )


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
        if cell.col < header_first_col and not is_blank(cell.text):
            return index, cell.text
    return None


def _read_funds(rows: list[Row]) -> tuple[Funds, str] | None:
    for start, row in enumerate(rows):
        if not _is_funds_header(row):
            continue
        columns = {c.col: name for c in row if (name := _label_field(c.key, FUND_COLUMNS))}
        money_unit = ""
        for cell in row:
            if match := _UNIT_RE.search(compact(cell.text)):
                money_unit = match.group(1) or match.group(2)
        first_col = min(columns)
        total: FundRow | None = None
        sources: list[FundRow] = []
        for data in rows[start + 1 :]:
            label = _row_label(data, first_col)
            if label is None:
                break
            index, text = label
            key = compact(text)
            is_total = any(key.startswith(t) or key.endswith(t) for t in FUND_TOTAL_LABELS)
            if not is_total and not any(hint in key for hint in FUND_SOURCE_HINTS):
                break
            cells = {
                name: NumberCell(text=cell.text.strip())
                for cell in data[index + 1 :]
                for col, name in columns.items()
                if cell.covers(col)
            }
            fund_row = FundRow(label=text.strip(), **cells)
            if is_total and total is None:
                total = fund_row
            else:
                sources.append(fund_row)
        return Funds(total=total or FundRow(label="年度资金总额"), sources=sources), money_unit
    return None


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
        for index, cell in enumerate(row[:-1]):
            if cell.key.startswith(labels):
                return row[index + 1].text.strip()
    return ""


def _split_label(text: str) -> tuple[str, str]:
    """ "指标1：保障…" → ("指标1", "保障…"); a name without a number → ("", name)."""
    match = _LABEL_RE.match(text)
    if not match:
        return "", text.strip()
    label = compact(match.group(1) or match.group(2) or "")
    return label, text[match.end() :].strip()


def _read_indicators(rows: list[Row]) -> tuple[list[Indicator], bool] | None:
    start = next((i for i, row in enumerate(rows) if _is_indicator_header(row)), None)
    if start is None:
        return None
    header = rows[start]
    columns: dict[str, GridCell] = {}
    for cell in header:
        name = _label_field(cell.key, INDICATOR_COLUMNS)
        if name and name not in columns:
            columns[name] = cell
    split = "operator" in columns or "unit" in columns
    indicators: list[Indicator] = []
    level1 = level2 = ""
    for row in rows[start + 1 :]:
        if any(c.key.startswith(END_OF_INDICATORS) for c in row):
            break
        values = {name: _cell_at(row, label).strip() for name, label in columns.items()}
        level1 = values.get("level1") or level1
        level2 = values.get("level2") or level2
        label, name = _split_label(values.get("name", ""))
        body = [values.get(k, "") for k in ("target", "actual", "weight", "score", "operator")]
        if not name and all(is_blank(v) for v in body):
            continue  # placeholder row: "指标2：", "……", empty
        indicators.append(
            Indicator(
                level1=level1,
                level2=level2,
                label=label,
                name=name,
                target=TargetCell(
                    text=values.get("target", ""),
                    operator_text=values.get("operator") if split else None,
                    unit_text=values.get("unit") if split else None,
                ),
                actual={"text": values.get("actual", "")},
                weight=NumberCell(text=values.get("weight", "")),
                score=NumberCell(text=values.get("score", "")),
                deviation=values.get("deviation", ""),
            )
        )
    return indicators, split


def _read_totals(rows: list[Row]) -> tuple[str, str, str]:
    weight_total = total = grade = ""
    for row in rows:
        for index, cell in enumerate(row):
            key = cell.key
            if key.startswith(("总分", "合计")) and not weight_total and not total:
                numbers = [
                    c.text.strip()
                    for c in row[index + 1 :]
                    if not is_blank(c.text) and re.search(r"\d", c.text) and "等级" not in c.key
                ]
                if len(numbers) >= 2:
                    weight_total, total = numbers[0], numbers[1]
                elif numbers:
                    total = numbers[0]
            if key.startswith(("评价等级", "自评等级", "等级")) and index + 1 < len(row):
                grade = row[index + 1].text.strip()
            elif key in GRADES and not grade and any(c.key.startswith("总分") for c in row):
                grade = key
    return weight_total, total, grade
