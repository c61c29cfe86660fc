"""The two real forms of examples/chaoyang-2020.txt: what a reviewer finds (docs/rules.md §10)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from assistant.checks import run_checks
from assistant.form import Form
from assistant.formats import read_forms
from tests.processes import jixiao


@pytest.fixture(scope="module")
def seed_forms(seed_txt: Path) -> list[Form]:
    return read_forms(seed_txt)


def codes(form: Form) -> Counter[str]:
    return Counter(f.code for f in run_checks(form))


def test_form1_arithmetic_defects(seed_forms: list[Form]) -> None:
    findings = run_checks(seed_forms[0])
    by_code = {f.code: f for f in findings}
    assert "90.10%" in by_code["FUND-RATE"].message and "100%" in by_code["FUND-RATE"].message
    assert "9.01" in by_code["FUND-SCORE"].message
    assert "1000" in by_code["TOTAL-SCORE"].message
    assert "215.3788" in by_code["DEVIATION-UNSPENT"].message
    assert (
        "产出指标 40" in by_code["WEIGHT-SCHEME"].message
        and "满意度指标 20" in by_code["WEIGHT-SCHEME"].message
    )


def test_form1_vague_targets_and_full_satisfaction(seed_forms: list[Form]) -> None:
    findings = run_checks(seed_forms[0])
    unmeasurable = [f for f in findings if f.code == "SMART-UNMEASURABLE"]
    assert any("按全年计划进行" in f.message for f in unmeasurable)
    assert any("按实际支出" in f.message for f in findings if f.code == "SMART-VAGUE")
    satisfaction = [f for f in findings if f.code == "SMART-SATISFACTION"]
    assert len(satisfaction) == 2


def test_form1_running_costs_filed_under_ecological_benefit(seed_forms: list[Form]) -> None:
    misfits = [f for f in run_checks(seed_forms[0]) if f.code == "CATEGORY-MISFIT"]
    assert any("生态效益指标" in f.location and "正常运转" in f.message for f in misfits)


def test_form2_arithmetic_is_right_but_targets_measure_nothing(seed_forms: list[Form]) -> None:
    found = codes(seed_forms[1])
    assert not [c for c in found if c.startswith("FUND-")]
    assert "TOTAL-SCORE" not in found
    assert found["SMART-UNMEASURABLE"] >= 5
    assert found["ACTUAL-COPIES-TARGET"] >= 5
    assert found["SMART-SATISFACTION"] >= 1


def test_recomputed_figures_match_domain(seed_forms: list[Form]) -> None:
    from assistant.review.form_report import check_form
    from assistant.rules import load_rule_set

    first = check_form(seed_forms[0], load_rule_set()).computed_strings()
    assert first == {"execution_rate": "90.10%", "funds_score": "9.01", "total_score": "99.01", "grade": "优"}
    second = check_form(seed_forms[1], load_rule_set()).computed_strings()
    assert second["execution_rate"] == "100.00%" and second["total_score"] == "100"


def test_check_seed_as_json(seed_txt: Path) -> None:
    """`jixiao check SEED --format json`: exit 1 (errors found), both forms, the stable JSON contract."""
    result = jixiao("check", seed_txt, "--format", "json")
    assert result.returncode == 1, result.stderr
    reports = json.loads(result.stdout)["reports"]
    assert [r["form_index"] for r in reports] == [0, 1]
    first = {f["code"] for f in reports[0]["findings"]}
    assert {
        "FUND-RATE", "FUND-SCORE", "TOTAL-SCORE", "DEVIATION-UNSPENT",
        "SMART-UNMEASURABLE", "SMART-SATISFACTION", "WEIGHT-SCHEME",
    } <= first  # fmt: skip
    second = reports[1]["findings"]
    assert not [f for f in second if f["code"].startswith("FUND-") or f["code"] == "TOTAL-SCORE"]
    rows = {f["location"] for f in second if f["code"] == "SMART-UNMEASURABLE"}
    assert len(rows) >= 5
