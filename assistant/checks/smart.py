"""SMART-*, ACTUAL-COPIES-TARGET, UNIT-MISMATCH: is each indicator measurable and honest?"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from ..findings import Finding
from ..form import Indicator
from ..lexicon import Lexicon, has_word
from ..values import Target, compact, is_blank, names_period, normalize, one_line, parse_quantity
from ..vocabulary import COST, COST_WORD, SATISFACTION_WORD, TIMELINESS, IndicatorField
from .category import compliance_level1
from .context import CheckContext

_OPERATOR_START = re.compile(r"^(≥|≤|>=|<=|>|<|=|不低于|不少于|不高于|不超过|不多于)")


def _found_word(text: str, words: list[str]) -> str | None:
    """The first word of the list that the text holds; most texts hold none, and are passed by
    one compiled scan."""
    if not has_word(words, text):
        return None
    return next((word for word in words if word in text), None)


def unmeasurable_variant(indicator: Indicator, target: Target, lexicon: Lexicon) -> str | None:
    """Why the target measures nothing, as the message variant, or None when it is measurable."""
    text = compact(indicator.target.display)
    if target.kind == "blank":
        return "blank"
    if compliance_level1(indicator) is not None:
        return None  # a 决策/过程 compliance item is judged qualitatively ("立项依据充分")
    if text == compact(indicator.actual.text) and target.kind == "qualitative":
        return "same_as_actual"
    if indicator.name and text == compact(indicator.name):
        return "same_as_name"
    if target.kind == "qualitative" and not has_word(lexicon.standard_words, text):
        if indicator.category2 == TIMELINESS and names_period(text):
            return None  # "春节前完成", "按季度拨付": a deadline is the test of a 时效指标
        return "no_number"
    return None


def check_unmeasurable(ctx: CheckContext) -> Iterator[Finding]:
    for index, indicator in enumerate(ctx.form.indicators):
        target = indicator.parse_target(ctx.form.year)
        variant = unmeasurable_variant(indicator, target, ctx.lexicon)
        if variant is not None:
            yield ctx.finding(
                "SMART-UNMEASURABLE",
                indicator.place(index, "target"),
                variant,
                target=one_line(indicator.target.display),
            )


def check_vague(ctx: CheckContext) -> Iterator[Finding]:
    """Vague words in a target, and in any actual (an actual must be a measurement). On an
    unmeasurable target ("效果明显") it is merged into SMART-UNMEASURABLE as a tag: one finding per
    cell, and the reviewer still sees why the wording is the problem."""
    words = ctx.lexicon.vague_words
    for index, indicator in enumerate(ctx.form.indicators):
        cells: list[tuple[IndicatorField, str]] = [
            ("target", indicator.target.display),
            ("actual", indicator.actual.text),
        ]
        for field, text in cells:  # the message variants are named after the cells
            if word := _found_word(text, words):
                yield ctx.finding(
                    "SMART-VAGUE",
                    indicator.place(index, field),
                    field,
                    text=one_line(text),
                    word=word,
                )


def check_deadline(ctx: CheckContext) -> Iterator[Finding]:
    year = ctx.form.year
    for index, indicator in enumerate(ctx.form.indicators):
        if indicator.category2 != TIMELINESS:
            continue
        target = indicator.parse_target(year)
        text = indicator.target.display
        place = indicator.place(index, "target")
        if target.kind == "date" and target.deadline and year and target.deadline.year != year:
            yield ctx.finding(
                "SMART-NO-DEADLINE",
                place,
                "outside_year",
                deadline=target.deadline.isoformat(),
                year=year,
            )
        elif target.kind == "numeric" and target.unit == "%":
            continue  # "资金到位及时率 ≥100%": a measurable timeliness rate
        elif target.kind == "numeric" and target.unit in ctx.lexicon.duration_units:
            continue  # "≤10个月", or "10" under "任务完成时限（月）" (the name's unit): a period
        elif target.kind != "date" and not names_period(text):
            example = f"{year}年12月31日前" if year else "当年12月31日前"  # the form's own year
            yield ctx.finding("SMART-NO-DEADLINE", place, target=one_line(text) or "（空）", example=example)


def check_cost_amount(ctx: CheckContext) -> Iterator[Finding]:
    money = ctx.lexicon.money_units
    for index, indicator in enumerate(ctx.form.indicators):
        if COST_WORD not in indicator.category2 and indicator.category1 != COST:
            continue
        target = indicator.parse_target(ctx.form.year)
        has_amount = target.kind == "numeric" and (
            target.unit in money or _found_word(indicator.target.display, money) is not None
        )
        if not has_amount:
            yield ctx.finding(
                "SMART-COST-NO-AMOUNT",
                indicator.place(index, "target"),
                target=one_line(indicator.target.display) or "（空）",
            )


def _is_full_satisfaction(text: str) -> bool:
    quantity = parse_quantity(text)
    return quantity is not None and quantity.is_percent and quantity.number >= Decimal(100)


def check_satisfaction(ctx: CheckContext) -> Iterator[Finding]:
    for index, indicator in enumerate(ctx.form.indicators):
        if SATISFACTION_WORD not in indicator.category1 + indicator.category2:
            continue
        cells: tuple[tuple[IndicatorField, str], ...] = (
            ("target", indicator.target.display),
            ("actual", indicator.actual.text),
        )
        for field, text in cells:
            if _is_full_satisfaction(text):
                yield ctx.finding(
                    "SMART-SATISFACTION",
                    indicator.place(index, field),
                    field,
                    text=one_line(text),
                )


def check_actual_copies_target(ctx: CheckContext) -> Iterator[Finding]:
    """A copy keeps the operator ("≥266米") or repeats the target's words; "100%" for "100%" is a result."""
    for index, indicator in enumerate(ctx.form.indicators):
        actual = one_line(indicator.actual.text)
        if is_blank(actual):
            continue
        numeric = indicator.parse_target(ctx.form.year).kind == "numeric"
        if _OPERATOR_START.match(normalize(actual)):
            yield ctx.finding(
                "ACTUAL-COPIES-TARGET", indicator.place(index, "actual"), "operator", actual=actual
            )
        elif (
            not numeric
            and compliance_level1(indicator) is None  # "合规" for "合规" is a compliance result
            and compact(actual) == compact(indicator.target.display)
        ):
            yield ctx.finding("ACTUAL-COPIES-TARGET", indicator.place(index, "actual"), "same", actual=actual)


def check_units(ctx: CheckContext) -> Iterator[Finding]:
    lexicon, form_unit = ctx.lexicon, ctx.form.money_unit
    for index, indicator in enumerate(ctx.form.indicators):
        target = indicator.parse_target(ctx.form.year)
        actual = indicator.actual.quantity
        if target.kind != "numeric":
            continue
        if (
            actual is not None
            and actual.unit
            and target.unit
            and not lexicon.same_unit(actual.unit, target.unit)
        ):
            yield ctx.finding(
                "UNIT-MISMATCH",
                indicator.place(index, "actual"),
                target_unit=target.unit,
                actual_unit=actual.unit,
            )
            continue
        if target.unit in ("元", "万元") and form_unit in ("元", "万元") and target.unit != form_unit:
            budget = ctx.form.funds.total.full_year_budget.value
            if (
                budget
                and target.number is not None
                and _implausible(target.number, target.unit, budget, form_unit)
            ):
                yield ctx.finding(
                    "UNIT-MISMATCH",
                    indicator.place(index, "target"),
                    "money",
                    form_unit=form_unit,
                    unit=target.unit,
                )


def _implausible(amount: Decimal, unit: str, budget: Decimal, form_unit: str) -> bool:
    """A cost target larger than twice the whole budget was written in the wrong unit."""
    in_form_unit = amount / 10000 if (unit, form_unit) == ("元", "万元") else amount * 10000
    return in_form_unit > budget * 2


CHECKS = (
    check_unmeasurable,
    check_vague,
    check_deadline,
    check_cost_amount,
    check_satisfaction,
    check_actual_copies_target,
    check_units,
)
