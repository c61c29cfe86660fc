"""What a reviewer finds on the two forms of examples/chaoyang-2020.txt (docs/rules.md §10), as data.

Each expected finding names its code and where it is; it counts as found when the report (after
the one-finding-per-cell merge) has a finding there with that code or with the code as a tag.
Expectations the checks cannot yet meet are marked xfail, so the count of found ones is visible.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.findings import Finding
from assistant.formats import read_forms
from assistant.review.form_report import FormReport, check_form
from assistant.rules import load_rule_set


@dataclass(frozen=True)
class Expected:
    form: int  # 0 or 1
    code: str
    level2: str | None = None  # the indicator's 二级指标, when the finding is on a row
    label: str | None = None  # the row's 指标N
    field: str | None = None
    text: str | None = None  # a fragment of the message

    def matches(self, finding: Finding) -> bool:
        place = finding.place
        return (
            (self.code == finding.code or self.code in finding.tags)
            and (self.level2 is None or place.level2 == self.level2)
            and (self.label is None or place.row_name == self.label)
            and (self.field is None or place.field == self.field)
            and (self.text is None or self.text in finding.message)
        )


ROWS_FORM1 = [
    ("数量指标", "指标1"),
    ("质量指标", "指标1"),
    ("时效指标", "指标1"),
    ("成本指标", "指标1"),
    ("经济效益指标", "指标1"),
    ("社会效益指标", "指标1"),
    ("生态效益指标", "指标1"),
    ("可持续影响指标", "指标1"),
    ("服务对象满意度指标", "指标1"),
    ("服务对象满意度指标", "指标2"),
]

EXPECTED = [
    # Form 1 (公共服务经费): the arithmetic.
    Expected(0, "FUND-RATE", text="90.10%"),
    Expected(0, "FUND-SCORE", text="9.01"),
    Expected(0, "TOTAL-SCORE", text="1000"),
    Expected(0, "DEVIATION-UNSPENT", text="215.3788"),
    Expected(0, "WEIGHT-SCHEME", text="满意度指标 20"),
    # "按实际支出", "按全年计划进行" measure nothing.
    Expected(0, "SMART-VAGUE", "数量指标", "指标1", text="按实际支出"),
    Expected(0, "SMART-UNMEASURABLE", "时效指标", "指标1", "target"),
    # two satisfaction rows at 100%
    Expected(0, "SMART-SATISFACTION", "服务对象满意度指标", "指标1"),
    Expected(0, "SMART-SATISFACTION", "服务对象满意度指标", "指标2"),
    # running costs filed under 生态效益
    Expected(0, "CATEGORY-MISFIT", "生态效益指标", text="正常运转"),
    # every 三级指标 holds only its label "指标N："
    *(Expected(0, "INDICATOR-NAME-MISSING", level2, label, "name") for level2, label in ROWS_FORM1),
    # Form 2 (民生家园建设经费): arithmetic right, targets measure nothing.
    Expected(1, "WEIGHT-SCHEME", text="效益指标 35"),
    *(
        Expected(1, "SMART-UNMEASURABLE", level2, label, "target")
        for level2 in ("数量指标", "质量指标")
        for label in ("指标1", "指标2", "指标3")
    ),
    *(
        Expected(1, "ACTUAL-COPIES-TARGET", level2, label, "actual")
        for level2 in ("数量指标", "质量指标")
        for label in ("指标1", "指标2", "指标3")
    ),
    Expected(1, "SMART-SATISFACTION", "服务对象满意度指标", "指标1"),
    Expected(1, "SMART-SATISFACTION", "服务对象满意度指标", "指标2"),
    # the same names on several rows ("开展疫情防疫工作", "建设美丽家园")
    Expected(1, "DUPLICATE-INDICATOR", text="开展疫情防疫工作"),
    Expected(1, "DUPLICATE-INDICATOR", text="建设美丽家园"),
]
# What a reviewer sees that no deterministic check can yet tell.
NOT_YET = [
    # the garbled actual "完成区级 收6.27倔" of the economic indicator
    Expected(1, "VALUE-UNREADABLE", "经济效益指标", "指标2", "actual"),
]

VERDICTS = ["退回", "退回"]
ARITHMETIC = ("FUND-RATE", "FUND-SCORE", "FUND-SUM", "TOTAL-SCORE", "WEIGHT-TOTAL", "SCORE-OVER-WEIGHT")


@pytest.fixture(scope="module")
def reports(seed_txt: Path) -> list[FormReport]:
    rules = load_rule_set()
    return [check_form(form, rules, str(seed_txt), i) for i, form in enumerate(read_forms(seed_txt))]


def _label(expected: Expected) -> str:
    where = "/".join(p for p in (expected.level2, expected.label, expected.field) if p)
    return f"form{expected.form + 1}-{expected.code}-{where or expected.text}"


@pytest.mark.parametrize("expected", EXPECTED, ids=_label)
def test_reviewer_finding_is_found(reports: list[FormReport], expected: Expected) -> None:
    assert any(expected.matches(f) for f in reports[expected.form].findings)


@pytest.mark.parametrize(
    "expected", [pytest.param(e, marks=pytest.mark.xfail(strict=True)) for e in NOT_YET], ids=_label
)
def test_reviewer_finding_not_yet_found(reports: list[FormReport], expected: Expected) -> None:
    assert any(expected.matches(f) for f in reports[expected.form].findings)


def test_verdicts(reports: list[FormReport]) -> None:
    assert [r.verdict.label for r in reports] == VERDICTS


def test_form2_is_returned_for_unmeasurable_indicators_not_for_errors(reports: list[FormReport]) -> None:
    second = reports[1]
    assert not [f for f in second.findings if f.code in ARITHMETIC]
    assert second.verdict.unmeasurable * 2 >= second.verdict.indicators


def test_no_stacked_codes_on_one_cell(reports: list[FormReport]) -> None:
    for report in reports:
        places = Counter(f.place for f in report.findings)
        assert [p.render() for p, n in places.items() if n > 1] == []
