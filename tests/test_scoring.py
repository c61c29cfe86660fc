"""The scoring formulas of docs/rules.md §2, on examples and as properties."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from assistant.rules import load_rule_set
from assistant.scoring import compute, execution_rate, funds_score, quantitative_score
from tests.factories import good_form, n

MOF = load_rule_set("mof-2020")
D = Decimal


def test_execution_rate_uses_the_full_year_budget() -> None:
    assert round(execution_rate(D("2175.9657"), D("1960.5869")), 4) == D("90.1019")
    assert execution_rate(D("0"), D("10")) is None
    assert execution_rate(None, D("10")) is None


def test_funds_score_is_proportional_and_capped() -> None:
    assert funds_score(D("90.1019"), D("10"), MOF) == D("9.01")
    assert funds_score(D("120"), D("10"), MOF) == D("10.00")
    assert funds_score(D("97.81"), D("20"), MOF) == D("19.56")


def test_forward_indicator() -> None:
    assert quantitative_score(D("100"), D("98"), D("10"), False, MOF) == D("9.80")
    assert quantitative_score(D("100"), D("130"), D("10"), False, MOF) == D("10.00")


def test_reverse_indicator_linear_to_zero_at_double() -> None:
    assert quantitative_score(D("5"), D("4"), D("10"), True, MOF) == D("10.00")
    assert quantitative_score(D("5"), D("7.5"), D("10"), True, MOF) == D("5.00")
    assert quantitative_score(D("5"), D("10"), D("10"), True, MOF) == D("0.00")
    assert quantitative_score(D("5"), D("12"), D("10"), True, MOF) == D("0.00")


def test_compute_on_the_seed_defect() -> None:
    form = good_form()
    form.funds.total.full_year_budget = n("2175.9657")
    form.funds.total.executed = n("1960.5869")
    computed = compute(form, MOF)
    assert computed.funds_score == D("9.01")
    assert computed.total_score == D("99.01")
    assert computed.grade == "优"


def test_compute_caps_each_stated_score_at_its_weight() -> None:
    form = good_form()
    form.indicators[0].score = n("25")  # weight 15
    assert compute(form, MOF).total_score == D("100.00")


amounts = st.decimals(min_value=D("0.01"), max_value=D("100000"), places=2)
weights = st.decimals(min_value=D("0"), max_value=D("50"), places=1)


@given(amounts, amounts, weights, st.booleans())
def test_score_lies_within_zero_and_weight_with_two_decimals(
    target: Decimal, actual: Decimal, weight: Decimal, reverse: bool
) -> None:
    score = quantitative_score(target, actual, weight, reverse, MOF)
    assert D(0) <= score <= weight
    assert score == score.quantize(D("0.01"))


@given(amounts, amounts, amounts, weights)
def test_forward_score_never_falls_as_the_actual_rises(
    target: Decimal, a: Decimal, b: Decimal, weight: Decimal
) -> None:
    low, high = sorted((a, b))
    assert quantitative_score(target, low, weight, False, MOF) <= quantitative_score(
        target, high, weight, False, MOF
    )


@given(amounts, amounts, amounts, weights)
def test_reverse_score_never_rises_as_the_actual_rises(
    target: Decimal, a: Decimal, b: Decimal, weight: Decimal
) -> None:
    low, high = sorted((a, b))
    assert quantitative_score(target, low, weight, True, MOF) >= quantitative_score(
        target, high, weight, True, MOF
    )


@given(st.decimals(min_value=D("0"), max_value=D("200"), places=4), st.sampled_from([D("10"), D("20")]))
def test_funds_score_within_weight_and_monotone(rate: Decimal, weight: Decimal) -> None:
    score = funds_score(rate, weight, MOF)
    assert score is not None and D(0) <= score <= weight
    higher = funds_score(rate + D("1"), weight, MOF)
    assert higher is not None and higher >= score


def test_a_time_limit_is_scored_as_a_ceiling_not_a_count() -> None:
    """ "15日内", "每月10日前", "每日7时前": sooner is better. A limit met early scores full (it used to
    score 10 × 10/15 = 6.67 and raised a false SCORE-MISMATCH beside the unit's full score)."""
    from assistant.form import ActualCell, Indicator, NumberCell, TargetCell
    from assistant.scoring import indicator_score

    def score(target: str, actual: str) -> Decimal | None:
        row = Indicator(
            level1="产出指标",
            level2="时效指标",
            name="资金拨付时限",
            target=TargetCell(text=target),
            actual=ActualCell(text=actual),
            weight=NumberCell(text="10"),
        )
        return indicator_score(row, MOF, 2023)

    assert score("每季度结束后15日内", "每季度结束后10日内") == D("10.00")
    assert score("10个工作日内", "8个工作日") == D("10.00")
    assert score("每日7时前", "每日6时前") == D("10.00")
    assert score("每月10日前", "每月15日前") == D("5.00")  # 1.5 × the limit: half the points
