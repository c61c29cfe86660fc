"""HEADER-MISSING, GOAL-MISSING, GOAL-VAGUE, STRUCTURE-MISSING, VALUE-UNREADABLE: is the form complete?"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

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


_AMOUNT = re.compile(r"\d+(?:[,，.]\d+)*")
_PUNCTUATION = re.compile(r"[\W_]+")
GOAL_VAGUE_REST = 4  # characters left besides money and the project name that still say nothing


@cache
def _not_in_words(words: tuple[str, ...]) -> re.Pattern[str]:
    """The characters of the words, to strip: what remains no removal of a word can touch."""
    chars = "".join(re.escape(c) for c in sorted(set("".join(words))))
    return re.compile(f"[{chars}]" if chars else "(?!)")


@cache
def _longest_first(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


def _amount_kinds(text: str, money_units: tuple[str, ...]) -> set[str]:
    """What the numbers of a goal text count: "money" (a money unit, "2000万", or a bare number: the
    form's amounts are money), "percent" ("70%"); a number with another unit ("200人次", "2022年")
    counts something else and is neither."""
    kinds = set()
    for match in _AMOUNT.finditer(text):
        after = text[match.end() :]
        if after.startswith(("%", "％")):
            kinds.add("percent")
        elif after.startswith(money_units) or not after.removeprefix("万")[:1].isalnum():
            kinds.add("money")
    return kinds


def goal_vague_variant(
    text: str, project: str, filler: list[str], money_units: list[str] | None = None
) -> str | None:
    """How a goal text says nothing, else None: "money" when it restates only an amount of money,
    "percent" only a completion percentage, "name" only the project name, "filler" nothing but
    filler words ("完成年度目标")."""
    text = compact(text)
    if not text:
        return None
    rest = text.replace(compact(project), "") if compact(project) else text
    named = rest != text
    kinds = _amount_kinds(rest, _longest_first(tuple(money_units or ())))
    rest = _AMOUNT.sub("", rest)
    words = _PUNCTUATION.sub("", rest)
    # Removing filler words removes only their characters: more characters left that are in no
    # filler word than the rule allows, and the goal says something (most goals, decided here).
    if len(_not_in_words(tuple(filler)).sub("", words)) > GOAL_VAGUE_REST:
        return None
    worded = bool(words)
    for word in _longest_first(tuple(filler)):
        rest = rest.replace(word, "")
    left = len(_PUNCTUATION.sub("", rest))
    if left > GOAL_VAGUE_REST:
        return None
    if "money" in kinds or "percent" in kinds:
        return "money" if "money" in kinds else "percent"
    if named:
        return "name"
    return "filler" if worded and left == 0 else None


def check_goal_vague(ctx: CheckContext) -> Iterator[Finding]:
    """A goal that only restates the money ("完成资金支出XX万元"), a completion percentage
    ("完成项目主体工程70%"), the project name, or says only "完成年度目标"."""
    if SECTION_LABELS["goal"] in ctx.form.missing_sections:
        return
    for attr, label in GOAL_LABELS.items():
        text = getattr(ctx.form.goal, attr)
        words = ctx.lexicon.goal_filler_words, ctx.lexicon.money_units
        variant = goal_vague_variant(text, ctx.form.header.project, *words)
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
    form = ctx.form
    breakdown = ctx.breakdown  # a 其中 row's weight and score are the row above's
    # A 绩效目标申报表 often has no 分值 column at all: blank weights on every row are the
    # template's, not the unit's omission (a partly filled column is still reported).
    no_weight_column = ctx.target_setting and all(i.weight.blank for i in form.indicators)
    fields = ("score",) if no_weight_column else ("weight", "score")
    for index, indicator in enumerate(form.indicators):
        if index in breakdown:
            continue
        # a row not yet measured (an adopted rewrite, a corrected form): check_placeholders reports
        # the placeholder once; its empty score is part of it, not a second finding
        waiting = ctx.is_placeholder(indicator.actual.text)
        for field in fields:
            cell, label = getattr(indicator, field), INDICATOR_LABELS[field]
            if ctx.is_placeholder(cell.text) or (waiting and field == "score" and cell.blank):
                continue
            if cell.unreadable:
                place = indicator.place(index, field)
                yield ctx.finding(
                    "VALUE-UNREADABLE", place, cell=f"“{indicator.title}”的{label}", text=cell.text
                )
            elif cell.blank:
                place = indicator.place(index, field)
                yield ctx.finding("VALUE-UNREADABLE", place, "blank", cell=f"“{indicator.title}”的{label}")
    total = form.stated_total
    if total.unreadable and not ctx.is_placeholder(total.text):
        place = Place(section="totals", field="score")
        yield ctx.finding("VALUE-UNREADABLE", place, cell=SECTION_LABELS["totals"], text=total.text)


def check_placeholders(ctx: CheckContext) -> Iterator[Finding]:
    """DRAFT-PLACEHOLDER: text a person must still complete or measure (lexicon.yaml
    placeholder_marks: "【待填：…】", "【待实测】"), once per cell where it was left."""
    form, placeholder = ctx.form, ctx.is_placeholder
    for index, indicator in enumerate(form.indicators):
        if placeholder(indicator.actual.text):
            place, text = indicator.place(index, "actual"), indicator.actual.text.strip()
            yield ctx.finding("DRAFT-PLACEHOLDER", place, "actual", row=indicator.title, text=text)
        elif placeholder(indicator.score.text):
            cell = f"“{indicator.title}”的{INDICATOR_LABELS['score']}"
            yield ctx.finding("DRAFT-PLACEHOLDER", indicator.place(index, "score"), "pending", cell=cell)
        if placeholder(indicator.deviation):
            yield ctx.finding("DRAFT-PLACEHOLDER", indicator.place(index, "deviation"))
    if placeholder(form.stated_total.text):
        place = Place(section="totals", field="score")
        yield ctx.finding("DRAFT-PLACEHOLDER", place, "pending", cell=SECTION_LABELS["totals"])
    if placeholder(form.goal.actual):
        place = Place(section="goal", field="actual")
        yield ctx.finding("DRAFT-PLACEHOLDER", place, "pending", cell=GOAL_LABELS["actual"])
    if placeholder(form.other_notes):
        yield ctx.finding("DRAFT-PLACEHOLDER", Place(section="notes"))


CHECKS = (check_header, check_goal, check_goal_vague, check_sections, check_unreadable, check_placeholders)
