"""The official layout of the form as rows of cells: which text goes in which grid columns, and
which label cells merge (as in the seed: 项目资金, 年度总体目标 and 绩效指标 merged down their rows,
一级/二级指标 merged down the indicators they head). Pure data; docx_writer renders it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..form import Form, FundRow, Indicator, Layout

Kind = Literal["label", "value", "text"]  # bold centred label, centred value, left-aligned prose
Merge = Literal["restart", "continue"] | None

# Column widths in mm; both add up to the 257 mm between the margins of A4 landscape.
WIDTHS: dict[str, tuple[float, ...]] = {
    "single-cell": (12, 20, 24, 50, 45, 45, 14, 14, 33),
    "split-target": (12, 18, 22, 44, 14, 20, 16, 36, 13, 13, 49),
}
INDICATOR_LABELS = {
    "single-cell": ("年度\n指标值",),
    "split-target": ("指标性质", "指标值", "度量单位"),
}
FUND_LABELS = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
GRADES = ("优", "良", "中", "差")


@dataclass(frozen=True)
class Cell:
    text: str = ""
    span: int = 1
    kind: Kind = "value"
    merge: Merge = None


Row = list[Cell]


def label(text: str, span: int = 1, merge: Merge = None) -> Cell:
    return Cell(text, span, "label", merge)


def form_rows(form: Form, layout: Layout) -> list[Row]:
    """Every row of one form's table, in order; each row's spans add up to the grid width."""
    width = len(WIDTHS[layout])
    middle = 5 if layout == "single-cell" else 6
    rows = _header(form, width, middle)
    if "项目资金" not in form.missing_sections:
        rows += _funds(form, width)
    if "年度总体目标" not in form.missing_sections:
        left, right = middle - 1, width - middle
        rows += [
            [label("年度总体目标", merge="restart"), label("预期目标", left), label("实际完成情况", right)],
            [
                Cell(merge="continue"),
                Cell(form.goal.expected, left, "text"),
                Cell(form.goal.actual, right, "text"),
            ],
        ]
    if "绩效指标" not in form.missing_sections:
        rows += _indicators(form.indicators, layout)
    rows += _footer(form, width)
    return rows


def _header(form: Form, width: int, middle: int) -> list[Row]:
    header = form.header
    left, right = middle - 2, width - middle - 2
    return [
        [label("项目名称", 2), Cell(header.project, width - 2)],
        [label("主管部门", 2), Cell(header.department, left), label("实施单位", 2), Cell(header.unit, right)],
        [label("项目负责人", 2), Cell(header.leader, left), label("联系电话", 2), Cell(header.phone, right)],
    ]


def _funds(form: Form, width: int) -> list[Row]:
    label_span = width - 1 - len(FUND_LABELS)
    unit = f"\n（{form.money_unit}）" if form.money_unit else ""
    rows: list[Row] = [
        [label(f"项目资金{unit}", merge="restart"), Cell("", label_span), *(label(t) for t in FUND_LABELS)]
    ]
    for fund in (form.funds.total, *form.funds.sources):
        rows.append([Cell(merge="continue"), Cell(fund.label, label_span, "text"), *_fund_cells(fund)])
    return rows


def _fund_cells(fund: FundRow) -> list[Cell]:
    return [
        Cell(cell.text)
        for cell in (
            fund.initial_budget,
            fund.full_year_budget,
            fund.executed,
            fund.weight,
            fund.rate,
            fund.score,
        )
    ]


def _indicators(indicators: list[Indicator], layout: Layout) -> list[Row]:
    first = [label("绩效指标", merge="restart" if indicators else None), label("一级指标"), label("二级指标")]
    rows: list[Row] = [
        [
            *first,
            label("三级指标"),
            *(label(t) for t in INDICATOR_LABELS[layout]),
            label("实际\n完成值"),
            label("分值"),
            label("得分"),
            label("偏差原因分析\n及改进措施"),
        ]
    ]
    previous: Indicator | None = None
    for index, indicator in enumerate(indicators):
        following = indicators[index + 1] if index + 1 < len(indicators) else None
        rows.append(
            [
                Cell(merge="continue"),
                _level(indicator.level1, previous and previous.level1, following and following.level1),
                _level(
                    indicator.level2,
                    previous and (previous.level1, previous.level2),
                    following and (following.level1, following.level2),
                    key=(indicator.level1, indicator.level2),
                ),
                Cell(_name(indicator), kind="text"),
                *_target_cells(indicator, layout),
                Cell(indicator.actual.text),
                Cell(indicator.weight.text),
                Cell(indicator.score.text),
                Cell(indicator.deviation, kind="text"),
            ]
        )
        previous = indicator
    return rows


def _level(text: str, before: object, after: object, key: object = None) -> Cell:
    """一级/二级指标 merged down the rows they head: restart on the first, continue below."""
    key = text if key is None else key
    if before == key:
        return Cell(merge="continue", kind="label")
    return Cell(text, kind="label", merge="restart" if after == key else None)


def _name(indicator: Indicator) -> str:
    if not indicator.label:
        return indicator.name
    return f"{indicator.label}：{indicator.name}"


def _target_cells(indicator: Indicator, layout: Layout) -> list[Cell]:
    target = indicator.target
    if layout == "single-cell":
        return [Cell(target.display)]
    return [Cell(target.operator_text or ""), Cell(target.text), Cell(target.unit_text or "")]


def _footer(form: Form, width: int) -> list[Row]:
    lead = width - 3  # 总分 spans up to the 分值 column
    grade = form.grade if form.grade in GRADES else ""
    rows: list[Row] = [
        [label("总分", lead), Cell(form.stated_weight_total.text), Cell(form.stated_total.text), Cell(grade)]
    ]
    if form.grade and not grade:
        rows.append([label("评价等级", lead), Cell(form.grade, 3)])
    if form.other_notes:
        rows.append([label("其他需要说明事项", 3), Cell(form.other_notes, width - 3, "text")])
    return rows
