"""HEADER-MISSING, GOAL-MISSING, GOAL-VAGUE, STRUCTURE-MISSING, VALUE-UNREADABLE: is the form complete?"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import Finding
from ..place import Place, section_place
from ..values import compact, one_line
from ..vocabulary import GOAL_LABELS, HEADER_LABELS, INDICATOR_LABELS, SECTION_LABELS, HeaderField
from .category import category_words, is_evaluation_template
from .context import CheckContext

REQUIRED_HEADER: tuple[HeaderField, ...] = ("project", "department", "unit")


def check_header(ctx: CheckContext) -> Iterator[Finding]:
    for attr in REQUIRED_HEADER:
        if not compact(getattr(ctx.form.header, attr)):
            label = HEADER_LABELS[attr]
            yield ctx.finding("HEADER-MISSING", Place(section="header", field=attr), field=label)


def check_goal(ctx: CheckContext) -> Iterator[Finding]:
    goal = ctx.form.goal
    if SECTION_LABELS["goal"] in ctx.form.missing_sections:
        return  # reported by check_sections
    for attr, label in GOAL_LABELS.items():
        text = compact(getattr(goal, attr))
        place = Place(section="goal", field=attr)
        if not text:
            yield ctx.finding("GOAL-MISSING", place, "blank", field=label)
        elif word := next((w for w in ctx.lexicon.template_words if w in text), None):
            yield ctx.finding("GOAL-MISSING", place, "template", field=label, word=word)
    if compact(goal.actual) and compact(goal.actual) == compact(goal.expected):
        yield ctx.finding("GOAL-MISSING", Place(section="goal", field="actual"), "copied")


_AMOUNT = re.compile(r"\d[\d,，.]*")
_PUNCTUATION = re.compile(r"[\W_]+")
GOAL_VAGUE_REST = 4  # characters left besides money and the project name that still say nothing


def goal_vague_variant(text: str, project: str, filler: list[str]) -> str | None:
    """ "money" or "name" when the goal text says only the money or the project name, else None."""
    text = compact(text)
    if not text:
        return None
    rest = text.replace(compact(project), "") if compact(project) else text
    named = rest != text
    has_amount = bool(_AMOUNT.search(rest))
    rest = _AMOUNT.sub("", rest)
    for word in sorted(filler, key=len, reverse=True):
        rest = rest.replace(word, "")
    if len(_PUNCTUATION.sub("", rest)) > GOAL_VAGUE_REST or not (named or has_amount):
        return None
    return "money" if has_amount else "name"


def check_goal_vague(ctx: CheckContext) -> Iterator[Finding]:
    """A goal that only restates the money ("完成资金支出XX万元") or the project name."""
    if SECTION_LABELS["goal"] in ctx.form.missing_sections:
        return
    for attr, label in GOAL_LABELS.items():
        text = getattr(ctx.form.goal, attr)
        variant = goal_vague_variant(text, ctx.form.header.project, ctx.lexicon.goal_filler_words)
        if variant is not None:
            place = Place(section="goal", field=attr)
            yield ctx.finding("GOAL-VAGUE", place, variant, field=label, text=one_line(text))


def check_sections(ctx: CheckContext) -> Iterator[Finding]:
    form, rules = ctx.form, ctx.rules
    for section in form.missing_sections:
        yield ctx.finding("STRUCTURE-MISSING", section_place(section), "section", section=section)
    if not form.indicators:
        if SECTION_LABELS["indicators"] not in form.missing_sections:
            yield ctx.finding("STRUCTURE-MISSING", Place(section="indicators"), "no_indicators")
        return
    level1 = {i.category1 for i in form.indicators}
    level2 = {i.category2 for i in form.indicators}
    if is_evaluation_template(form):  # 决策 / 过程 / 产出 / 效益: no 满意度 or 成本 required
        template = category_words().evaluation_template.level1
        for category in (c for c in template if c not in level1 and f"{c}指标" not in level1):
            place = Place(section="indicators", level1=category)
            yield ctx.finding("STRUCTURE-MISSING", place, "level1", category=category)
        return
    for category in rules.categories.required_level1:
        if category not in level1:
            place = Place(section="indicators", level1=category)
            yield ctx.finding("STRUCTURE-MISSING", place, "level1", category=category)
    for category in rules.categories.required_level2:
        # 成本指标 counts whether filed under 产出指标 (2020) or as its own first level (2021).
        if category not in level2 and category not in level1:
            place = Place(section="indicators", level2=category)
            yield ctx.finding("STRUCTURE-MISSING", place, "level2", category=category)


def check_unreadable(ctx: CheckContext) -> Iterator[Finding]:
    breakdown = ctx.breakdown  # a 其中 row's weight and score are the row above's
    for index, indicator in enumerate(ctx.form.indicators):
        if index in breakdown:
            continue
        for field in ("weight", "score"):
            cell, label = getattr(indicator, field), INDICATOR_LABELS[field]
            if cell.unreadable:
                place = indicator.place(index, field)
                yield ctx.finding(
                    "VALUE-UNREADABLE", place, cell=f"“{indicator.title}”的{label}", text=cell.text
                )
            elif cell.blank:
                place = indicator.place(index, field)
                yield ctx.finding("VALUE-UNREADABLE", place, "blank", cell=f"“{indicator.title}”的{label}")
    if ctx.form.stated_total.unreadable:
        place = Place(section="totals", field="score")
        label = SECTION_LABELS["totals"]
        yield ctx.finding("VALUE-UNREADABLE", place, cell=label, text=ctx.form.stated_total.text)


CHECKS = (check_header, check_goal, check_goal_vague, check_sections, check_unreadable)
