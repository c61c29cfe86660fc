"""SCORE-OVER-WEIGHT, SCORE-MISMATCH, TOTAL-SCORE, GRADE: the scores and what they add up to."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import partial

from ..findings import Finding
from ..place import Place, funds_total
from ..scoring import indicator_score
from ..values import agrees_as_written, format_decimal, round2
from .context import CheckContext

TOTAL_SCORE = Place(section="totals", field="score")


def check_over_weight(ctx: CheckContext) -> Iterator[Finding]:
    total = ctx.form.funds.total
    # Places are built only for the rows that get a finding (a Place is validated on creation).
    rows: list[tuple[Callable[[], Place], Decimal | None, Decimal | None]] = [
        (lambda: funds_total("score"), total.score.value, total.weight.value)
    ]
    rows += [
        (partial(i.place, index, "score"), i.score.value, i.weight.value)
        for index, i in enumerate(ctx.form.indicators)
    ]
    for where, score, weight in rows:
        if score is None or (score >= 0 and (weight is None or score <= weight)):
            continue
        place = where()
        if score < 0:
            yield ctx.finding(
                "SCORE-OVER-WEIGHT",
                place,
                "negative",
                score=format_decimal(score),
            )
        elif weight is not None and score > weight:
            yield ctx.finding(
                "SCORE-OVER-WEIGHT",
                place,
                "over",
                score=format_decimal(score),
                weight=format_decimal(weight),
            )


def check_mismatch(ctx: CheckContext) -> Iterator[Finding]:
    """Too high is an error; points taken although the rule gives more is a warning."""
    tolerance = ctx.rules.scoring.tolerance
    for index, indicator in enumerate(ctx.form.indicators):
        stated, weight = indicator.score.value, indicator.weight.value
        expected = indicator_score(indicator, ctx.rules, ctx.form.year)
        if expected is None or stated is None or weight is None or stated > weight:
            continue  # a score above its weight is SCORE-OVER-WEIGHT already
        if agrees_as_written(indicator.score.text, stated, expected, tolerance):
            continue  # "14.4" for 14.42: compared at the written precision
        over = stated > expected
        yield ctx.finding(
            "SCORE-MISMATCH",
            indicator.place(index, "score"),
            "over" if over else "under",
            severity="error" if over else "warning",
            target=indicator.target.display.strip(),
            actual=indicator.actual.text.strip(),
            expected=format_decimal(expected),
            weight=format_decimal(weight),
            stated=format_decimal(stated),
        )


def stated_sum(ctx: CheckContext) -> Decimal | None:
    """Funds score + Σ indicator scores as written, or None when one is missing."""
    parts = [ctx.form.funds.total.score.value, *(i.score.value for i in ctx.scored)]
    if any(p is None for p in parts):
        return None
    return sum((p for p in parts if p is not None), Decimal(0))


def check_total(ctx: CheckContext) -> Iterator[Finding]:
    form = ctx.form
    written = stated_sum(ctx)
    if written is None:
        return
    funds = form.funds.total.score.value or Decimal(0)
    stated = form.stated_total.value
    if stated is None:
        yield ctx.finding("TOTAL-SCORE", TOTAL_SCORE, "blank", sum=format_decimal(written))
    elif not agrees_as_written(form.stated_total.text, stated, written, ctx.rules.scoring.tolerance):
        yield ctx.finding(
            "TOTAL-SCORE",
            TOTAL_SCORE,
            stated=format_decimal(stated),
            funds=format_decimal(funds),
            indicators=format_decimal(written - funds),
            sum=format_decimal(round2(written)),
        )


def check_grade(ctx: CheckContext) -> Iterator[Finding]:
    stated, total = ctx.form.grade.strip(), ctx.computed.total_score
    expected = ctx.computed.grade
    if total is None or expected is None or stated == expected:
        return
    bands = "、".join(f"{b.grade}≥{format_decimal(b.min)}" for b in ctx.rules.grades)
    if not stated:
        if ctx.form.blank_grade_cell:  # a blank grade cell is a warning; a form without one says nothing
            place = Place(section="grade")
            yield ctx.finding(
                "GRADE", place, "blank", severity="warning", total=format_decimal(total), expected=expected
            )
        return
    yield ctx.finding(
        "GRADE",
        Place(section="grade"),
        stated=stated,
        total=format_decimal(total),
        expected=expected,
        bands=bands,
    )


CHECKS = (check_over_weight, check_mismatch, check_total, check_grade)
