"""The published 2022 Yunnan form (split-target layout, 元): the reviewer's findings of its README."""

from __future__ import annotations

from collections import Counter

import pytest

from assistant.checks import run_checks
from assistant.review.form_report import check_form
from assistant.rules import load_rule_set
from tests.examples import form_from_example, load_example
from tests.factories import EXAMPLES

PATH = EXAMPLES / "yongde-2022.yaml"


@pytest.fixture(scope="module")
def findings():
    if not PATH.exists():
        pytest.fail(f"example missing: {PATH}")
    return run_checks(form_from_example(load_example(PATH)))


def test_split_target_cells_parse_with_full_width_operators() -> None:
    form = form_from_example(load_example(PATH))
    target = form.indicators[0].target.parse()
    assert (target.operator, target.number, target.unit) == (">=", 735, "人次")
    assert form.indicators[3].target.parse().operator == "="


def test_deviation_missing_on_the_two_cut_rows(findings) -> None:
    rows = {f.location for f in findings if f.code == "DEVIATION-MISSING"}
    assert any("资金到位及时率" in r for r in rows) and any("政策知晓率" in r for r in rows)


def test_points_taken_although_target_met(findings) -> None:
    mismatch = {f.location: f for f in findings if f.code == "SCORE-MISMATCH"}
    timely = next(f for loc, f in mismatch.items() if "资金到位及时率" in loc)
    assert "应得 10" in timely.message
    aware = [f for loc, f in mismatch.items() if "政策知晓率" in loc]
    assert all(f.severity == "warning" for f in aware)  # 9 < 9.8: under-scoring is a warning at most


def test_smart_findings(findings) -> None:
    count = Counter(f.code for f in findings)
    assert any("减轻贫困学生家庭经济负担" in f.location for f in findings if f.code == "SMART-UNMEASURABLE")
    assert count["SMART-SATISFACTION"] == 2
    assert count["GOAL-MISSING"] == 1
    assert count["WEIGHT-SCHEME"] == 1


def test_the_arithmetic_is_right() -> None:
    report = check_form(form_from_example(load_example(PATH)), load_rule_set())
    codes = {f.code for f in report.findings}
    assert not codes & {"FUND-RATE", "FUND-SCORE", "FUND-SUM", "TOTAL-SCORE", "GRADE", "WEIGHT-TOTAL"}
    assert report.computed_strings()["total_score"] == "96"
    assert report.computed.grade == "优"
