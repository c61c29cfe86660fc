"""The indicator table (绩效指标) and the 总分 row: columns found by their labels, cells by position.

Split out of grid.py; the header may take two rows (年度指标值 over 指标性质 / 指标值 / 度量单位).
"""

from __future__ import annotations

import re

from ..form import Indicator
from ..values import compact, is_blank, one_line
from ..vocabulary import GRADES, INDICATOR_LABELS
from .grid_columns import (
    Columns,
    GridCell,
    GridError,
    Matcher,
    Row,
    assign,
    header_columns,
    joined,
    label_field,
    narrow,
    row_keys,
)

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
# Ties between columns a merged data cell spans go to the earlier field.
INDICATOR_PRIORITY = (
    "target", "name", "actual", "weight", "score", "deviation", "level1", "level2", "operator", "unit",
)  # fmt: skip
REQUIRED_INDICATOR_COLUMNS = {
    field: INDICATOR_LABELS[field] for field in ("name", "target", "actual", "weight", "score")
}
END_OF_INDICATORS = (
    "总分", "合计", "评价等级", "自评等级", "其他需要说明", "综合评价", "偏差大", "改进措施及结果应用",
)  # fmt: skip

_LABEL_RE = re.compile(r"^\s*(?:(指标\s*\d+)\s*[:：.、]?|(\d+)\s*[:：.、]|(……|…))\s*", re.S)


def has(row: Row, *labels: str) -> bool:
    """Some cell of the row is labelled with one of `labels` (its key starts with it)."""
    keys = row_keys(row)
    for label in labels:  # noqa: SIM110 - a plain loop: this runs for every row, several times per form
        if "\n" + label in keys:
            return True
    return False


def is_indicator_header(row: Row) -> bool:
    """一级指标 and 三级指标 (or 二级指标) in one row."""
    keys = row_keys(row)
    return "\n一级指标" in keys and ("\n三级指标" in keys or "\n二级指标" in keys)


def split_label(text: str) -> tuple[str, str]:
    """ "指标1：保障…" → ("指标1", "保障…"); a name without a number → ("", name)."""
    match = _LABEL_RE.match(text)
    if not match:
        return "", text.strip()
    label = compact(match.group(1) or match.group(2) or "")
    return label, text[match.end() :].strip()


def _field(cell: GridCell) -> str | None:
    return label_field(cell.key, INDICATOR_COLUMNS)


def _is_sub_header(row: Row) -> bool:
    """The second header row of the split layout: 指标性质 / 指标值 / 度量单位 under 年度指标值."""
    fields = [_field(c) for c in row if not c.blank]
    return bool(fields) and all(fields) and bool({"operator", "unit"} & set(fields))


def _indicator_columns(rows: list[Row], start: int, strict: bool) -> tuple[Columns, int]:
    """The columns named by the header row (and a sub-header row), and where the data starts."""
    columns = header_columns(rows[start], _field)
    body = start + 1
    if body < len(rows) and _is_sub_header(rows[body]):
        columns.update(header_columns(rows[body], _field))
        body += 1
    narrow(columns, "target", ("operator", "unit"))
    if strict and (
        absent := [title for name, title in REQUIRED_INDICATOR_COLUMNS.items() if name not in columns]
    ):
        raise GridError(f"绩效指标表头缺少“{'”“'.join(absent)}”栏，无法对应各列")
    return columns, body


def _is_note_row(row: Row, assigned: dict[str, list[GridCell]]) -> bool:
    """One text across most of the table ("注：…"): not an indicator."""
    if len(assigned) > 2:  # an indicator row fills most columns: decided without counting
        return False
    filled = [c for c in row if not c.blank]
    return len(filled) == 1 and filled[0].span >= 3 and sum(len(v) for v in assigned.values()) <= 2


_BODY = ("target", "actual", "weight", "score", "operator")  # a row with none of these is a placeholder


def read_indicators(
    rows: list[Row], strict: bool = False, start: int | None = None
) -> tuple[list[Indicator], bool, Columns] | None:
    """The indicator rows below the header (found, or `start` when the caller has found it)."""
    if start is None:
        start = next((i for i, row in enumerate(rows) if is_indicator_header(row)), None)
    if start is None:
        return None
    columns, body_start = _indicator_columns(rows, start, strict)
    split = "operator" in columns or "unit" in columns
    indicators: list[Indicator] = []
    level1 = level2 = ""
    matcher = Matcher(columns, INDICATOR_PRIORITY)
    for row in rows[body_start:]:
        if has(row, *END_OF_INDICATORS):
            break
        assigned, strays = matcher.assign(row)
        if _is_note_row(row, assigned):
            break
        values = dict.fromkeys(columns, "")
        for field, cells in assigned.items():
            values[field] = joined(cells)
        level1 = values.get("level1") or level1
        level2 = values.get("level2") or level2
        label, name = split_label(values.get("name", ""))
        if strict:
            _check_row(label or name or level2, assigned, strays, columns)
        if not name and all(is_blank(values.get(k, "")) for k in _BODY):
            continue  # placeholder row: "指标2：", "……", empty
        if strict and (absent := [t for n, t in REQUIRED_INDICATOR_COLUMNS.items() if n not in assigned]):
            raise GridError(f"绩效指标“{label or name}”一行缺少“{'”“'.join(absent)}”栏（这一行比表头少列）")
        # One validation of the whole row, its cells as dicts: cheaper than one call per cell.
        indicators.append(
            Indicator.model_validate(
                {
                    "level1": level1,
                    "level2": level2,
                    "label": label,
                    "name": name,
                    "target": {
                        "text": values.get("target", ""),
                        "operator_text": values.get("operator") if split else None,
                        "unit_text": values.get("unit") if split else None,
                    },
                    "actual": {"text": values.get("actual", "")},
                    "weight": {"text": values.get("weight", "")},
                    "score": {"text": values.get("score", "")},
                    "deviation": values.get("deviation", ""),
                }
            )
        )
    return indicators, split, columns


def _check_row(where: str, assigned: dict, strays: list[GridCell], columns: Columns) -> None:
    extra = [c for c in strays if c.text.strip()]
    if extra:
        raise GridError(
            f"绩效指标“{one_line(where)}”一行多出一格“{one_line(extra[0].text)}”，"
            "表头中没有与之对应的栏目（表格多出一列）"
        )


def read_totals(rows: list[Row], columns: Columns | None = None) -> tuple[str, str, str]:
    weight_total = total = grade = ""
    for row in rows:
        if not has(row, "总分", "合计", "评价等级", "自评等级", "等级"):
            continue  # nothing below reads any other row (a bare grade counts beside 总分 only)
        for index, cell in enumerate(row):
            key = cell.key
            if key.startswith(("总分", "合计")) and not weight_total and not total:
                placed = _placed_totals(row[index + 1 :], columns or {})
                if placed is not None:
                    weight_total, total = placed
                    continue
                numbers = [
                    c.text.strip()
                    for c in row[index + 1 :]
                    if not c.blank and re.search(r"\d", c.text) and "等级" not in c.key
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


def _placed_totals(cells: Row, columns: Columns) -> tuple[str, str] | None:
    """总分 | weight total | total score, when the cells sit under the 分值 and 得分 columns."""
    if "weight" not in columns or "score" not in columns:
        return None
    assigned, _ = assign(cells, {k: columns[k] for k in ("weight", "score")}, ("weight", "score"))
    if not assigned:
        return None
    return joined(assigned.get("weight", ())), joined(assigned.get("score", ()))
