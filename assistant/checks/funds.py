"""FUND-RATE, FUND-SCORE, FUND-SUM, FUND-OVERSPENT, FUND-MISSING: the 项目资金 table."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from ..findings import Finding
from ..form import FundRow
from ..place import Place, funds_total
from ..values import agrees_as_written, format_decimal, format_percent, rate_readings
from ..vocabulary import FUND_LABELS, FUND_TOTAL_LABEL, FundField
from .context import CheckContext

SUMMED: tuple[FundField, ...] = ("initial_budget", "full_year_budget", "executed")


def _cell_name(field: FundField) -> str:
    return f"{FUND_TOTAL_LABEL}的{FUND_LABELS[field]}"


def _cell_finding(ctx: CheckContext, field: FundField) -> Finding | None:
    cell = getattr(ctx.form.funds.total, field)
    if cell.blank:
        return ctx.finding("FUND-MISSING", funds_total(field), "blank", cell=_cell_name(field))
    if cell.unreadable:
        return ctx.finding(
            "FUND-MISSING", funds_total(field), "unreadable", cell=_cell_name(field), text=cell.text
        )
    if cell.value < 0:
        return ctx.finding(
            "FUND-MISSING", funds_total(field), "negative", cell=_cell_name(field), text=cell.text
        )
    return None


def check_missing(ctx: CheckContext) -> Iterator[Finding]:
    total = ctx.form.funds.total
    for field in ("full_year_budget", "executed"):
        if (finding := _cell_finding(ctx, field)) is not None:
            yield finding
    budget = total.full_year_budget.value
    if budget is not None and budget == 0:
        yield ctx.finding(
            "FUND-MISSING", funds_total("full_year_budget"), "zero_budget", budget=format_decimal(budget)
        )
    for field in ("rate", "score"):
        cell = getattr(total, field)
        if cell.unreadable:
            yield ctx.finding(
                "FUND-MISSING", funds_total(field), "unreadable", cell=_cell_name(field), text=cell.text
            )
        elif cell.blank and ctx.computed.execution_rate is not None:
            yield ctx.finding("FUND-MISSING", funds_total(field), "blank", cell=_cell_name(field))


def check_rate(ctx: CheckContext) -> Iterator[Finding]:
    total, rate = ctx.form.funds.total, ctx.computed.execution_rate
    readings = rate_readings(total.rate.text, ctx.lexicon.fraction_rate_max)
    if rate is None or not readings:
        return
    # "99%" for 99.10 %; "0.901" for 90.10 % when only the fraction reading agrees (docs/rules.md §6)
    text = total.rate.text
    if not any(agrees_as_written(text, read, rate, cut=True, shift=shift) for read, shift in readings):
        yield ctx.finding(
            "FUND-RATE",
            funds_total("rate"),
            expected=format_percent(rate),
            executed=format_decimal(total.executed.value),
            budget=format_decimal(total.full_year_budget.value),
            stated=total.rate.text.strip(),
        )


def check_score(ctx: CheckContext) -> Iterator[Finding]:
    total, computed = ctx.form.funds.total, ctx.computed
    stated = total.score.value
    if computed.funds_score is None or stated is None or computed.funds_weight is None:
        return
    if not agrees_as_written(total.score.text, stated, computed.funds_score, ctx.rules.scoring.tolerance):
        share = min(computed.execution_rate or Decimal(0), Decimal(100))
        yield ctx.finding(
            "FUND-SCORE",
            funds_total("score"),
            rules=ctx.rules.name,
            rate=format_percent(computed.execution_rate),
            expected=format_decimal(computed.funds_score),
            weight=format_decimal(computed.funds_weight),
            share=format_percent(share),
            stated=total.score.text.strip(),
        )


def check_sum(ctx: CheckContext) -> Iterator[Finding]:
    funds = ctx.form.funds
    for attr in SUMMED:
        column = FUND_LABELS[attr]
        parts: list[tuple[FundRow, Decimal]] = [
            (row, value) for row in funds.sources if (value := getattr(row, attr).value) is not None
        ]
        if not parts:
            continue
        total = getattr(funds.total, attr).value or Decimal(0)
        if getattr(funds.total, attr).blank and all(v == 0 for _, v in parts):
            continue
        parts_sum = sum((v for _, v in parts), Decimal(0))
        if abs(parts_sum - total) > Decimal("0.0001"):
            yield ctx.finding(
                "FUND-SUM",
                Place(section="funds", field=attr),
                column=column,
                total=format_decimal(total),
                sum=format_decimal(parts_sum),
                parts=" + ".join(f"{row.label.strip()} {format_decimal(v)}" for row, v in parts),
                gap=format_decimal(abs(total - parts_sum)),
            )


def check_overspent(ctx: CheckContext) -> Iterator[Finding]:
    total, rate = ctx.form.funds.total, ctx.computed.execution_rate
    if rate is not None and rate > 100:
        yield ctx.finding(
            "FUND-OVERSPENT",
            funds_total("executed"),
            executed=format_decimal(total.executed.value),
            budget=format_decimal(total.full_year_budget.value),
            rate=format_percent(rate),
        )


CHECKS = (check_missing, check_rate, check_score, check_sum, check_overspent)
