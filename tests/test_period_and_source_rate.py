"""Two readings a reviewer makes and the checks must make too (docs/rules.md §4, §6):

- a 时效指标 whose name carries a time unit in brackets ("任务完成时限（月）") and a bare number ("10")
  has a period, 10 个月: no SMART-NO-DEADLINE;
- a funds table whose 年度资金总额 row is 0 or blank while one source row carries the money is
  judged by that row's execution rate: DEVIATION-UNSPENT when it is low and nothing explains it.
"""

from __future__ import annotations

import pytest

from assistant.checks import run_checks
from assistant.findings import Finding
from assistant.form import Form
from assistant.place import funds_total
from tests.factories import fund, good_form, n


def _timeliness(form: Form, name: str, target: str) -> Form:
    row = next(i for i in form.indicators if i.category2 == "时效指标")
    row.name, row.target.text, row.actual.text = name, target, target
    return form


def _deadline_findings(form: Form) -> list[Finding]:
    return [f for f in run_checks(form) if f.code in {"SMART-NO-DEADLINE", "SMART-UNMEASURABLE"}]


@pytest.mark.parametrize(
    ("name", "target"),
    [
        ("任务完成时限（月）", "10"),
        ("任务完成时限（月）", "≤10"),
        ("任务完成时限(个月)", "≤10"),
        ("补助发放时限（工作日）", "≤15"),
        ("问题处置时限（天）", "7"),
        ("设备维修响应时间（小时）", "≤24"),
        ("项目建设周期（季度）", "≤2"),
        ("任务完成时限", "10个月"),
    ],
)
def test_a_number_of_a_time_unit_is_a_period(name: str, target: str) -> None:
    assert _deadline_findings(_timeliness(good_form(), name, target)) == []


@pytest.mark.parametrize(
    ("name", "target"),
    [
        ("任务完成时限", "10"),  # no unit anywhere: 10 what?
        ("补助发放数量（人）", "≤10"),  # a count is no period
        ("任务完成时限（月）", "按时完成"),  # the bracket unit does not make words a deadline
    ],
)
def test_a_number_without_a_time_unit_still_has_no_deadline(name: str, target: str) -> None:
    codes = [f.code for f in _deadline_findings(_timeliness(good_form(), name, target))]
    assert "SMART-NO-DEADLINE" in codes  # "按时完成" is SMART-UNMEASURABLE as well, shown merged


def _total_empty(form: Form, cells: tuple[str, str, str]) -> Form:
    """The total row 0/0/0 (or blank), the money in 当年财政拨款: 202.64 budgeted, 132.912 spent."""
    form.funds.total = fund("年度资金总额", *cells, "10", "", "")
    form.funds.sources[0] = fund("当年财政拨款", "202.64", "202.64", "132.912")
    return form


def _unspent(form: Form) -> list[Finding]:
    return [f for f in run_checks(form) if f.code == "DEVIATION-UNSPENT"]


@pytest.mark.parametrize("cells", [("0", "0", "0"), ("", "", "")])
def test_an_empty_total_row_takes_the_rate_of_the_one_source_row(cells: tuple[str, str, str]) -> None:
    (finding,) = _unspent(_total_empty(good_form(), cells))
    assert finding.place == funds_total()
    assert "当年财政拨款" in finding.message
    assert "65.59%" in finding.message
    assert "69.728 万元" in finding.message


def test_an_explained_balance_is_not_reported_from_the_source_row() -> None:
    form = _total_empty(good_form(), ("0", "0", "0"))
    form.other_notes = "资金结余69.728万元，因部分村级事务补助未到结算期，未支出部分结转下年使用。"
    assert _unspent(form) == []


def test_a_spent_source_row_is_not_reported() -> None:
    form = _total_empty(good_form(), ("0", "0", "0"))
    form.funds.sources[0].executed = n("202.64")
    assert _unspent(form) == []


def test_the_rate_of_the_source_row_is_of_its_full_year_budget() -> None:
    """chizhou-cunji-2022 as published: 年初预算数 202.64, 全年预算数 132.912, 全年执行数 132.912. The
    rate is of the full-year (adjusted) budget, not of the initial one (docs/rules.md §2): 100 %."""
    form = _total_empty(good_form(), ("0", "0", "0"))
    form.funds.sources[0] = fund("当年财政拨款", "202.64", "132.912", "132.912")
    assert _unspent(form) == []


def test_two_source_rows_with_money_give_no_single_rate() -> None:
    form = _total_empty(good_form(), ("0", "0", "0"))
    form.funds.sources[1] = fund("上年结转资金", "50", "50", "10")
    assert _unspent(form) == []


def test_the_total_row_still_decides_when_it_has_a_rate() -> None:
    """A total row that gives a rate is the project's rate, whatever the source rows say."""
    form = good_form()
    form.funds.sources[0].executed = n("1500")  # a FUND-SUM matter, not a balance
    assert _unspent(form) == []


def test_the_drafted_funds_explanation_uses_the_same_row() -> None:
    from assistant.drafting.offline_deviations import draft_deviations
    from assistant.rules import load_rule_set

    form = _total_empty(good_form(), ("0", "0", "0"))
    draft = draft_deviations(form, load_rule_set("mof-2020"), [])
    [item] = [i for i in draft.items if i.indicator_index is None]
    assert "当年财政拨款全年预算数202.64万元" in item.text
    assert "65.59%" in item.text and "结余69.728万元" in item.text
