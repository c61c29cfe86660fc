"""Rule cards and the card list as terminal text (the app renders the same models itself)."""

from __future__ import annotations

from ..findings import Finding
from ..vocabulary import SEVERITY_LABELS
from .cards import CellShown, Example, RuleCard, card_index, card_sections
from .feedback import plain_marks

MORE_LABELS = {True: "也算问题", False: "也没有问题"}
NOT_APPLIED = "注意：按当前规则集“{rules}”，下面的反例不算问题（检查不报）；换用其他规则集时才会报出。"


def _findings_lines(findings: list[Finding], indent: str) -> list[str]:
    return [f"{indent}[{f.code}] {f.location}：{f.message}" for f in findings]


def _cells(cells: list[CellShown], indent: str) -> list[str]:
    return [f"{indent}{cell.where}：{cell.text or '（空）'}" for cell in cells]


def _example(mark: str, label: str, example: Example) -> list[str]:
    lines = [f"{mark} {label}：{example.note}"]
    lines += _cells(example.cells, "    ")
    if example.findings:
        lines.append("    检查结果：")
        lines += _findings_lines(example.findings, "      ")
    else:
        lines.append("    检查结果：没有这个问题。")
    if example.other_findings:
        lines.append("    同时报出：")
        lines += _findings_lines(example.other_findings, "      ")
    return lines


def render_card(card: RuleCard) -> str:
    lines = [
        f"【{card.code}】{card.title}（{SEVERITY_LABELS.get(card.severity, card.severity)}）　{card.section}",
        "",
        f"是什么：{card.meaning}",
        f"为什么要紧：{card.why}",
        f"怎么算：{card.computed}",
        f"依据（{card.source_kind}）：{card.source}",
        "",
    ]
    if card.bad.context:
        lines.append("例子（在一张正确的样板表上改动；两例共同的改动）：")
        lines += _cells(card.bad.context, "    ")
    else:
        lines.append("例子（在一张正确的样板表上改动）：")
    if not card.applies:
        lines.append(NOT_APPLIED.format(rules=card.rules_title))
    lines += _example("✗", "反例", card.bad)
    lines += _example("✓", "正例", card.good)
    for more in card.more:  # where the rule's line runs
        lines += _example("✗" if more.raises else "✓", MORE_LABELS[bool(more.raises)], more)
    return "\n".join(plain_marks(line) for line in lines)  # text marks: a console may lack ✓ and ✗


def render_index() -> str:
    rows = {code: (severity, title) for code, severity, title in card_index()}
    width = max(len(code) for code in rows)
    lines = [f"规则卡片（共 {len(rows)} 张）。查看一张：jixiao learn 代码（如 jixiao learn FUND-RATE）"]
    for section, codes in card_sections():
        lines += ["", f"{section}（{len(codes)} 张）："]
        lines += [
            f"  {code.ljust(width)}  {SEVERITY_LABELS.get(rows[code][0], rows[code][0])}  {rows[code][1]}"
            for code in codes
        ]
    lines += [
        "",
        "案例库：jixiao learn example [序号]　　练习：jixiao learn exercise [--level 入门|进阶|综合]",
        "结业测试：jixiao learn exam --seed N --name 姓名　　学习记录：jixiao learn progress",
    ]
    return "\n".join(lines)
