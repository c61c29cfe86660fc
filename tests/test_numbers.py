"""The number check: facts and derived numbers pass within rounding, invented numbers do not."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from assistant.drafting.brief import ProjectBrief, load_brief
from assistant.drafting.numbers import allowances, facts_of, unverified_numbers
from assistant.form import Form
from assistant.formats import read_forms
from assistant.rules import load_rule_set
from assistant.values import parse_quantity
from tests.factories import SEED_TXT, good_form
from tests.test_brief import EXAMPLE

RULES = load_rule_set("mof-2020")


@pytest.fixture(scope="module")
def brief_facts() -> set[Decimal]:
    return facts_of(load_brief(EXAMPLE))


@pytest.fixture(scope="module")
def seed_form() -> Form:
    return read_forms(SEED_TXT)[0]


@pytest.mark.parametrize(
    "text",
    [
        "保障社工人数≥154名",  # a count from the description
        "≤2175.97万元",  # the budget rounded up
        "2175.9657万元",  # the budget as written
        "全年执行数1960.59万元",
        "执行率90.10%，结余215.38万元",  # derived: rate and difference
        "人均保障成本≤14.13万元/名",  # derived: budget ÷ 154
        "21759657元",  # the budget in 元
        "2020年12月31日前",  # the year; month and day in range
        "每月15日前发放",
        "2021年起按季度核定",  # the next year, for an improvement measure
        "mof-2020 规则集",  # an identifier, not a quantity
    ],
)
def test_facts_and_derived_numbers_pass(text: str, brief_facts: set[Decimal]) -> None:
    assert unverified_numbers(text, brief_facts) == []


@pytest.mark.parametrize(
    ("text", "invented"),
    [
        ("覆盖200户居民", ["200"]),
        ("≤2175.98万元", ["2175.98"]),  # not a rounding of 2175.9657 in either direction
        ("执行率91.10%", ["91.10"]),
        ("2035年12月31日前", ["2035"]),
        ("2020年13月前", ["13"]),
        ("每月35日前", ["35"]),
        ("保障155名社工，覆盖10个社区", ["155"]),
    ],
)
def test_invented_numbers_are_reported_as_written(
    text: str, invented: list[str], brief_facts: set[Decimal]
) -> None:
    assert unverified_numbers(text, brief_facts) == invented


def test_standard_target_levels_only_with_their_unit(brief_facts: set[Decimal]) -> None:
    targets = allowances(RULES, targets=True)
    assert unverified_numbers("≥95%", brief_facts) == ["95"]
    assert unverified_numbers("≥95%", brief_facts, targets) == []
    assert unverified_numbers("问卷不少于100份", brief_facts, targets) == []
    assert unverified_numbers("覆盖95户", brief_facts, targets) == ["95"]
    # facts (deviation texts) may cite the rule set's points and thresholds, nothing else
    facts_only = allowances(RULES, targets=False)
    assert unverified_numbers("超过130%须说明，满分100分", brief_facts, facts_only) == []
    assert unverified_numbers("≥95%", brief_facts, facts_only) == ["95"]


def test_form_facts_include_scores_gaps_and_rates(seed_form: Form) -> None:
    facts = facts_of(seed_form, RULES)
    text = "执行率90.10%，按规则得分9.01分，结余215.3788万元，共10个指标，满意度100%，2020年"
    assert unverified_numbers(text, facts) == []
    assert unverified_numbers("得分9.5分", facts) == ["9.5"]


def test_form_facts_include_target_actual_gaps() -> None:
    form = good_form()
    form.indicators[0].actual.text = "150人"
    facts = facts_of(form, RULES)
    # 154 target, 150 actual: gap 4, completion 97.40%, rule score 14.61 of 15
    assert unverified_numbers("少4人，完成率97.40%，应得14.61分", facts) == []
    assert unverified_numbers("少7人", facts) == ["7"]


def _lonely_brief(budget: Decimal) -> ProjectBrief:
    return ProjectBrief(
        project="项目",
        department="部门",
        unit="单位",
        year=2020,
        description="保障运转",
        full_year_budget=budget,
    )


@given(
    budget=st.decimals(min_value=1, max_value=1_000_000, places=4, allow_nan=False, allow_infinity=False),
    places=st.integers(min_value=0, max_value=4),
    rounding=st.sampled_from([ROUND_HALF_UP, ROUND_DOWN, ROUND_UP]),
)
def test_any_rounding_of_a_fact_passes_and_a_neighbour_does_not(
    budget: Decimal, places: int, rounding: str
) -> None:
    facts = facts_of(_lonely_brief(budget))
    step = Decimal(1).scaleb(-places)
    written = budget.quantize(step, rounding=rounding)
    assert unverified_numbers(f"≤{written}万元", facts) == []
    off = written + 2 * step
    assume(all(abs(fact - off) >= step for fact in facts))
    assert unverified_numbers(f"≤{off}万元", facts) == [str(off)]


def _typed(description: str, budget: str = "14.13", spending: list | None = None) -> object:
    from assistant.drafting.brief_facts import brief_facts

    brief = ProjectBrief(
        project="项目",
        department="部门",
        unit="单位",
        year=2023,
        description=description,
        full_year_budget=Decimal(budget),
        spending=spending or [],
    )
    return brief_facts(brief, RULES)


def _row(text: str, facts: object) -> list[str]:
    from assistant.drafting.library import drafting_data

    allowed = allowances(RULES, targets=True)
    return unverified_numbers(text, facts, allowed, durations=drafting_data().deadline_units, target=True)


SEVEN = "采购台式计算机10台、笔记本电脑3台、打印机4台、扫描仪2台、交换机2台、投影仪1台、正版软件13套"


@pytest.mark.parametrize(
    "text",
    [
        "按GB 50300-2013验收",
        "符合GB/T 9704-2012",
        "按JTG F80/1-2017评定",
        "依据财预〔2020〕10号",
        "按DB11/T 1234-2015验收",
        "按GB/T 9813.1-2016验收",
    ],
)
def test_standard_codes_are_citations_not_numbers(text: str) -> None:
    assert _row(text, _typed(SEVEN)) == []


@pytest.mark.parametrize("text", ["≤7天", "10个工作日内", "≤3日", "每月10日前", "24小时内", "开学后30日内"])
def test_time_limits_in_a_target_are_the_units_own(text: str) -> None:
    assert _row(text, _typed(SEVEN)) == []


@pytest.mark.parametrize(
    "text",
    [
        "≤2.02万元/项",  # 14.13万元 ÷ 7 items listed
        "≤20186元/项",  # the same in 元, rounded up for a ceiling
        "≤20185.71元/项",
        "共7项",  # seven items listed
        "≥20台",  # 10+3+4+2+1 台: the sum of one unit
        "≥14台",  # 10+4
    ],
)
def test_derivations_of_a_brief_are_facts(text: str) -> None:
    assert _row(text, _typed(SEVEN)) == []


@pytest.mark.parametrize(
    ("text", "invented"),
    [
        ("共8项", ["8"]),  # a count off by one
        ("≥3年", ["3"]),  # 3 is a count of laptops, not years
        ("≤2厘米", ["2"]),
        ("≥80分", ["80"]),  # 分 belongs in weights and scores
        ("≥9天", ["9"]),  # a duration that is not a limit (nor a standard level) is a claim
        ("配置CPU 8核", ["8"]),  # letters are a citation only with a standard's prefix
        ("≤20187元/项", ["20187"]),
        ("≥20185元/项", []),  # a floor after ≥ is fine
    ],
)
def test_inventions_no_longer_match_a_fact_of_another_kind(text: str, invented: list[str]) -> None:
    assert _row(text, _typed(SEVEN)) == invented


def test_shares_per_person_and_products_are_facts() -> None:
    facts = _typed("常住人口86000人，人均补助标准89元；老年人12400人", budget="765.4")
    assert _row("≥14.4%", facts) == []  # 12400 ÷ 86000
    assert _row("=89元/人", facts) == []
    assert _row("≥14.5%", facts) == ["14.5"]
    farm = _typed("对1860户农户的24600亩耕地发放补贴，每亩补贴120元", budget="295.2")
    assert _row("≥1587元/户", farm) == []  # 295.2万元 ÷ 1860户, rounded
    assert _row("≥1587.1元/户", farm) == []
    assert _row("≥1600元/户", farm) == ["1600"]


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("≤500元/人次", "元/人次"),  # not "元/人": a visit is not a person
        ("≤752元/米", "元/米"),
        ("≤14.13万元/人", "万元/人"),
        ("≤1.2万元/公里", "万元/公里"),
        ("105元/亩", "元/亩"),
        ("≥154人", "人"),
        ("≥10个社区", "个"),
    ],
)
def test_a_rate_unit_is_read_whole(text: str, unit: str) -> None:
    quantity = parse_quantity(text)
    assert quantity is not None and quantity.unit == unit
