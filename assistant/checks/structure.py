"""HEADER-MISSING, GOAL-MISSING, STRUCTURE-MISSING, VALUE-UNREADABLE: is the form complete?"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..values import compact
from .context import CheckContext

HEADER_FIELDS = (("project", "项目名称"), ("department", "主管部门"), ("unit", "实施单位"))


def check_header(ctx: CheckContext) -> Iterator[Finding]:
    for attr, label in HEADER_FIELDS:
        if not compact(getattr(ctx.form.header, attr)):
            yield ctx.finding("HEADER-MISSING", f"基本信息/{label}", field=label)


def check_goal(ctx: CheckContext) -> Iterator[Finding]:
    goal = ctx.form.goal
    if "年度总体目标" in ctx.form.missing_sections:
        return  # reported by check_sections
    for attr, label in (("expected", "预期目标"), ("actual", "实际完成情况")):
        text = compact(getattr(goal, attr))
        location = f"年度总体目标/{label}"
        if not text:
            yield ctx.finding("GOAL-MISSING", location, "blank", field=label)
        elif word := next((w for w in ctx.lexicon.template_words if w in text), None):
            yield ctx.finding("GOAL-MISSING", location, "template", field=label, word=word)
    if compact(goal.actual) and compact(goal.actual) == compact(goal.expected):
        yield ctx.finding("GOAL-MISSING", "年度总体目标/实际完成情况", "copied")


def check_sections(ctx: CheckContext) -> Iterator[Finding]:
    form, rules = ctx.form, ctx.rules
    for section in form.missing_sections:
        yield ctx.finding("STRUCTURE-MISSING", section, "section", section=section)
    if not form.indicators:
        if "绩效指标" not in form.missing_sections:
            yield ctx.finding("STRUCTURE-MISSING", "绩效指标", "no_indicators")
        return
    level1 = {i.category1 for i in form.indicators}
    level2 = {i.category2 for i in form.indicators}
    for category in rules.categories.required_level1:
        if category not in level1:
            yield ctx.finding("STRUCTURE-MISSING", f"绩效指标/{category}", "level1", category=category)
    for category in rules.categories.required_level2:
        # 成本指标 counts whether filed under 产出指标 (2020) or as its own first level (2021).
        if category not in level2 and category not in level1:
            yield ctx.finding("STRUCTURE-MISSING", f"绩效指标/{category}", "level2", category=category)


def check_unreadable(ctx: CheckContext) -> Iterator[Finding]:
    for index, indicator in enumerate(ctx.form.indicators):
        for cell, label in ((indicator.weight, "分值"), (indicator.score, "得分")):
            location = f"{indicator.location}/{label}"
            if cell.unreadable:
                yield ctx.finding(
                    "VALUE-UNREADABLE",
                    location,
                    indicator_index=index,
                    cell=f"“{indicator.title}”的{label}",
                    text=cell.text,
                )
            elif cell.blank:
                yield ctx.finding(
                    "VALUE-UNREADABLE",
                    location,
                    "blank",
                    indicator_index=index,
                    cell=f"“{indicator.title}”的{label}",
                )
    for cell, label in ((ctx.form.stated_total, "总分"),):
        if cell.unreadable:
            yield ctx.finding("VALUE-UNREADABLE", "总分/得分", cell=label, text=cell.text)


CHECKS = (check_header, check_goal, check_sections, check_unreadable)
