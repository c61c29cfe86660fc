"""The scoring arithmetic of docs/rules.md §2: every rate, score and total the code computes.

Rates are percentages (90.1 means 90.1 %). Scores are rounded half-up to two decimals and
always lie in [0, weight].
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from .form import Form, FundRow, Indicator
from .lexicon import load_lexicon
from .rules import RuleSet
from .values import Target, round2

HUNDRED = Decimal(100)
ZERO = Decimal(0)


def execution_rate(full_year_budget: Decimal | None, executed: Decimal | None) -> Decimal | None:
    """执行率 = 全年执行数 / 全年预算数, in percent, unrounded; None when it cannot be computed."""
    if full_year_budget is None or executed is None or full_year_budget <= 0:
        return None
    return executed / full_year_budget * HUNDRED


@dataclass(frozen=True)
class Spending:
    """What the project had and spent, and the 项目资金 row the figures come from."""

    row: FundRow
    budget: Decimal
    executed: Decimal
    rate: Decimal

    @property
    def unspent(self) -> Decimal:
        return self.budget - self.executed


def spending(form: Form) -> Spending | None:
    """The project's execution (docs/rules.md §4): the 年度资金总额 row's; when that row has no
    budget (0 or blank) and exactly one source row carries money, that row's. None without a rate."""
    total = form.funds.total
    row = total
    if not total.full_year_budget.value:
        carrying = [source for source in form.funds.sources if (source.full_year_budget.value or ZERO) > 0]
        if len(carrying) != 1:
            return None
        row = carrying[0]
    budget, executed = row.full_year_budget.value, row.executed.value
    rate = execution_rate(budget, executed)
    if rate is None:
        return None
    return Spending(row, budget or ZERO, executed or ZERO, rate)


def funds_score(rate: Decimal | None, weight: Decimal, rules: RuleSet) -> Decimal | None:
    """The rule set's score for the execution rate: proportional and capped by default."""
    if rate is None:
        return None
    share = min(max(rate, ZERO), HUNDRED) / HUNDRED
    method = rules.funds.score_method
    if method == "floor":
        return (share * weight).quantize(Decimal(1), rounding=ROUND_FLOOR)
    if method == "bands":
        for minimum, fraction in sorted(rules.funds.bands, reverse=True):
            if rate >= minimum:
                return round2(fraction * weight)
        return ZERO
    return round2(share * weight)


def quantitative_score(
    target: Decimal, actual: Decimal, weight: Decimal, reverse: bool, rules: RuleSet
) -> Decimal:
    """Score of a quantitative indicator with target A and actual B (forward or reverse)."""
    if weight <= 0:
        return ZERO
    if not reverse:
        if actual >= target or target <= 0:
            return round2(weight)
        return round2(max(actual, ZERO) / target * weight)
    if actual <= target:
        return round2(weight)
    if rules.scoring.reverse_method == "ratio":
        return round2(target / actual * weight) if actual > 0 else ZERO
    if target <= 0:
        return ZERO
    return round2(max(ZERO, 1 - (actual - target) / target) * weight)


def indicator_score(indicator: Indicator, rules: RuleSet, year: int | None = None) -> Decimal | None:
    """The rule's score for a row, or None when target or actual is not a comparable number."""
    weight = indicator.weight.value
    target: Target = indicator.parse_target(year)
    actual = indicator.actual.quantity
    if weight is None or target.kind != "numeric" or target.number is None or actual is None:
        return None
    if actual.unit and target.unit and not _comparable_units(target.unit, actual.unit):
        return None
    return quantitative_score(target.number, actual.number, weight, target.is_reverse, rules)


def _comparable_units(a: str, b: str) -> bool:
    return load_lexicon().same_unit(a, b)


@dataclass(frozen=True)
class Computed:
    """The figures the code recomputes for a form; None where an input is missing."""

    execution_rate: Decimal | None
    funds_weight: Decimal | None
    funds_score: Decimal | None
    indicator_total: Decimal | None
    total_score: Decimal | None
    grade: str | None


def compute(form: Form, rules: RuleSet, scored: Sequence[Indicator] | None = None) -> Computed:
    """Rate and funds score by the rule set; total = funds score + Σ stated scores, capped."""
    total = form.funds.total
    rate = execution_rate(total.full_year_budget.value, total.executed.value)
    weight = total.weight.value if total.weight.value is not None else rules.funds.weight
    f_score = funds_score(rate, weight, rules)
    scores: list[Decimal] = []
    if scored is None:  # the checks pass the rows they worked out once
        scored = form.scored_indicators  # a 其中 row's score is part of the row above
    for indicator in scored:
        score, cap = indicator.score.value, indicator.weight.value
        if score is None:
            break
        scores.append(min(max(score, ZERO), cap) if cap is not None else max(score, ZERO))
    indicator_total = sum(scores, ZERO) if len(scores) == len(scored) else None
    total_score = (
        round2(f_score + indicator_total) if f_score is not None and indicator_total is not None else None
    )
    grade = rules.grade_of(total_score) if total_score is not None else None
    return Computed(rate, weight, f_score, indicator_total, total_score, grade)
