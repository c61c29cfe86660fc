"""Exercises, judgements and progress as terminal text."""

from __future__ import annotations

from ..findings import code_catalogue
from ..values import one_line
from ..vocabulary import FUND_LABELS, FUND_TOTAL_LABEL
from ..vocabulary import INDICATOR_LABELS as COLUMN
from .exercises import Exercise
from .feedback import plain_marks
from .judging import Judgement
from .progress import KIND_TITLES, Summary


def row_lines(exercise: Exercise) -> list[str]:
    """The indicator row as the trainee sees it."""
    assert exercise.form is not None and exercise.row is not None
    row = exercise.form.indicators[exercise.row]
    name = one_line(row.name) or one_line(row.label) or "（空）"
    weight, score = row.weight.text.strip() or "（空）", row.score.text.strip() or "（空）"
    return [
        f"  {COLUMN['level1']}：{row.category1}　{COLUMN['level2']}：{row.category2}",
        f"  {COLUMN['name']}：{name}",
        f"  {COLUMN['target']}：{one_line(row.target.display) or '（空）'}",
        f"  {COLUMN['actual']}：{one_line(row.actual.text) or '（空）'}",
        f"  {COLUMN['weight']}：{weight}　{COLUMN['score']}：{score}",
        f"  {COLUMN['deviation']}：{one_line(row.deviation) or '（空）'}",
    ]


def funds_lines(exercise: Exercise) -> list[str]:
    case = exercise.funds
    assert case is not None
    cells = {
        "initial_budget": case.initial_budget or "（空）",
        "full_year_budget": case.full_year_budget,
        "executed": case.executed,
        "weight": case.weight,
    }
    return [
        f"  {FUND_TOTAL_LABEL}（{case.money_unit}）",
        "  " + "　".join(f"{FUND_LABELS[field]}：{text}" for field, text in cells.items()),
    ]


def option_lines(exercise: Exercise) -> list[str]:
    catalogue = code_catalogue()
    lines = [f"  {n}. [{code}] {catalogue[code].title}" for n, code in enumerate(exercise.options, 1)]
    return [*lines, "  0. 没有问题"]


def render_exercise(exercise: Exercise, number: int, count: int) -> str:
    lines = [f"第 {number}/{count} 题　{exercise.title}（{exercise.source}）"]
    lines += funds_lines(exercise) if exercise.kind == "compute" else row_lines(exercise)
    lines.append(exercise.instruction)
    if exercise.kind == "choose":
        lines += option_lines(exercise)
    return "\n".join(lines)


def render_judgement(judgement: Judgement) -> str:
    lines = [("[答对] " if judgement.correct else "[答错] ") + judgement.summary]
    lines += [f"  {plain_marks(line)}" for line in judgement.lines]
    if judgement.findings and not judgement.correct:
        lines.append("  检查的原话：")
        lines += [f"    [{f.code}] {f.message}" for f in judgement.findings]
    if judgement.reference:
        lines.append(f"  参考写法：{judgement.reference}")
    return "\n".join(lines)


def render_summary(summary: Summary) -> str:
    if not summary.answered:
        return "还没有练习记录。用 jixiao learn exercise 开始一轮练习。"
    share = summary.correct * 100 // summary.answered
    lines = [
        f"学习记录：共 {summary.rounds} 轮，答题 {summary.answered} 道，"
        f"答对 {summary.correct} 道（{share}%）",
        "按题型：",
    ]
    lines += [
        f"  {KIND_TITLES.get(k.kind, k.kind)}：{k.correct}/{k.answered}"
        for k in summary.by_kind
        if k.answered
    ]
    if summary.weak_codes:
        catalogue = code_catalogue()
        lines.append("最常出错的问题（建议重读这些规则卡片）：")
        lines += [
            f"  [{code}] {catalogue[code].title if code in catalogue else ''}：{n} 次"
            for code, n in summary.weak_codes
        ]
    lines.append("最近几轮：")
    lines += [f"  {r.started}　{r.correct}/{r.answered}" for r in summary.recent]
    return "\n".join(lines)
