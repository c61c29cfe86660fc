"""FUND-RATE, FUND-SCORE, FUND-SUM, FUND-OVERSPENT, FUND-MISSING: the 项目资金 table."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from ..findings import Finding
from ..form import FundRow, NumberCell
from ..values import count_decimals, format_decimal, format_percent
from .context import CheckContext

TOTAL = "项目资金/年度资金总额"
COLUMNS = (
    ("initial_budget", "年初预算数"),
    ("full_year_budget", "全年预算数"),
    ("executed", "全年执行数"),
)


def _cell_finding(ctx: CheckContext, cell: NumberCell, name: str) -> Finding | None:
    if cell.blank:
        return ctx.finding("FUND-MISSING", f"{TOTAL}/{name}", "blank", cell=f"年度资金总额的{name}")
    if cell.unreadable:
        return ctx.finding(
            "FUND-MISSING", f"{TOTAL}/{name}", "unreadable", cell=f"年度资金总额的{name}", text=cell.text
        )
    return None


def check_missing(ctx: CheckContext) -> Iterator[Finding]:
    total = ctx.form.funds.total
    for cell, name in ((total.full_year_budget, "全年预算数"), (total.executed, "全年执行数")):
        if (finding := _cell_finding(ctx, cell, name)) is not None:
            yield finding
    budget = total.full_year_budget.value
    if budget is not None and budget <= 0:
        yield ctx.finding("FUND-MISSING", f"{TOTAL}/全年预算数", "zero_budget", budget=format_decimal(budget))
    for cell, name in ((total.rate, "执行率"), (total.score, "得分")):
        if cell.unreadable:
            yield ctx.finding(
                "FUND-MISSING", f"{TOTAL}/{name}", "unreadable", cell=f"年度资金总额的{name}", text=cell.text
            )
        elif cell.blank and ctx.computed.execution_rate is not None:
            yield ctx.finding("FUND-MISSING", f"{TOTAL}/{name}", "blank", cell=f"年度资金总额的{name}")


def _matches_written_precision(stated_text: str, stated: Decimal, exact: Decimal) -> bool:
    """ "99%" is right for 99.10 %: compare at the decimals the form wrote (rounded or cut)."""
    places = Decimal(1).scaleb(-count_decimals(stated_text))
    return stated in (
        exact.quantize(places, rounding=ROUND_HALF_UP),
        exact.quantize(places, rounding=ROUND_DOWN),
    )


def check_rate(ctx: CheckContext) -> Iterator[Finding]:
    total, rate = ctx.form.funds.total, ctx.computed.execution_rate
    stated = total.rate.percent
    if rate is None or stated is None:
        return
    if not _matches_written_precision(total.rate.text, stated, rate):
        yield ctx.finding(
            "FUND-RATE",
            f"{TOTAL}/执行率",
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
    if abs(stated - computed.funds_score) > ctx.rules.scoring.tolerance:
        share = min(computed.execution_rate or Decimal(0), Decimal(100))
        yield ctx.finding(
            "FUND-SCORE",
            f"{TOTAL}/得分",
            rules=ctx.rules.name,
            rate=format_percent(computed.execution_rate),
            expected=format_decimal(computed.funds_score),
            weight=format_decimal(computed.funds_weight),
            share=format_percent(share),
            stated=total.score.text.strip(),
        )


def check_sum(ctx: CheckContext) -> Iterator[Finding]:
    funds = ctx.form.funds
    for attr, column in COLUMNS:
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
                f"项目资金/{column}",
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
            f"{TOTAL}/全年执行数",
            executed=format_decimal(total.executed.value),
            budget=format_decimal(total.full_year_budget.value),
            rate=format_percent(rate),
        )


CHECKS = (check_missing, check_rate, check_score, check_sum, check_overspent)
