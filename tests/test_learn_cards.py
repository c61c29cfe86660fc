"""Rule cards: one per finding code, with examples the real checks confirm, and `jixiao learn`."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from assistant.findings import code_catalogue, source_of
from assistant.learn.cards import UnknownCode, build_card, card_specs, example_findings
from assistant.learn.render import render_card
from assistant.rules import load_rule_set
from tests.processes import jixiao
from tests.rules_doc import documented_codes

MOF = load_rule_set("mof-2020")
LOCAL = load_rule_set("local")


def test_every_code_of_the_catalogue_and_of_the_rules_reference_has_a_card() -> None:
    assert set(card_specs()) == set(code_catalogue())
    codes = documented_codes()
    assert len(codes) >= 26 and "DRAFT-UNVERIFIED-NUMBER" in codes
    assert set(codes) <= set(card_specs())


@pytest.mark.parametrize("code", list(code_catalogue()))
def test_the_bad_example_triggers_the_code_and_nothing_unexpected(code: str) -> None:
    findings = example_findings(code, "bad", MOF)
    codes = {f.code for f in findings}
    assert code in codes, f"{code}: the bad example is not caught: {codes}"
    assert codes <= {code, *card_specs()[code].bad.also}, f"{code}: the bad example also raises {codes}"


@pytest.mark.parametrize("code", list(code_catalogue()))
def test_the_good_example_passes_every_check(code: str) -> None:
    findings = example_findings(code, "good", MOF)
    assert findings == [], [f"[{f.code}] {f.message}" for f in findings]


def test_a_card_shows_the_checks_own_message_for_its_bad_example() -> None:
    card = build_card("FUND-RATE", MOF)
    assert [f.code for f in card.bad.findings] == ["FUND-RATE"]
    assert "90.10%" in card.bad.findings[0].message  # 1802 ÷ 2000, computed by the check
    assert card.good.findings == []
    assert any(cell.text == "100%" for cell in card.bad.cells)
    assert any(cell.text == "90.10%" for cell in card.good.cells)


def test_the_source_comes_from_the_selected_rule_set() -> None:
    assert build_card("WEIGHT-SCHEME", MOF).source == MOF.categories.source
    assert build_card("WEIGHT-SCHEME", LOCAL).source == LOCAL.categories.source
    assert MOF.categories.source != LOCAL.categories.source
    for code in code_catalogue():
        assert build_card(code, MOF).source == source_of(code, MOF)


def test_the_numbers_in_a_card_come_from_the_rule_set() -> None:
    stricter = MOF.model_copy(
        update={"deviation": MOF.deviation.model_copy(update={"overachieved_ratio": Decimal(2)})}
    )
    assert "130.00%" in build_card("DEVIATION-OVERACHIEVED", MOF).meaning
    assert "200.00%" in build_card("DEVIATION-OVERACHIEVED", stricter).meaning
    for code in code_catalogue():
        card = build_card(code, MOF)
        for text in (card.meaning, card.why, card.computed):
            assert not re.search(r"\{\w+\}", text), f"{code}: unfilled placeholder in {text!r}"


def test_codes_are_found_whatever_the_case_and_unknown_codes_are_refused() -> None:
    assert build_card(" fund-sum ", MOF).code == "FUND-SUM"
    with pytest.raises(UnknownCode) as caught:
        build_card("FUND-NOPE", MOF)
    assert "FUND-NOPE" in caught.value.message


def test_the_card_text_has_every_part() -> None:
    text = render_card(build_card("SMART-VAGUE", MOF))
    for part in (
        "【SMART-VAGUE】表述模糊",
        "是什么：",
        "为什么要紧：",
        "怎么算：",
        "依据：",
        "✗ 反例",
        "✓ 正例",
    ):
        assert part in text


def test_cli_lists_every_card() -> None:
    result = jixiao("learn")
    assert result.returncode == 0, result.stderr
    for code, info in code_catalogue().items():
        assert code in result.stdout and info.title in result.stdout


def test_cli_prints_one_card() -> None:
    result = jixiao("learn", "SCORE-MISMATCH")
    assert result.returncode == 0, result.stderr
    assert "【SCORE-MISMATCH】得分与评分规则不符" in result.stdout
    assert "140 ÷ 154 × 15 = 13.64" in result.stdout


def test_cli_unknown_code_is_a_chinese_error_with_exit_2() -> None:
    result = jixiao("learn", "NOT-A-CODE")
    assert result.returncode == 2
    assert "没有代码为“NOT-A-CODE”的规则卡片" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_cli_unknown_rule_set_is_a_chinese_error() -> None:
    result = jixiao("learn", "FUND-RATE", "--rules", "nowhere")
    assert result.returncode == 2
    assert "没有名为“nowhere”的规则集" in result.stderr


def test_a_card_says_when_the_selected_rule_set_does_not_count_the_bad_example() -> None:
    assert build_card("WEIGHT-SCHEME", MOF).applies
    lenient = build_card("WEIGHT-SCHEME", LOCAL)  # 'local' lets a unit share the points freely
    assert not lenient.applies and lenient.bad.findings == []
    assert "按当前规则集“地方宽松口径”，下面的反例不算问题" in render_card(lenient)
    assert "下面的反例不算问题" not in render_card(build_card("WEIGHT-SCHEME", MOF))
