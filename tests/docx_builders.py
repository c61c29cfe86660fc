"""Word documents built cell by cell with python-docx's own table API, independently of our writer.

Each builder lays out a form the way some authority publishes it (its own merges: gridSpan,
vMerge, gridBefore, a nested table; its own label variants) and returns the forms the document
says, written out by hand, so a reader test compares against what a person reads in the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from assistant.form import Form, Header, Indicator
from tests.docx_forms import sichuan_form
from tests.examples import form_from_example


def put(
    table, top: int, left: int, text: str | Sequence[str], bottom: int | None = None, right: int | None = None
):
    """Merge the rectangle (python-docx writes gridSpan / vMerge), then write its text.

    A str may hold "\\n" (python-docx makes it a w:br line break); a list gives one paragraph per item.
    """
    cell = table.cell(top, left)
    if bottom is not None or right is not None:
        cell = cell.merge(table.cell(top if bottom is None else bottom, left if right is None else right))
    lines = [text] if isinstance(text, str) else list(text)
    cell.text = lines[0] if lines else ""
    for line in lines[1:]:
        cell.add_paragraph(line)
    return cell


def put_header(
    table, header: Header, split: int, last: int, label_span: int = 2, department: str = "主管部门"
) -> None:
    """The three header rows every layout shares: 项目名称 and its value across the table, then two
    label | value pairs a row, the second pair from column `split`; labels span `label_span` columns."""

    def label(row: int, col: int, text: str) -> None:
        put(table, row, col, text, right=col + label_span - 1 if label_span > 1 else None)

    label(0, 0, "项目名称"), put(table, 0, label_span, header.project, right=last)
    pairs = [
        (department, header.department, "实施单位", header.unit),
        ("项目负责人", header.leader, "联系电话", header.phone),
    ]
    for row, (left_label, left, right_label, right) in enumerate(pairs, start=1):
        label(row, 0, left_label), put(table, row, label_span, left, right=split - 1)
        label(row, split, right_label), put(table, row, split + label_span, right, right=last)


def grid_before(table, row: int, columns: int) -> None:
    """Drop the row's first cells and declare them skipped with w:gridBefore."""
    tr = table.rows[row]._tr
    for tc in tr.tc_lst[:columns]:
        tr.remove(tc)
    before = OxmlElement("w:gridBefore")
    before.set(qn("w:val"), str(columns))
    tr.get_or_add_trPr().insert(0, before)


# --- Sichuan: split target, money in 元, two-row indicator header, 权重 -----------------------


def build_sichuan(path: Path) -> list[Form]:
    form = sichuan_form()
    document = docx.Document()
    document.add_paragraph(form.title)
    document.add_paragraph("填报单位（盖章）：某县人力资源和社会保障局")
    n_ind = len(form.indicators) + 1  # + a placeholder row
    table = document.add_table(rows=13 + n_ind + 2, cols=11)
    table.style = "Table Grid"
    put_header(table, form.header, split=5, last=10, department="主管部门及代码")
    # funds: 项目资金（元） merged down six rows; 调整后预算数 over two grid columns
    put(table, 3, 0, "项目资金\n（元）", bottom=8)
    put(table, 3, 1, "", right=3)
    for col, text in ((4, "年初预算"), (7, "预算执行数"), (8, "预算执行率"), (9, "权重"), (10, "得分")):
        put(table, 3, col, text)
    put(table, 3, 5, "调整后预算数", right=6)
    for row, fund in enumerate((form.funds.total, *form.funds.sources), start=4):
        put(table, row, 1, fund.label, right=3)
        put(table, row, 4, fund.initial_budget.text)
        put(table, row, 5, fund.full_year_budget.text, right=6)
        put(table, row, 7, fund.executed.text)
        if fund is form.funds.total:
            (
                put(table, row, 8, fund.rate.text),
                put(table, row, 9, fund.weight.text),
                put(table, row, 10, fund.score.text),
            )
        else:
            put(table, row, 8, fund.weight.text, right=10)  # "—" across 执行率/权重/得分
    put(table, 9, 0, "年度总体目标", bottom=10)
    put(table, 9, 1, "预期目标", right=5), put(table, 9, 6, "实际完成情况", right=10)
    put(table, 10, 1, form.goal.expected.split("\n"), right=5)
    put(table, 10, 6, form.goal.actual, right=10)
    # indicator header over two rows: 年度指标值 above 指标性质 / 指标值 / 度量单位
    last = 12 + n_ind
    put(table, 11, 0, "绩\n效\n指\n标", bottom=last)
    for col, text in (
        (1, "一级指标"),
        (2, "二级指标"),
        (3, "三级指标"),
        (7, "实际完成值"),
        (8, "权重"),
        (9, "得分"),
    ):
        put(table, 11, col, text, bottom=12)
    put(table, 11, 10, "未完成原因和\n改进措施", bottom=12)
    put(table, 11, 4, "年度指标值", right=6)
    put(table, 12, 4, "指标性质"), put(table, 12, 5, "指标值"), put(table, 12, 6, "度量单位")
    rows = list(range(13, 13 + n_ind))
    put(table, rows[0], 1, "产出指标", bottom=rows[3]), put(table, rows[4], 1, "效益指标", bottom=rows[5])
    put(table, rows[6], 1, "满意度指标")
    indicators = [*form.indicators[:5], None, form.indicators[5]]
    for row, indicator in zip(rows, indicators, strict=True):
        if indicator is None:  # placeholder: a second 效益 row left empty
            put(table, row, 2, "可持续影响指标")
            continue
        put(table, row, 2, indicator.level2), put(table, row, 3, indicator.name)
        target = indicator.target
        if target.operator_text or target.unit_text:
            put(table, row, 4, target.operator_text or ""), put(table, row, 5, target.text)
            put(table, row, 6, target.unit_text or "")
        else:
            put(table, row, 4, target.text, right=6)  # "有效" across the three target cells
        put(table, row, 7, indicator.actual.text), put(table, row, 8, indicator.weight.text)
        put(table, row, 9, indicator.score.text), put(table, row, 10, indicator.deviation)
    put(table, last + 1, 0, "总分", right=7)
    put(table, last + 1, 8, form.stated_weight_total.text), put(table, last + 1, 9, form.stated_total.text)
    put(table, last + 1, 10, form.grade)
    put(table, last + 2, 0, "其他需要说明事项", right=3), put(table, last + 2, 4, form.other_notes, right=10)
    document.save(str(path))
    return [form]


# --- the published Yunnan example (examples/yongde-2022.yaml), split layout ----------------


def build_yongde(path: Path, data: dict[str, Any]) -> list[Form]:
    form = form_from_example(data)
    document = docx.Document()
    document.add_paragraph(form.title)
    n = len(form.indicators)
    table = document.add_table(rows=13 + n, cols=11)
    table.style = "Table Grid"
    put_header(table, form.header, split=6, last=10)
    # 项目资金（元）: merged two columns wide and five rows down; 得分 over two grid columns
    put(table, 3, 0, "项目资金\n（元）", bottom=7, right=1), put(table, 3, 2, "", right=3)
    for col, text in enumerate(("年初预算数", "全年预算数", "全年执行数", "分值", "执行率"), start=4):
        put(table, 3, col, text)
    put(table, 3, 9, "得分", right=10)
    for row, fund in enumerate((form.funds.total, *form.funds.sources), start=4):
        put(table, row, 2, fund.label, right=3)
        cells = (fund.initial_budget, fund.full_year_budget, fund.executed, fund.weight, fund.rate)
        for col, cell in enumerate(cells, start=4):
            put(table, row, col, cell.text)
        put(table, row, 9, fund.score.text, right=10)
    put(table, 8, 0, "年度总体目标", bottom=9, right=1)
    put(table, 8, 2, "预期目标", right=6), put(table, 8, 7, "实际完成情况", right=10)
    put(table, 9, 2, form.goal.expected, right=6), put(table, 9, 7, form.goal.actual, right=10)
    labels = ("一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位")
    labels += ("实际完成值", "分值", "得分", "偏差原因分析及改进措施")
    put(table, 10, 0, "绩效指标", bottom=10 + n)
    for col, text in enumerate(labels, start=1):
        put(table, 10, col, text)
    for row, indicator in enumerate(form.indicators, start=11):
        target = indicator.target
        texts = (target.operator_text, target.text, target.unit_text, indicator.actual.text)
        texts += (indicator.weight.text, indicator.score.text, indicator.deviation)
        put(table, row, 3, indicator.name)
        for col, text in enumerate(texts, start=4):
            put(table, row, col, text or "")
    for (level, top, bottom), text in level_spans(list(form.indicators)):
        put(table, 11 + top, level, text, bottom=11 + bottom)
    total = 11 + n
    put(table, total, 0, "总分", right=7), put(table, total, 8, form.stated_weight_total.text)
    put(table, total, 9, form.stated_total.text), put(table, total, 10, form.grade)
    (
        put(table, total + 1, 0, "其他需要说明事项", right=2),
        put(table, total + 1, 3, form.other_notes, right=10),
    )
    document.save(str(path))
    return [form]


def level_spans(indicators: list[Indicator | None]) -> list[tuple[tuple[int, int, int], str]]:
    """Merged 一级/二级 cells as ((grid column, first row, last row), text): runs of rows with the
    same text; a placeholder row (None) belongs to the run above it."""
    spans = []
    for level, attribute in ((1, "level1"), (2, "level2")):
        runs: list[list] = []  # [first, last, text]
        for index, indicator in enumerate(indicators):
            text = None if indicator is None else getattr(indicator, attribute)
            if runs and (text is None or text == runs[-1][2]):
                runs[-1][1] = index
            else:
                runs.append([index, index, text])
        spans += [((level, first, last), text) for first, last, text in runs]
    return spans
