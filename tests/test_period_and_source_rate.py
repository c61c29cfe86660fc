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
from tests.factories import good_form


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
