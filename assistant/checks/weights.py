"""WEIGHT-TOTAL and WEIGHT-SCHEME: how the 100 points are shared out."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal

from ..findings import Finding
from ..form import Form, Indicator
from ..place import Place, funds_total
from ..values import format_decimal
from .context import CheckContext

TOTAL_WEIGHT = Place(section="totals", field="weight")


def level1_weights(form: Form, scored: Sequence[Indicator] | None = None) -> dict[str, Decimal]:
    """Σ weights per first-level category, in the order the form lists them (`scored`: the form's
    scored indicators when the caller has them already)."""
    sums: dict[str, Decimal] = {}
    for indicator in form.scored_indicators if scored is None else scored:
        if indicator.weight.value is not None:
            key = indicator.category1
            sums[key] = sums.get(key, Decimal(0)) + indicator.weight.value
    return sums


def _describe(funds: Decimal | None, split: dict[str, Decimal]) -> str:
    parts = [f"预算执行率 {format_decimal(funds)}"] if funds is not None else []
    parts += [f"{name} {format_decimal(value)}" for name, value in split.items()]
    return "、".join(parts)


def check_total(ctx: CheckContext) -> Iterator[Finding]:
    form = ctx.form
    scored = ctx.scored  # a 其中 row's weight is part of the row above
    if not scored or any(i.weight.value is None for i in scored):
        return  # VALUE-UNREADABLE reports the row; a partial sum would mislead
    funds = form.funds.total.weight.value or Decimal(0)
    indicators = sum((i.weight.value or Decimal(0) for i in scored), Decimal(0))
    weight_sum = funds + indicators
    if weight_sum != ctx.rules.total:
        yield ctx.finding(
            "WEIGHT-TOTAL",
            TOTAL_WEIGHT,
            funds=format_decimal(funds),
            indicators=format_decimal(indicators),
            sum=format_decimal(weight_sum),
            expected=format_decimal(ctx.rules.total),
        )
    stated = form.stated_weight_total.value
    if stated is not None and stated != weight_sum:
        yield ctx.finding(
            "WEIGHT-TOTAL",
            TOTAL_WEIGHT,
            "stated",
            stated=format_decimal(stated),
            sum=format_decimal(weight_sum),
        )


def check_scheme(ctx: CheckContext) -> Iterator[Finding]:
    form, rules = ctx.form, ctx.rules
    funds = form.funds.total.weight.value
    if funds is not None and funds not in rules.funds.allowed_weights:
        yield ctx.finding(
            "WEIGHT-SCHEME",
            funds_total("weight"),
            "funds",
            expected="或".join(format_decimal(w) for w in rules.funds.allowed_weights),
            found=format_decimal(funds),
        )
    if not rules.categories.exact or not form.indicators:
        return
    found = level1_weights(form, ctx.scored)
    if not found and funds is None:
        return  # no weights written at all (a 申报表 without a 分值 column): no scheme to compare
    if found != dict(rules.categories.weights) or (funds is not None and funds != rules.funds.weight):
        yield ctx.finding(
            "WEIGHT-SCHEME",
            Place(section="indicators"),
            rules=rules.name,
            expected=_describe(rules.funds.weight, dict(rules.categories.weights)),
            found=_describe(funds, found),
        )


CHECKS = (check_total, check_scheme)
