"""A finding made by the checks without validating it again is the very finding the validating
constructor makes: equal, same JSON, same fields marked as set; a finding from outside is still
validated."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from assistant.findings import Finding, make_finding
from assistant.place import Place
from assistant.rules import load_rule_set


def test_a_trusted_finding_is_the_validated_one() -> None:
    place = Place(
        section="indicators", level1="产出指标", level2="数量指标", row=2, row_name="指标3", field="target"
    )
    message, source = "“有效”是模糊词", "规则 §5"
    fast = Finding.trusted("SMART-VAGUE", "warning", place, message, source)
    slow = Finding(code="SMART-VAGUE", severity="warning", place=place, message=message, source=source)
    assert fast == slow
    assert hash(fast) == hash(slow)
    assert fast.model_dump_json() == slow.model_dump_json()
    assert fast.model_fields_set == slow.model_fields_set
    assert fast.as_contract() == slow.as_contract()
    assert fast.model_copy(update={"tags": ("X",)}).tags == ("X",)
    with pytest.raises(ValidationError):
        fast.code = "OTHER"  # frozen, as a validated finding is


def test_a_trusted_finding_with_a_variant_is_the_validated_one() -> None:
    place = Place(section="indicators", level1="产出指标", level2="时效指标", row=3)
    fast = Finding.trusted("CATEGORY-MISFIT", "warning", place, "建议删除", "", "remove")
    slow = Finding(
        code="CATEGORY-MISFIT",
        severity="warning",
        place=place,
        message="建议删除",
        source="",
        variant="remove",
    )
    assert fast == slow
    assert fast.model_dump_json() == slow.model_dump_json()
    assert fast.model_fields_set == slow.model_fields_set
    assert fast.as_contract() == slow.as_contract()


def test_make_finding_gives_what_the_validating_constructor_gives() -> None:
    rules = load_rule_set()
    place = Place(section="goal", field="actual")
    made = make_finding("GOAL-MISSING", place, rules, "blank", field="实际完成情况")
    assert made == Finding(
        code=made.code,
        severity=made.severity,
        place=place,
        message=made.message,
        source=made.source,
        variant="blank",
    )
    assert made.severity == "error" or made.severity == "warning"
    assert "实际完成情况" in made.message


def test_a_finding_from_outside_is_still_validated() -> None:
    with pytest.raises(ValidationError):
        Finding.model_validate({"code": "X", "severity": "fatal", "place": {"section": "goal"}})
    rules = load_rule_set()
    with pytest.raises(ValidationError):
        make_finding("GOAL-MISSING", Place(section="goal"), rules, "blank", severity="fatal", field="x")  # type: ignore[arg-type]
