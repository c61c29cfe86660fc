"""DEVIATION-MISSING, DEVIATION-OVERACHIEVED, DEVIATION-UNSPENT: the 偏差原因分析及改进措施."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..place import funds_total
from ..scoring import spending
from ..values import compact, format_decimal, format_percent
from .context import CheckContext
from .explanations import funds_explained, row_explained


def check_missing(ctx: CheckContext) -> Iterator[Finding]:
    for index, indicator in enumerate(ctx.form.indicators):
        score, weight = indicator.score.value, indicator.weight.value
        if score is None or weight is None or score >= weight:
            continue
        if row_explained(ctx.form, index, ctx.lexicon):
            continue
        if ctx.is_placeholder(indicator.deviation):
            continue  # left for the unit to complete: DRAFT-PLACEHOLDER reports the cell, once
        written = compact(indicator.deviation)
        yield ctx.finding(
            "DEVIATION-MISSING",
            indicator.place(index, "deviation"),
            score=format_decimal(score),
            weight=format_decimal(weight),
            found=f"只写了“{written}”" if written else "为空",
        )


def check_overachieved(ctx: CheckContext) -> Iterator[Finding]:
    threshold = ctx.rules.deviation.overachieved_ratio
    for index, indicator in enumerate(ctx.form.indicators):
        target = indicator.parse_target(ctx.form.year)
        actual = indicator.actual.quantity
        if target.kind != "numeric" or target.is_reverse or not target.number or actual is None:
            continue
        if target.number <= 0 or (
            actual.unit and target.unit and not ctx.lexicon.same_unit(actual.unit, target.unit)
        ):
            continue
        ratio = actual.number / target.number
        if ratio < threshold or ctx.is_placeholder(indicator.deviation):
            continue
        if not row_explained(ctx.form, index, ctx.lexicon):
            yield ctx.finding(
                "DEVIATION-OVERACHIEVED",
                indicator.place(index, "deviation"),
                actual=indicator.actual.text.strip(),
                target=indicator.target.display.strip(),
                ratio=format_percent(ratio * 100),
                threshold=format_percent(threshold * 100),
            )


def check_unspent(ctx: CheckContext) -> Iterator[Finding]:
    """The total row's rate; when that row has no budget, the one source row's that carries the
    money (its own FUND-* findings report the empty total): the message names the row used."""
    spent = spending(ctx.form)
    if spent is None or spent.rate >= ctx.rules.deviation.unspent_rate_below:
        return
    if funds_explained(ctx.form, ctx.lexicon):
        return
    yield ctx.finding(
        "DEVIATION-UNSPENT",
        funds_total(),
        "default" if spent.row is ctx.form.funds.total else "source_row",
        rate=format_percent(spent.rate),
        unspent=format_decimal(spent.unspent),
        unit=ctx.form.money_unit,
        row=spent.row.label,
    )


CHECKS = (check_missing, check_overachieved, check_unspent)
