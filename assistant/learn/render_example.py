"""Worked examples as terminal text: row by row, the original with its findings, then what the
correction changed (原 → 改, with why) and what is still left for the unit to do."""

from __future__ import annotations

from ..findings import Finding
from ..vocabulary import INDICATOR_LABELS as COLUMN
from .case_example import CaseExample
from .examples import WorkedRow

MARKS = {"error": "[错误]", "warning": "[警告]", "info": "[提示]"}  # text: a terminal may lack the symbols


LEGEND = "图例：[错误] 必须更正，[警告] 需要补充或说明；“原 → 改”为更正改动的单元格。"


def _count(findings: list[Finding]) -> str:
    errors = sum(f.severity == "error" for f in findings)
    warnings = sum(f.severity == "warning" for f in findings)
    return f"错误 {errors} 项，警告 {warnings} 项"


def _finding(f: Finding) -> str:
    return f"    {MARKS.get(f.severity, '·')} {f.code}：{f.message}"


def _row(row: WorkedRow) -> list[str]:
    if not row.cells and not row.before and not row.after:
        return []
    lines = [f"━ {row.label}"]
    kept = [
        f"{cell.column}：{cell.before}"
        for cell in row.cells
        if not cell.changed and cell.before and cell.column not in (COLUMN["level1"], COLUMN["level2"])
    ]
    if kept:
        lines.append("    " + "　".join(kept))
    lines += [
        f"    {cell.column}：{cell.before or '（空）'} → {cell.after or '（空）'}　（{cell.why}）"
        for cell in row.cells
        if cell.changed
    ]
    if row.before:
        lines.append("  原表的问题：")
        lines += [_finding(f) for f in row.before]
    if row.after:
        lines.append("  更正后仍需填报人处理：")
        lines += [_finding(f) for f in row.after]
    return lines


def _case_head(example: CaseExample) -> list[str]:
    """The opening of a case from the library: what it is, and that a trainer corrected it by hand."""
    kind = "按常见错误编写的案例" if example.constructed else "公开发布的自评表"
    return [
        f"【案例】{example.title}（{example.sector}；{kind}）",
        f"问题：{example.lesson}",
        f"原表：{_count(example.findings_before)}；更正后：{_count(example.findings_after)}。",
        "更正后的表由人工逐格改写：指标值改了而原实际完成值衡量不了新指标的，写【待实测】并清空得分；"
        "各一级指标的分值不变。",
        "",
    ]


def render_example(example: CaseExample) -> str:
    lines = _case_head(example)
    for row in example.rows:
        lines += _row(row)
    return "\n".join([*lines, "", f"讲解：{example.explanation}", "", LEGEND])


def render_example_list(keys: list[tuple[str, str]]) -> str:
    lines = ["典型问题案例库：jixiao learn example 序号；--out 文件.json|.docx 导出更正后的表", ""]
    lines += [f"  {n}. {title}" for n, (_, title) in enumerate(keys, 1)]
    return "\n".join(lines)
