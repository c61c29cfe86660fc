"""Adopting critique rewrites: rows are replaced in place, never appended; the form stays checkable."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.checks import run_checks
from assistant.drafting.adopt import adopt_rewrites
from assistant.drafting.models import CritiqueDraft
from assistant.drafting.offline_critique import draft_critique
from assistant.form import Form
from assistant.formats import read_forms
from assistant.rules import load_rule_set
from tests.examples import form_from_example, load_example
from tests.factories import EXAMPLES, SEED_TXT

RULES = load_rule_set("mof-2020")
# Errors about cells a rewrite never touches (the funds table, the stated total and grade) may stay.
UNTOUCHED_ERRORS = {
    "FUND-RATE",
    "FUND-SCORE",
    "FUND-SUM",
    "FUND-MISSING",
    "TOTAL-SCORE",
    "GRADE",
    "HEADER-MISSING",
}
# What adoption must never leave behind.
NEVER_AFTER = {"DUPLICATE-INDICATOR", "WEIGHT-TOTAL", "INDICATOR-NAME-MISSING", "SCORE-OVER-WEIGHT"}


def _forms() -> list[Form]:
    return [*read_forms(SEED_TXT), form_from_example(load_example(EXAMPLES / "yongde-2022.yaml"))]


FORMS = _forms()
DRAFTS = [draft_critique(form, RULES) for form in FORMS]


def _level1_weights(form: Form) -> dict[str, Decimal]:
    totals: Counter[str] = Counter()
    for r in form.indicators:
        if r.weight.value is not None:
            totals[r.category1] += r.weight.value
    return dict(totals)


def _check_adopted(form: Form, draft: CritiqueDraft, accepted: set[int]) -> Form:
    new = adopt_rewrites(form, draft, accepted)
    items = {
        i.indicator_index: i for i in draft.items if i.indicator_index in accepted and (i.delete or i.rows)
    }
    # rows: each replaced row gives its replacements, each deleted row none, the others stay
    expected_rows = sum(
        (0 if items[k].delete else len(items[k].rows)) if k in items else 1
        for k in range(len(form.indicators))
    )
    assert len(new.indicators) == expected_rows
    assert _level1_weights(new) == _level1_weights(form)
    # labels renumbered within each second-level category
    seen: Counter[tuple[str, str]] = Counter()
    for r in new.indicators if items else ():
        seen[(r.category1, r.category2)] += 1
        assert r.label == f"指标{seen[(r.category1, r.category2)]}"
    before = {f.code for f in run_checks(form, RULES) if f.severity == "error"}
    after = run_checks(new, RULES)
    new_errors = {f.code for f in after if f.severity == "error"} - before - UNTOUCHED_ERRORS
    assert not new_errors, [f.message for f in after if f.code in new_errors]
    # the untouched errors stay only if they were there before
    assert {f.code for f in after if f.severity == "error"} <= before
    dupes_before = {f.indicator_index for f in run_checks(form, RULES) if f.code == "DUPLICATE-INDICATOR"}
    if not dupes_before:
        assert "DUPLICATE-INDICATOR" not in {f.code for f in after}
    return new


@pytest.mark.parametrize("number", range(len(FORMS)))
def test_adopting_every_rewrite_leaves_a_clean_form(number: int) -> None:
    form, draft = FORMS[number], DRAFTS[number]
    everything = {item.indicator_index for item in draft.items}
    new = _check_adopted(form, draft, everything)
    codes = Counter(f.code for f in run_checks(new, RULES))
    assert not NEVER_AFTER & set(codes), codes
    assert not {"SMART-UNMEASURABLE", "SMART-VAGUE", "SMART-NO-DEADLINE", "SMART-COST-NO-AMOUNT"} & {
        f.code for f in run_checks(new, RULES) if f.place.indicator_field == "target"
    }


def test_replaced_rows_lose_their_old_actual_score_and_explanation() -> None:
    form, draft = FORMS[0], DRAFTS[0]
    new = adopt_rewrites(form, draft, {0})
    first, second = new.indicators[0], new.indicators[1]
    assert "10" in first.target.text + second.target.text and "154" in first.target.text + second.target.text
    for r in (first, second):
        assert r.actual.text == "【待填：按新指标值实测】" and r.score.text == "" and r.deviation == ""
        assert r.weight.value == Decimal(5)
    # rows not adopted keep what the unit wrote
    assert new.indicators[2].actual.text == form.indicators[1].actual.text
    assert new.indicators[2].score.text == form.indicators[1].score.text
    # the stated total no longer adds up, so it is cleared rather than left wrong
    assert new.stated_total.text == ""


def test_adopting_nothing_changes_nothing() -> None:
    form, draft = FORMS[2], DRAFTS[2]
    assert adopt_rewrites(form, draft, set()).model_dump() == form.model_dump()


def test_a_deleted_row_gives_its_weight_to_its_first_level_category() -> None:
    form, draft = FORMS[0], DRAFTS[0]
    [item] = [
        i for i in draft.items if i.delete and form.indicators[i.indicator_index].category1 == "效益指标"
    ]
    new = adopt_rewrites(form, draft, {item.indicator_index})
    assert len(new.indicators) == len(form.indicators) - 1
    assert _level1_weights(new) == _level1_weights(form)


def test_a_correct_form_stays_free_of_errors_when_a_circular_row_is_deleted() -> None:
    from tests.factories import good_form, row

    form = good_form()
    form.indicators[1] = row("产出指标", "数量指标", "资金执行率", "≥90%", "95%", "10", "10")
    draft = draft_critique(form, RULES)
    assert not [f for f in run_checks(form, RULES) if f.severity == "error"]
    for accepted in ({1}, {i.indicator_index for i in draft.items}):
        new = adopt_rewrites(form, draft, accepted)
        assert not [f.code for f in run_checks(new, RULES) if f.severity == "error"]
        assert _level1_weights(new) == _level1_weights(form)
    new = adopt_rewrites(form, draft, {1})
    # the deleted row's 10 points went to the next 产出 row, its score scaled with it: total unchanged
    assert new.stated_total.text == form.stated_total.text and new.grade == form.grade


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_subset_of_rewrites_is_safe(data: st.DataObject) -> None:
    number = data.draw(st.integers(0, len(FORMS) - 1))
    form, draft = FORMS[number], DRAFTS[number]
    indexes = sorted({item.indicator_index for item in draft.items})
    accepted = set(data.draw(st.lists(st.sampled_from(indexes), unique=True))) if indexes else set()
    new = _check_adopted(form, draft, accepted)
    after = run_checks(new, RULES)
    assert "WEIGHT-TOTAL" not in {f.code for f in after}
    # a duplicate after adoption only between rows the unit wrote and nobody adopted a rewrite for
    adopted_names = {r.name for i in draft.items if i.indicator_index in accepted for r in i.rows}
    for finding in after:
        if finding.code == "DUPLICATE-INDICATOR":
            assert new.indicators[finding.indicator_index].name not in adopted_names


def test_cli_adopt_writes_the_adopted_form_and_its_check_summary(tmp_path, capsys) -> None:
    from assistant.cli import main
    from assistant.formats import read_forms as read

    out = tmp_path / "adopted.json"
    before = SEED_TXT.read_bytes()
    assert main(["critique", str(SEED_TXT), "--form", "1", "--adopt", str(out)]) == 0
    text = capsys.readouterr().out
    assert "采纳后复核" in text and "DUPLICATE-INDICATOR" not in text and "WEIGHT-TOTAL" not in text
    [adopted] = read(out)
    assert adopted.indicators[0].target.text == "≥10个" and adopted.indicators[1].target.text == "≥154名"
    assert SEED_TXT.read_bytes() == before  # the input is only read
    # an existing OUT is not overwritten without --force; --rows picks rows (1-based)
    assert main(["critique", str(SEED_TXT), "--form", "1", "--adopt", str(out), "--rows", "2"]) == 2
    assert "已存在" in capsys.readouterr().err
    assert (
        main(["critique", str(SEED_TXT), "--form", "1", "--adopt", str(out), "--rows", "2", "--force"]) == 0
    )
    assert main(["critique", str(SEED_TXT), "--adopt", str(tmp_path / "x.json"), "--rows", "99"]) == 2
    assert "--rows 99 超出范围" in capsys.readouterr().err
    [one] = read(out)
    assert len(one.indicators) == 10 and one.indicators[1].name == "经费支出合规率"
    assert one.indicators[0].target.text == FORMS[0].indicators[0].target.text  # row 1 not adopted


# Rows as units write them: measurable, vague, circular, unnamed descriptions with counts, copies.
ROW_POOL = [
    ("产出指标", "数量指标", "", "保障10个社区154名社工的工资支出", "按实际支出"),
    ("产出指标", "数量指标", "资金执行率", "≥90%", "95%"),
    ("产出指标", "数量指标", "培训人次", "≥500人次", "520人次"),
    ("产出指标", "质量指标", "", "制度执行", "严格执行"),
    ("产出指标", "质量指标", "开展疫情防疫工作", "防疫工作", "防疫工作"),
    ("产出指标", "时效指标", "", "社工工资每月10日前发放到位", "按时"),
    ("产出指标", "时效指标", "完成时间", "按全年计划进行", "2020年12月前完成"),
    ("产出指标", "成本指标", "", "机构运转经费，包括社工工资发放", "按月支出"),
    ("效益指标", "经济效益指标", "", "机构运转经费，包括社工工资发放", "进一步保障"),
    ("效益指标", "社会效益指标", "稳定社区工作者队伍", "稳定社区工作者队伍", "稳定"),
    ("效益指标", "生态效益指标", "", "保证社区正常运转", "正常运转"),
    ("效益指标", "可持续影响指标", "推进社区发展", "持续推进", "推进"),
    ("效益指标", "社会效益指标", "社工队伍流失率", "≤5%", "4%"),
    ("满意度指标", "服务对象满意度指标", "", "群众满意度", "满意度100%"),
    ("满意度指标", "服务对象满意度指标", "疫情防控工作", "保障地区安全稳定", "100%"),
    ("满意度指标", "服务对象满意度指标", "居民满意度（问卷调查）", "≥90%", "93%"),
]


@st.composite
def unit_forms(draw: st.DrawFn) -> Form:
    from tests.factories import good_form, row

    picks = draw(st.lists(st.sampled_from(range(len(ROW_POOL))), min_size=3, max_size=9))
    picks = sorted({*picks, 0, 13, 9})  # every first-level category present
    weights = [Decimal(90 // len(picks))] * len(picks)
    weights[0] += 90 - sum(weights)
    form = good_form()
    form.indicators = [
        row(*ROW_POOL[k][:4], ROW_POOL[k][4], format(w, "f"), format(w, "f"))
        for k, w in zip(picks, weights, strict=True)
    ]
    form.stated_total.text = "100"
    return form


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(unit_forms(), st.data())
def test_any_subset_on_forms_as_units_write_them(form: Form, data: st.DataObject) -> None:
    draft = draft_critique(form, RULES)
    counts = Counter(item.indicator_index for item in draft.items)
    assert not counts or max(counts.values()) == 1
    indexes = sorted(counts)
    accepted = set(data.draw(st.lists(st.sampled_from(indexes), unique=True))) if indexes else set()
    _check_adopted(form, draft, accepted)
    new = adopt_rewrites(form, draft, set(indexes))
    codes = {f.code for f in run_checks(new, RULES)}
    assert not {"WEIGHT-TOTAL", "INDICATOR-NAME-MISSING"} & codes, codes


def test_a_delete_that_would_empty_a_category_is_refused_by_the_gate_and_not_made() -> None:
    from assistant.drafting.models import CritiqueItem
    from assistant.drafting.tasks import blocking, validate
    from tests.factories import good_form

    form = good_form()
    only = [k for k, r in enumerate(form.indicators) if r.category1 == "满意度指标"]
    assert len(only) == 1
    draft = CritiqueDraft(items=[CritiqueItem(indicator_index=only[0], delete=True)])
    assert "DRAFT-INVALID" in {f.code for f in blocking(validate("critique", draft, form, RULES), "critique")}
    new = adopt_rewrites(form, draft, only)
    assert len(new.indicators) == len(form.indicators) and _level1_weights(new) == _level1_weights(form)
