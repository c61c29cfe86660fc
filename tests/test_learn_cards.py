"""Rule cards: one per finding code, with examples the real checks confirm, and `jixiao learn`."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from assistant.findings import code_catalogue, source_of
from assistant.learn.cards import (
    UnknownCode,
    build_card,
    card_sections,
    card_specs,
    example_findings,
    plain_source,
)
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
    assert MOF.categories.source.startswith(build_card("WEIGHT-SCHEME", MOF).source)
    assert LOCAL.categories.source.startswith(build_card("WEIGHT-SCHEME", LOCAL).source)
    assert build_card("WEIGHT-SCHEME", MOF).source_kind == "待核实"  # [recalled] in mof-2020
    assert build_card("WEIGHT-SCHEME", LOCAL).source_kind == "各地通行做法"  # [common] in local
    for code in code_catalogue():
        assert build_card(code, MOF).source == plain_source(source_of(code, MOF)).text


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
        "依据（",
        "[错] 反例",
        "[对] 正例",
    ):
        assert part in text
    assert not set(text) & set("✓✗✔✘⚠")  # a Windows console (GBK) has none of them


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


# --- sources, sections, severities and the examples' line --------------------------------------------

PLAIN_KINDS = {"文件规定", "各地通行做法", "待核实", "本工具规则"}
MARK = re.compile(r"\[(confirmed|common|recalled|project rule)[^\]]*\]")


def test_a_source_is_shown_in_plain_words_without_the_confidence_mark() -> None:
    assert plain_source("执行率口径（财预〔2020〕10号） [confirmed]").kind == "文件规定"
    assert plain_source("单项得分不得超过分值 [confirmed]").kind == "各地通行做法"  # no document named
    assert plain_source("各地口径不一 [common]").kind == "各地通行做法"
    assert plain_source("“原则上”10/50/30/10（财预〔2020〕10号） [recalled]").kind == "待核实"
    assert plain_source("草稿须对应表中的指标 [project rule]") == plain_source(
        "草稿须对应表中的指标 [project rule]"
    )
    assert plain_source("草稿须对应表中的指标 [project rule]").kind == "本工具规则"
    assert plain_source("没有标记的说法").kind == "待核实"
    for rules in (MOF, LOCAL):
        for code in code_catalogue():
            card = build_card(code, rules)
            assert card.source_kind in PLAIN_KINDS
            shown = render_card(card)
            assert not MARK.search(shown) and "[common]" not in shown, code
            assert f"依据（{card.source_kind}）：{card.source}" in shown


def test_a_document_rule_names_its_document_and_agrees_with_the_rules_reference() -> None:
    """文件规定 only with a document named; the kind agrees with the mark of docs/rules.md §5.1."""
    expected = {
        "confirmed": "文件规定",
        "common": "各地通行做法",
        "recalled": "待核实",
        "project rule": "本工具规则",
    }
    for code, cells in documented_codes().items():
        card = build_card(code, MOF)
        if card.source_kind == "文件规定":
            assert "〔" in card.source or "《" in card.source, code
        mark = MARK.search(cells[3])
        if mark is None or "规则集" in cells[3]:
            continue  # a rule set's own source: its mark is in the rule set
        kind = expected[mark.group(1)]
        if kind == "文件规定" and not ("〔" in cells[3] or "《" in cells[3]):
            kind = "各地通行做法"
        assert card.source_kind == kind, f"{code}: rules.md says {cells[3]!r}, the card {card.source_kind}"


def test_each_deviation_code_cites_its_own_rule() -> None:
    sources = {
        code: build_card(code, MOF).source
        for code in ("DEVIATION-MISSING", "DEVIATION-OVERACHIEVED", "DEVIATION-UNSPENT")
    }
    assert len(set(sources.values())) == 3
    assert "结余" in sources["DEVIATION-UNSPENT"] and "超额" in sources["DEVIATION-OVERACHIEVED"]
    assert (
        "执行率" in build_card("FUND-RATE", MOF).source
        and "〔2020〕10号" in build_card("FUND-RATE", MOF).source
    )


def test_drafting_cards_are_a_section_of_their_own() -> None:
    sections = dict(card_sections())
    assert list(sections) == ["表格检查", "起草工具"]
    assert sections["起草工具"] == [c for c in code_catalogue() if c.startswith("DRAFT-")]
    assert not any(c.startswith("DRAFT-") for c in sections["表格检查"])
    listing = jixiao("learn").stdout
    assert listing.index("表格检查") < listing.index("  FUND-RATE") < listing.index("起草工具")
    assert listing.index("起草工具") < listing.index("DRAFT-UNVERIFIED-NUMBER")


def test_the_severity_shown_is_the_codes_data_severity() -> None:
    for code, info in code_catalogue().items():
        card = build_card(code, MOF)
        assert card.severity == info.severity
        own = [f for f in card.bad.findings if f.code == code]
        both = "错误" in card.meaning and "警告" in card.meaning  # codes whose severity depends on the case
        assert all(f.severity == info.severity for f in own) or both, code


def test_the_new_codes_have_cards_the_judge_confirms() -> None:
    for code in ("SMART-GROWTH-NO-BASE", "SMART-UNIT-CATEGORY"):
        card = build_card(code, MOF)
        assert [f.code for f in card.bad.findings] == [code]
        assert card.good.findings == [] and card.good.other_findings == []


@pytest.mark.parametrize("code", [c for c, spec in card_specs().items() if spec.more])
def test_further_examples_show_where_the_line_runs(code: str) -> None:
    """Written precision, copies that are results, explanations outside the row's own cell: each
    further example is reported exactly when the card says it is."""
    spec = card_specs()[code]
    for number, more in enumerate(spec.more):
        codes = {f.code for f in example_findings(code, f"more.{number}", MOF)}
        if more.raises:
            assert code in codes and codes <= {code, *more.also}, (code, number, codes)
        else:
            assert codes == set(), (code, number, codes)


def test_the_examples_that_matter_for_reading_rules_exist() -> None:
    """The cards teach the reading rules the checks apply, not a stricter version of them."""
    assert any(not m.raises for m in card_specs()["FUND-RATE"].more)  # "90.1%" for 90.10%
    assert any(not m.raises for m in card_specs()["SCORE-MISMATCH"].more)  # "13.6" for 13.64
    assert any(not m.raises for m in card_specs()["DEVIATION-MISSING"].more)  # explained in the notes
    assert any(not m.raises for m in card_specs()["DEVIATION-UNSPENT"].more)  # explained in the goal
    assert "数值与指标值相同" in build_card("ACTUAL-COPIES-TARGET", MOF).computed
    assert "三个地方" in build_card("DEVIATION-MISSING", MOF).computed


@pytest.mark.parametrize("code", [c for c in code_catalogue() if not c.startswith("DRAFT-")])
def test_every_good_example_is_a_target_the_single_indicator_judge_accepts(code: str) -> None:
    """A good example teaches a target the drafting gate and `jixiao indicator` would accept too."""
    from assistant.learn.cards import example_form
    from assistant.learn.checking import judge_findings

    for which in ["good"] + [f"more.{n}" for n, m in enumerate(card_specs()[code].more) if not m.raises]:
        form = example_form(code, which)
        findings = judge_findings(form, MOF)
        assert findings == [], (code, which, [f"[{f.code}] {f.message}" for f in findings])


def test_a_card_shows_each_finding_once() -> None:
    for code in code_catalogue():
        card = build_card(code, MOF)
        for example in (card.bad, card.good, *card.more):
            shown = [(f.code, f.location, f.message) for f in example.findings + example.other_findings]
            assert len(shown) == len(set(shown)), (code, shown)
