"""Worked examples: a real form as a table with every finding marked on its row, and the
corrected version (correction.py) side by side, changed cells marked with why they changed.
"""

from __future__ import annotations

from pydantic import BaseModel

from ..findings import Finding
from ..form import Form
from ..rules import RuleSet
from ..values import one_line
from .checking import findings_for
from .correction import CellChange, GateNote, correct
from .sources import LearnError, example_keys, real_form

FUNDS_COLUMNS = (
    ("initial_budget", "年初预算数"),
    ("full_year_budget", "全年预算数"),
    ("executed", "全年执行数"),
    ("weight", "分值"),
    ("rate", "执行率"),
    ("score", "得分"),
)
INDICATOR_COLUMNS = (
    ("category1", "一级指标"),
    ("category2", "二级指标"),
    ("name", "三级指标"),
    ("target", "年度指标值"),
    ("actual", "实际完成值"),
    ("weight", "分值"),
    ("score", "得分"),
    ("deviation", "偏差原因分析及改进措施"),
)


class Cell(BaseModel):
    column: str
    before: str
    after: str
    changed: bool
    why: str = ""


class WorkedRow(BaseModel):
    """One row of the side-by-side table: the funds total, an indicator, the footer or the rest."""

    key: str  # "funds", "indicator:3", "footer", "form"
    label: str
    cells: list[Cell]
    before: list[Finding]  # findings on this row in the original form
    after: list[Finding]  # findings on this row after the correction


class WorkedExample(BaseModel):
    key: str
    title: str
    lesson: str
    original: Form
    corrected: Form
    rows: list[WorkedRow]
    changes: list[CellChange]
    gates: list[GateNote]
    findings_before: list[Finding]
    findings_after: list[Finding]


def _row_key(finding: Finding) -> str:
    if finding.indicator_index is not None:
        return f"indicator:{finding.indicator_index}"
    if finding.location.startswith("项目资金"):
        return "funds"
    if finding.location.startswith(("总分", "评价等级", "其他需要说明事项")):
        return "footer"
    return "form"


def _indicator_text(form: Form, index: int, attr: str) -> str:
    if index >= len(form.indicators):
        return ""
    row = form.indicators[index]
    value = getattr(row, attr)
    if attr == "target":
        return one_line(row.target.display)
    if attr == "name":
        return one_line(row.name) or one_line(row.label)
    return one_line(value if isinstance(value, str) else value.text)


def _cells(pairs: list[tuple[str, str, str]], whys: dict[str, str]) -> list[Cell]:
    return [
        Cell(column=column, before=before, after=after, changed=before != after, why=whys.get(column, ""))
        for column, before, after in pairs
    ]


def build_rows(
    original: Form, corrected: Form, before: list[Finding], after: list[Finding], changes: list[CellChange]
) -> list[WorkedRow]:
    """The table both forms share (a correction never adds or removes rows)."""

    def on(key: str, findings: list[Finding]) -> list[Finding]:
        return [f for f in findings if _row_key(f) == key]

    def whys(prefix: str, names: dict[str, str]) -> dict[str, str]:
        found = {}
        for change in changes:
            if change.path.startswith(prefix):
                attr = change.path.removeprefix(prefix)
                found[names.get(attr, attr)] = change.why
        return found

    rows: list[WorkedRow] = []
    total_a, total_b = original.funds.total, corrected.funds.total
    rows.append(
        WorkedRow(
            key="funds",
            label=f"年度资金总额（{original.money_unit}）",
            cells=_cells(
                [
                    (name, getattr(total_a, a).text.strip(), getattr(total_b, a).text.strip())
                    for a, name in FUNDS_COLUMNS
                ],
                whys("funds.total.", dict(FUNDS_COLUMNS)),
            ),
            before=on("funds", before),
            after=on("funds", after),
        )
    )
    names = {"level1": "一级指标", "level2": "二级指标", **dict(INDICATOR_COLUMNS)}
    for index, row in enumerate(original.indicators):
        key = f"indicator:{index}"
        pairs = [
            (column, _indicator_text(original, index, attr), _indicator_text(corrected, index, attr))
            for attr, column in INDICATOR_COLUMNS
        ]
        rows.append(
            WorkedRow(
                key=key,
                label=f"第 {index + 1} 个指标　{row.category1}/{row.category2}",
                cells=_cells(pairs, whys(f"indicators.{index}.", names)),
                before=on(key, before),
                after=on(key, after),
            )
        )
    footer = [
        ("分值合计", original.stated_weight_total.text.strip(), corrected.stated_weight_total.text.strip()),
        ("总分", original.stated_total.text.strip(), corrected.stated_total.text.strip()),
        ("评价等级", original.grade.strip(), corrected.grade.strip()),
        ("其他需要说明事项", one_line(original.other_notes), one_line(corrected.other_notes)),
    ]
    footer_whys = whys("", {"stated_weight_total": "分值合计", "stated_total": "总分", "grade": "评价等级"})
    footer_whys |= whys("", {"other_notes": "其他需要说明事项"})
    rows.append(
        WorkedRow(
            key="footer",
            label="总分",
            cells=_cells(footer, footer_whys),
            before=on("footer", before),
            after=on("footer", after),
        )
    )
    rows.append(
        WorkedRow(key="form", label="整张表", cells=[], before=on("form", before), after=on("form", after))
    )
    return rows


def worked_example(key: str, rules: RuleSet) -> WorkedExample:
    """Raises LearnError (Chinese) when the example's file is missing."""
    real = real_form(key)
    correction = correct(real.form, rules, real.causes)
    before = findings_for(real.form, rules)
    after = findings_for(correction.form, rules)
    return WorkedExample(
        key=real.key,
        title=real.title,
        lesson=real.lesson,
        original=real.form,
        corrected=correction.form,
        rows=build_rows(real.form, correction.form, before, after, correction.changes),
        changes=correction.changes,
        gates=correction.gates,
        findings_before=before,
        findings_after=after,
    )


def worked_example_text(rules: RuleSet, item: str | None) -> int:
    """`jixiao learn example [N]`: the list, or one example as text; exit status."""
    import sys

    from ..commands.common import EXIT_OK, EXIT_UNREADABLE
    from .render_example import render_example, render_example_list

    keys = example_keys()
    if item is None:
        print(render_example_list(keys))
        return EXIT_OK
    if not item.isdigit() or not 1 <= int(item) <= len(keys):
        print(f"错误：没有序号为“{item}”的示例表（可用 1–{len(keys)}）", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        example = worked_example(keys[int(item) - 1][0], rules)
    except LearnError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    print(render_example(example))
    return EXIT_OK
