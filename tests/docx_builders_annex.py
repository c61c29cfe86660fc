"""A document holding two forms (附件1, 附件2), built with python-docx independently of our writer.

附件1 uses the suffixed labels of published forms ("全年预算数（A）", "执行率（B/A）", "产出指标（50分）",
"年度总体目标完成情况", "年度绩效指标完成情况"), labels broken by line breaks, "指标1:" in its own
grid column, placeholder rows, indicator rows starting late (gridBefore) and 20-point funds.
附件2 is a compact form inside a one-cell layout frame (a nested table).
"""

from __future__ import annotations

from pathlib import Path

import docx

from assistant.form import Form, Indicator
from tests.docx_builders import grid_before, level_spans, put, put_header
from tests.docx_forms import suffixed_forms


def build_suffixed(path: Path) -> list[Form]:
    first, second = suffixed_forms()
    document = docx.Document()
    document.add_paragraph("附件1")
    document.add_paragraph(first.title)
    document.add_paragraph(f"（{first.year}年度）")
    _suffixed_table(document, first)
    document.add_page_break()
    document.add_paragraph("附件2")
    document.add_paragraph(second.title)
    document.add_paragraph(f"（{second.year}年度）")
    frame = document.add_table(rows=1, cols=1)  # a layout frame: the form is a table in its cell
    _plain_table(frame.cell(0, 0), second)
    document.save(str(path))
    return [first, second]


def _suffixed_table(document, form: Form) -> None:
    """三级指标 over two grid columns ("指标1:" | name); indicator rows start at column 1 (gridBefore)."""
    indicators: list[Indicator | None] = list(form.indicators)
    indicators.insert(1, None)  # "指标2：" placeholder under 数量指标
    indicators.append(None)  # "……" at the end
    n = len(indicators)
    table = document.add_table(rows=12 + n, cols=10)
    table.style = "Table Grid"
    put_header(table, form.header, split=5, last=9)
    put(table, 3, 0, "项目资金（万元）", bottom=7), put(table, 3, 1, "", right=2)
    put(table, 3, 3, "年初预算数", right=4)
    labels = ("全年预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）", "得分")
    for col, text in enumerate(labels, start=5):
        put(table, 3, col, text)
    for row, fund in enumerate((form.funds.total, *form.funds.sources), start=4):
        put(table, row, 1, fund.label, right=2), put(table, row, 3, fund.initial_budget.text, right=4)
        cells = (fund.full_year_budget, fund.executed, fund.weight, fund.rate, fund.score)
        for col, cell in enumerate(cells, start=5):
            put(table, row, col, cell.text)
    put(table, 8, 0, "年度总体目标完成情况", bottom=9)
    put(table, 8, 1, "预期目标", right=4), put(table, 8, 5, "实际完成情况", right=9)
    put(table, 9, 1, form.goal.expected, right=4), put(table, 9, 5, form.goal.actual, right=9)
    put(table, 10, 0, "年度绩效指标完成情况")
    header = (
        "一级指标",
        "二级指标",
        None,
        "年度\n指标值",
        "实际\n完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    )
    put(table, 10, 3, "三级指标", right=4)
    for col, text in enumerate(header, start=1):
        if text:
            put(table, 10, col if col < 3 else col + 1, text)
    first = 11
    spans = level_spans(indicators)
    for row, indicator in enumerate(indicators, start=first):
        label, name, values = ("……", "", [""] * 5) if indicator is None else _suffixed_cells(indicator)
        if indicator is None and row == first + 1:
            label = "指标2："
        put(table, row, 3, label), put(table, row, 4, name)
        for col, text in enumerate(values, start=5):
            put(table, row, col, text)
    for (level, top, bottom), text in spans:
        put(table, first + top, level, text, bottom=first + bottom)
    total = first + n
    put(table, total, 0, "总分", right=6)
    put(table, total, 7, form.stated_weight_total.text), put(table, total, 8, form.stated_total.text)
    for row in range(first, total):
        grid_before(table, row, 1)


def _suffixed_cells(indicator: Indicator) -> tuple[str, str, list[str]]:
    colon = ":" if indicator.name.startswith("改造") else "："  # half-width once, full-width elsewhere
    values = [indicator.target.text, indicator.actual.text, indicator.weight.text, indicator.score.text]
    return f"{indicator.label}{colon}", indicator.name, [*values, indicator.deviation]


def _plain_table(container, form: Form) -> None:
    """A compact single-cell layout, one grid column per label, inside another table's cell."""
    n = len(form.indicators)
    sources = form.funds.sources
    table = container.add_table(rows=8 + len(sources) + n, cols=9)
    table.style = "Table Grid"
    put_header(table, form.header, split=4, last=8, label_span=1)
    funds_rows = 1 + 1 + len(sources)
    put(table, 3, 0, "项目资金（万元）", bottom=3 + funds_rows - 1), put(table, 3, 1, "", right=2)
    for col, text in enumerate(("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"), start=3):
        put(table, 3, col, text)
    for row, fund in enumerate((form.funds.total, *sources), start=4):
        put(table, row, 1, fund.label, right=2)
        cells = (
            fund.initial_budget,
            fund.full_year_budget,
            fund.executed,
            fund.weight,
            fund.rate,
            fund.score,
        )
        for col, cell in enumerate(cells, start=3):
            put(table, row, col, cell.text)
    goal = 3 + funds_rows
    put(table, goal, 0, "年度总体目标"), put(table, goal, 1, form.goal.expected, right=4)
    put(table, goal, 5, form.goal.actual, right=8)
    head = goal + 1
    labels = (
        "绩效指标",
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因",
    )
    for col, text in enumerate(labels):
        put(table, head, col, text)
    for row, indicator in enumerate(form.indicators, start=head + 1):
        texts = (
            "",
            indicator.level1,
            indicator.level2,
            f"{indicator.label}：{indicator.name}",
            indicator.target.text,
            indicator.actual.text,
            indicator.weight.text,
            indicator.score.text,
            indicator.deviation,
        )
        for col, text in enumerate(texts):
            put(table, row, col, text)
    total = head + n + 1
    put(table, total, 0, "总分", right=5)
    put(table, total, 6, form.stated_weight_total.text), put(table, total, 7, form.stated_total.text)
