"""The real-form corpus (tests/corpus/, described in tests/real_corpus.py): on every form every
expected finding is found (recall), every error found was expected (precision on errors), and the
verdict and the form type are the reviewer's. Expectations were written before the checks ran;
what the checks cannot find yet is listed in the sidecar as `known_misses` and is a strict xfail.
"""

from __future__ import annotations

import pytest

from assistant.checks import run_checks
from assistant.rules import load_rule_set
from tests.factories import good_form, row
from tests.real_corpus import (
    SPLITS,
    CorpusForm,
    Expected,
    found_findings,
    load_corpus,
    matches,
    verdict_label,
)

FORMS = [item for split in SPLITS for item in load_corpus(split)]
IDS = [f"{item.split}/{item.name}" for item in FORMS]
RULES = load_rule_set()


def _expected_cases() -> list[object]:
    cases = []
    for item in FORMS:
        for e in item.expected:
            cases.append(pytest.param(item, e, id=f"{item.split}/{item.name}/{e.code}@{e.place}"))
        for e in item.known_misses:
            mark = pytest.mark.xfail(strict=True, reason=f"known miss: {e.reason}")
            cases.append(pytest.param(item, e, id=f"{item.split}/{item.name}/{e.code}@{e.place}", marks=mark))
    return cases


def test_the_corpus_has_both_splits_and_at_least_ten_forms_besides_the_examples() -> None:
    assert len(FORMS) >= 10
    assert {item.split for item in FORMS} == set(SPLITS)
    assert {item.name for item in load_corpus("tune")}.isdisjoint(
        {item.name for item in load_corpus("measure")}
    )


@pytest.mark.parametrize(("item", "expected"), _expected_cases())
def test_every_expected_finding_is_found(item: CorpusForm, expected: Expected) -> None:
    found = found_findings(item)
    assert any(matches(expected, f) for f in found), (
        f"{expected.code} @ {expected.place} ({expected.reason}) not found; found: "
        + "; ".join(f"{f.code}@{f.location}" for f in found)
    )


# Forms where the checks raise errors no reviewer would (held-out forms: noted, not tuned away).
ERROR_NOISE: dict[str, str] = {}
# Forms whose verdict or form type the checks get wrong.
WRONG_VERDICT: dict[str, str] = {}


def _marked(table: dict[str, str]) -> list[object]:
    return [
        pytest.param(item, id=key, marks=pytest.mark.xfail(strict=True, reason=table[key]))
        if (key := f"{item.split}/{item.name}") in table
        else pytest.param(item, id=key)
        for item in FORMS
    ]


@pytest.mark.parametrize("item", _marked(ERROR_NOISE))
def test_every_error_found_was_expected(item: CorpusForm) -> None:
    expected = item.expected + item.known_misses
    noise = [
        f for f in found_findings(item) if f.severity == "error" and not any(matches(e, f) for e in expected)
    ]
    assert not noise, "; ".join(f"{f.code}@{f.location}: {f.message}" for f in noise)


@pytest.mark.parametrize("item", _marked(WRONG_VERDICT))
def test_the_verdict_and_form_type_are_the_reviewers(item: CorpusForm) -> None:
    assert verdict_label(item) == (item.verdict, item.form_type)


# --- check fixes the tune forms led to ------------------------------------------------------------


def test_a_vague_unmeasurable_target_carries_the_vague_word_too() -> None:
    """“效果明显” as a target: unmeasurable, and vague — both on the one cell, merged into one."""
    form = good_form()
    form.indicators[5] = row(
        "效益指标", "社会效益指标", "对维护市场公平的影响程度", "效果明显", "达成预期指标", "15", "15"
    )
    codes = {f.code for f in run_checks(form, RULES) if f.place.row == 5 and f.place.field == "target"}
    assert codes == {"SMART-UNMEASURABLE", "SMART-VAGUE"}


def test_cost_control_filed_under_ecology_is_a_misfit_but_an_ecological_cost_is_not() -> None:
    form = good_form()
    form.indicators[6] = row(
        "效益指标", "生态效益指标", "对控制基建项目成本影响程度", "≥5%", "6%", "15", "15"
    )
    misfits = [f for f in run_checks(form, RULES) if f.code == "CATEGORY-MISFIT"]
    assert [f.place.row for f in misfits] == [6] and "成本指标" in misfits[0].message
    form.indicators[6] = row("效益指标", "生态效益指标", "污水处理成本降低率", "≥5%", "6%", "15", "15")
    assert not [f for f in run_checks(form, RULES) if f.code == "CATEGORY-MISFIT"]


def test_a_self_evaluation_with_its_results_left_blank_is_not_a_target_setting_form() -> None:
    """Blank actuals and scores, but the 实际完成情况 written (here the template's instruction):
    a self-evaluation not filled in, returned for its blank scores — not a 绩效目标申报表."""
    [form] = [item.form for item in load_corpus("tune") if item.name == "qingshen-gongzi-2023"]
    assert not form.is_target_setting
    codes = {f.code for f in run_checks(form, RULES)}
    assert {"VALUE-UNREADABLE", "FUND-MISSING", "GOAL-MISSING"} <= codes
    blank_goal = form.model_copy(update={"goal": form.goal.model_copy(update={"actual": ""})})
    assert blank_goal.is_target_setting
