"""CATEGORY-MISFIT for budget execution filed as an output: the 项目资金 section already scores how
much of the money was spent or paid, so a payment or execution rate under 数量、质量 or 时效指标
scores it twice. Rates of anything but money ("应急演练方案执行率") are outputs and stay silent."""

from __future__ import annotations

import pytest

from assistant.checks.category import category_findings
from assistant.drafting.sectors import sectors
from assistant.rules import load_rule_set
from tests.factories import good_form, row

RULES = load_rule_set()


def misfits(level2: str, name: str, target: str = "=100%") -> list[str]:
    form = good_form()
    form.indicators[3] = row("产出指标", level2, name, target, "100%", "5", "5")
    return [f.message for f in category_findings(form, RULES, [3])]


MONEY_RATES = [
    "年度资金支付完成率",
    "资金支付完成率100%",
    "预算执行率",
    "专项资金执行率",
    "补助资金支付完成率",
]


@pytest.mark.parametrize("level2", ["数量指标", "质量指标", "时效指标"])
@pytest.mark.parametrize("name", MONEY_RATES)
def test_a_money_payment_or_execution_rate_under_an_output_is_scored_twice(level2: str, name: str) -> None:
    (message,) = misfits(level2, name)
    assert f"“{level2}”" in message and "项目资金" in message and "删除" in message


NOT_MONEY = [
    "应急演练方案执行率",
    "财务管理制度执行率",
    "资金拨付及时率",
    "补贴资金发放时间",
    "工程按期完成率",
]


@pytest.mark.parametrize("level2", ["数量指标", "质量指标", "时效指标"])
@pytest.mark.parametrize("name", NOT_MONEY)
def test_rates_of_other_things_than_spending_stay_silent(level2: str, name: str) -> None:
    assert misfits(level2, name) == []


def test_no_row_of_the_sector_library_is_called_a_money_rate() -> None:
    """Every template of every sector family, filed where the library files it."""
    loud = []
    for sector in sectors().values():
        for level2, templates in sector.templates.items():
            if level2 not in ("数量指标", "质量指标", "时效指标"):
                continue
            for template in templates:
                found = misfits(level2, template.name, template.target)
                loud += [f"{sector.key}/{level2}/{template.name}: {m}" for m in found if "项目资金" in m]
    assert loud == []
