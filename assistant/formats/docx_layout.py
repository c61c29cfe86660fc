"""The official layout of the form as rows of cells: the text, width and merges of every cell.

As in the seed: 项目资金, 年度总体目标 and 绩效指标 merged down their rows, 一级/二级指标 merged
down the indicators they head. Each section has its own column widths (money columns need not
line up with indicator columns); docx_writer derives the table grid from all cell edges. Pure
data, no Word here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..form import Form, FundRow, Indicator, Layout
from ..vocabulary import (
    FUND_LABELS,
    GOAL_LABELS,
    GRADES,
    HEADER_LABELS,
    INDICATOR_LABELS,
    SECTION_LABELS,
    TARGET_PART_LABELS,
)

Kind = Literal["label", "value", "text"]  # bold centred label, centred value, left-aligned prose
Merge = Literal["restart", "continue"] | None

PAGE_WIDTH = 257  # mm between the 20 mm margins of A4 landscape; every row adds up to it
SECTION = 17  # the merged section label column (项目资金, 年度总体目标, 绩效指标)
INDICATOR_WIDTHS: dict[str, tuple[float, ...]] = {
    # 一级, 二级, 三级, target cell(s), 实际完成值, 分值, 得分, 偏差原因
    "single-cell": (20, 24, 45, 45, 45, 14, 14, 33),
    "split-target": (17, 21, 31, 17, 30, 17, 34, 12, 12, 49),
}
# Labels of narrow columns are printed broken into short lines, as in the seed; the others are
# the vocabulary's labels as they are.
TARGET_LABELS = {
    "single-cell": ("年度\n指标值",),
    "split-target": tuple(TARGET_PART_LABELS.values()),
}
FUND_WIDTHS = (43, 36, 36, 36, 22, 30, 37)  # the row label, then one per FUND_LABELS
HEADER_WIDTHS = (30, 98.5, 30, 98.5)
GOAL_LABEL = "年度\n总体\n目标"


@dataclass(frozen=True)
class Cell:
    text: str = ""
    width: float = SECTION
    kind: Kind = "value"
    merge: Merge = None


Row = list[Cell]


def label(text: str, width: float = SECTION, merge: Merge = None) -> Cell:
    return Cell(text, width, "label", merge)


def form_rows(form: Form, layout: Layout) -> list[Row]:
    """Every row of one form's table, in order; each row adds up to PAGE_WIDTH."""
    return [row for table in form_tables(form, layout) for row in table]


def form_tables(form: Form, layout: Layout) -> list[list[Row]]:
    """The rows in two parts: header, funds and goal; then the indicators and the footer. Word
    writes them as two tables, so that the indicator header row, first in its table, can repeat
    on every page (a header row repeats only at the top of a table)."""
    rows = _header(form)
    if SECTION_LABELS["funds"] not in form.missing_sections:
        rows += _funds(form)
    if SECTION_LABELS["goal"] not in form.missing_sections:
        half = (PAGE_WIDTH - SECTION) / 2
        goal = form.goal
        rows += [
            [
                label(GOAL_LABEL, merge="restart"),
                label(GOAL_LABELS["expected"], half),
                label(GOAL_LABELS["actual"], half),
            ],
            [Cell(merge="continue"), Cell(goal.expected, half, "text"), Cell(goal.actual, half, "text")],
        ]
    widths = INDICATOR_WIDTHS[layout]
    indicators: list[Row] = []
    if SECTION_LABELS["indicators"] not in form.missing_sections:
        indicators = _indicators(form.indicators, layout, widths)
    return [rows, indicators + _footer(form, widths)]


def _header(form: Form) -> list[Row]:
    header = form.header
    left, value, right, value2 = HEADER_WIDTHS
    return [
        [label(HEADER_LABELS["project"], left), Cell(header.project, PAGE_WIDTH - left)],
        [
            label(HEADER_LABELS["department"], left),
            Cell(header.department, value),
            label(HEADER_LABELS["unit"], right),
            Cell(header.unit, value2),
        ],
        [
            label(HEADER_LABELS["leader"], left),
            Cell(header.leader, value),
            label(HEADER_LABELS["phone"], right),
            Cell(header.phone, value2),
        ],
    ]


def _funds(form: Form) -> list[Row]:
    unit = f"\n（{form.money_unit}）" if form.money_unit else ""  # broken as in the seed
    first, *money = FUND_WIDTHS
    rows: list[Row] = [
        [
            label(f"项目\n资金{unit}", merge="restart"),
            Cell("", first),
            *(label(text, width) for text, width in zip(FUND_LABELS.values(), money, strict=True)),
        ]
    ]
    for fund in (form.funds.total, *form.funds.sources):
        rows.append([Cell(merge="continue"), Cell(fund.label, first, "text"), *_fund_cells(fund, money)])
    return rows


def _fund_cells(fund: FundRow, widths: list[float]) -> list[Cell]:
    cells = (fund.initial_budget, fund.full_year_budget, fund.executed, fund.weight, fund.rate, fund.score)
    return [Cell(cell.text, width) for cell, width in zip(cells, widths, strict=True)]


def _indicators(indicators: list[Indicator], layout: Layout, widths: tuple[float, ...]) -> list[Row]:
    column = INDICATOR_LABELS
    labels = (column["level1"], column["level2"], column["name"], *TARGET_LABELS[layout])
    labels += ("实际\n完成值", column["weight"], column["score"], "偏差原因分析\n及改进措施")
    section = label("绩效\n指标", merge="restart" if indicators else None)
    rows: list[Row] = [[section, *(label(text, width) for text, width in zip(labels, widths, strict=True))]]
    for index, indicator in enumerate(indicators):
        before = indicators[index - 1] if index else None
        after = indicators[index + 1] if index + 1 < len(indicators) else None
        texts = [
            _name(indicator),
            *_target_texts(indicator, layout),
            indicator.actual.text,
            indicator.weight.text,
            indicator.score.text,
            indicator.deviation,
        ]
        kinds = ["text", *("value" for _ in texts[1:-1]), "text"]
        rows.append(
            [
                Cell(merge="continue"),
                _level(indicator.level1, widths[0], _key(before, 1), _key(after, 1), _key(indicator, 1)),
                _level(indicator.level2, widths[1], _key(before, 2), _key(after, 2), _key(indicator, 2)),
                *(Cell(t, w, k) for t, w, k in zip(texts, widths[2:], kinds, strict=True)),  # type: ignore[arg-type]
            ]
        )
    return rows


def _key(indicator: Indicator | None, level: int) -> tuple[str, ...] | None:
    """What a level cell merges on: the 一级 text, or the 一级 and 二级 texts together."""
    if indicator is None:
        return None
    return (indicator.level1,) if level == 1 else (indicator.level1, indicator.level2)


def _level(text: str, width: float, before: object, after: object, key: object) -> Cell:
    """一级/二级指标 merged down the rows they head: restart on the first, continue below."""
    if before == key:
        return Cell("", width, "label", "continue")
    return Cell(text, width, "label", "restart" if after == key else None)


def _name(indicator: Indicator) -> str:
    return f"{indicator.label}：{indicator.name}" if indicator.label else indicator.name


def _target_texts(indicator: Indicator, layout: Layout) -> list[str]:
    target = indicator.target
    if layout == "single-cell":
        return [target.display]
    return [target.operator_text or "", target.text, target.unit_text or ""]


def _footer(form: Form, widths: tuple[float, ...]) -> list[Row]:
    """总分 | weight total under 分值 | total under 得分 | grade; then 评价等级 and 其他需要说明事项."""
    weight, score, last = widths[-3:]
    lead = PAGE_WIDTH - weight - score - last
    grade = form.grade if form.grade in GRADES else ""
    rows: list[Row] = [
        [
            label(SECTION_LABELS["totals"], lead),
            Cell(form.stated_weight_total.text, weight),
            Cell(form.stated_total.text, score),
            Cell(grade, last),
        ]
    ]
    if form.grade and not grade:
        rows.append([label(SECTION_LABELS["grade"], lead), Cell(form.grade, PAGE_WIDTH - lead)])
    notes_label = SECTION + widths[0] + widths[1]
    for box in form.form_explanations:
        rows.append([label(EXPLANATION_BOX, notes_label), Cell(box, PAGE_WIDTH - notes_label, "text")])
    if form.other_notes:
        notes = SECTION_LABELS["notes"]
        rows.append([label(notes, notes_label), Cell(form.other_notes, PAGE_WIDTH - notes_label, "text")])
    return rows


EXPLANATION_BOX = "偏差大或目标未完成原因分析"
