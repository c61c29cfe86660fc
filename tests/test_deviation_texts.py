"""Drafted deviation explanations: the fact with the form's numbers and units, the cause, the measure."""

from __future__ import annotations

import re

from assistant.checks import run_checks
from assistant.drafting.apply import apply_deviations
from assistant.drafting.brief import DeviationCause
from assistant.drafting.offline_deviations import draft_deviations
from assistant.form import Form
from assistant.formats import read_forms
from assistant.review.form_report import check_form
from assistant.rules import load_rule_set
from tests.examples import form_from_example, load_example
from tests.factories import EXAMPLES, SEED_TXT, good_form

RULES = load_rule_set("mof-2020")


def _community_form() -> Form:
    """good_form with 8 of ≥10 communities covered, scored by the rule, no explanation anywhere."""
    form = good_form()
    row = form.indicators[1]  # 覆盖社区数 =10个, weight 10
    row.target.text, row.actual.text, row.score.text = "≥10个", "8", "8"
    form.stated_total.text = "98"
    form.goal.actual = "全年按月向154名社区工作者足额发放工资。"
    return form


def _text_for(form: Form, index: int | None, causes: list[DeviationCause] | None = None) -> str:
    draft = draft_deviations(form, RULES, causes or [])
    [item] = [i for i in draft.items if i.indicator_index == index]
    return item.text


def test_fact_names_target_actual_and_rate_in_the_forms_units() -> None:
    text = _text_for(_community_form(), 1)
    fact = text.split("原因")[0]
    assert "≥10个" in fact and "8个" in fact and "80.00%" in fact  # the bare "8" takes the target's unit
    assert "原因" in text and "改进措施" in text


def test_no_instruction_to_the_drafter_inside_a_cell() -> None:
    forms = [
        *read_forms(SEED_TXT),
        _community_form(),
        form_from_example(load_example(EXAMPLES / "yongde-2022.yaml")),
    ]
    for form in forms:
        for item in draft_deviations(form, RULES, []).items:
            assert "请" not in item.text, item.text  # "请写明…", "请补充…" are instructions, not a draft
            for gap in re.findall(r"【[^】]*】", item.text):
                assert gap.startswith("【待填：")


def test_a_cause_about_the_row_matches_by_meaning_not_by_the_exact_name() -> None:
    cause = DeviationCause(
        about="社区覆盖", cause="两个社区合并调整", measure="下年按调整后的社区数设定指标值"
    )
    text = _text_for(_community_form(), 1, [cause])
    assert "两个社区合并调整" in text and "下年按调整后的社区数设定指标值" in text and "【待填" not in text


def test_a_cause_about_money_is_not_taken_for_a_row() -> None:
    cause = DeviationCause(about="资金结余", cause="政府采购节约")
    assert "政府采购节约" not in _text_for(_community_form(), 1, [cause])


def test_the_forms_own_explanation_box_is_used_and_split_per_row() -> None:
    form = _community_form()
    form.indicators[5].actual.text, form.indicators[5].score.text = "6%", "12"  # 流失率 ≤5%: 6% → 12 of 15
    form.stated_total.text = "95"
    form.form_explanations = [
        "覆盖社区数未完成，因两个社区合并调整，下年按调整后的社区数设定指标值。"
        "社工队伍流失率偏高，因部分社工考取公务员离职，下年加强待遇保障和职业发展激励。"
    ]
    draft = draft_deviations(form, RULES, [])
    texts = {i.indicator_index: i.text for i in draft.items}
    assert "社区合并" in texts[1] and "考取公务员" not in texts[1]
    assert "考取公务员" in texts[5] and "社区合并" not in texts[5]
    assert "【待填" not in texts[1] + texts[5]


def test_a_general_cause_in_the_goal_actual_is_used_for_the_row() -> None:
    form = _community_form()
    form.goal.actual = "全年按月足额发放工资。受辖区社区合并调整影响，覆盖社区数少于计划。"
    text = _text_for(form, 1)
    assert "社区合并调整" in text


def test_drafted_texts_clear_the_deviation_findings_and_every_number_is_the_forms() -> None:
    form = _community_form()
    cause = DeviationCause(about="覆盖社区", cause="两个社区合并调整", measure="按调整后的社区数设定指标值")
    draft = draft_deviations(form, RULES, [cause])
    filled = apply_deviations(form, draft)
    assert not [f for f in run_checks(filled, RULES) if f.code.startswith("DEVIATION-")]
    numbers = set(re.findall(r"\d+(?:\.\d+)?", draft.items[0].text))
    assert numbers <= {"10", "8", "80.00", "2", "1", "0", "100"}, numbers


def test_seed_unspent_funds_fact_in_wan_yuan() -> None:
    form = read_forms(SEED_TXT)[0]
    text = _text_for(form, None)
    assert "2175.9657万元" in text and "1960.5869万元" in text and "90.10%" in text and "215.3788万元" in text
    assert "原因" in text and "改进措施" in text and "请" not in text


def test_a_placeholder_left_in_the_form_is_reported_where_it_sits() -> None:
    form = _community_form()
    form.funds.total.executed.text = "1800"  # 90% spent: the funds need an explanation too
    filled = apply_deviations(form, draft_deviations(form, RULES, []))
    places = {(f.code, f.place.section, f.indicator_index) for f in run_checks(filled, RULES)}
    assert ("DRAFT-PLACEHOLDER", "notes", None) in places
    assert ("DRAFT-PLACEHOLDER", "indicators", 1) in places
    # a placeholder explains nothing, and the cell is reported once: as left for the unit to complete
    # (a warning that keeps the form from passing), not a second time as missing
    assert ("DEVIATION-MISSING", "indicators", 1) not in places
    report = check_form(filled, RULES)
    assert report.verdict.kind != "passed"


def test_the_gate_refuses_an_instruction_to_the_drafter_in_a_cell() -> None:
    from assistant.drafting.models import DeviationDraft, DeviationItem
    from assistant.drafting.tasks import blocking, validate

    form = _community_form()
    fact = "年度指标值≥10个，实际完成8个，比指标值少2个（完成率80.00%）。"
    told = DeviationDraft(
        items=[DeviationItem(indicator_index=1, text=fact + "原因待补充：请写明具体原因。")]
    )
    found = blocking(validate("deviations", told, form, RULES), "deviations")
    assert "DRAFT-INVALID" in {f.code for f in found}
    gap = DeviationDraft(items=[DeviationItem(indicator_index=1, text=fact + "原因：【待填：具体原因】。")])
    assert blocking(validate("deviations", gap, form, RULES), "deviations") == []
