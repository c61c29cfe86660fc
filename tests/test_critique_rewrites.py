"""Offline critique rewrites come from the row's own text and the form's numbers, one proposal per row."""

from __future__ import annotations

from collections import Counter

import pytest

from assistant.checks import run_checks
from assistant.drafting.models import CritiqueDraft
from assistant.drafting.offline_critique import draft_critique
from assistant.form import Form
from assistant.formats import read_forms
from assistant.rules import load_rule_set
from assistant.values import parse_target
from tests.examples import form_from_example, load_example
from tests.factories import EXAMPLES, SEED_TXT, good_form, row

RULES = load_rule_set("mof-2020")


def _all_forms() -> list[Form]:
    return [*read_forms(SEED_TXT), form_from_example(load_example(EXAMPLES / "yongde-2022.yaml"))]


@pytest.fixture(scope="module")
def seed1() -> tuple[Form, CritiqueDraft]:
    form = read_forms(SEED_TXT)[0]
    return form, draft_critique(form, RULES)


def _item(draft: CritiqueDraft, index: int):
    [item] = [i for i in draft.items if i.indicator_index == index]
    return item


def test_seed_quantity_row_becomes_rows_with_its_own_counts(seed1) -> None:
    _, draft = seed1
    item = _item(draft, 0)  # "保障10个社区154名社工的工资……"
    assert not item.delete and len(item.rows) == 2
    parsed = {(r.name, parse_target(r.target).number, parse_target(r.target).unit) for r in item.rows}
    communities = [p for p in parsed if p[1] == 10 and "社区" in p[0]]
    people = [p for p in parsed if p[1] == 154 and "人" in p[0]]
    assert communities and communities[0][2] == "个"
    assert people and people[0][2] in ("名", "人")
    assert all(r.level2 == "数量指标" for r in item.rows)


def test_at_most_one_proposal_per_row_and_no_generic_suffix() -> None:
    for form in _all_forms():
        draft = draft_critique(form, RULES)
        counts = Counter(item.indicator_index for item in draft.items)
        assert max(counts.values()) == 1, form.project
        for item in draft.items:
            assert not (item.delete and item.rows), item.location  # delete or rewrite, not both
            for new in item.rows:
                assert not new.name.endswith("保障率"), new.name
                assert "年度工作任务" not in new.name, new.name


def test_rewrite_names_differ_from_every_other_row_and_each_other() -> None:
    for form in _all_forms():
        draft = draft_critique(form, RULES)
        names = [r.name for item in draft.items for r in item.rows]
        assert len(names) == len(set(names)), names
        rewritten = {item.indicator_index for item in draft.items}
        kept = {row.name for k, row in enumerate(form.indicators) if k not in rewritten and row.name}
        assert not set(names) & kept


def test_circular_execution_rate_as_output_gets_a_delete_proposal() -> None:
    form = good_form()
    form.indicators[1] = row("产出指标", "数量指标", "资金执行率", "≥90%", "95%", "10", "10")
    draft = draft_critique(form, RULES)
    assert _item(draft, 1).delete and not _item(draft, 1).rows
    assert "删除" in _item(draft, 1).comment


@pytest.mark.parametrize(
    ("level2", "name", "target"),
    [
        ("时效指标", "年度资金支付完成率100%", ""),  # tianchang 2022: a 时效 row that is the funds' rate
        ("质量指标", "资金使用率", "≥95%"),
        ("成本指标", "预算执行率", "≥95%"),  # a rate is no cost, and it is scored in 项目资金
    ],
)
def test_a_row_the_check_proposes_to_delete_the_critique_deletes(level2: str, name: str, target: str) -> None:
    """One judgement: the critique deletes exactly the rows CATEGORY-MISFIT proposes to delete,
    so the letter never offers a rewrite of a row it says to delete."""
    form = good_form()
    form.indicators[2] = row("产出指标", level2, name, target, "", "10", "10")
    findings = [f for f in run_checks(form, RULES) if f.code == "CATEGORY-MISFIT" and f.place.row == 2]
    assert [f.variant for f in findings] == ["remove"]
    item = _item(draft_critique(form, RULES), 2)
    assert item.delete and not item.rows
    assert "预算执行率已在“项目资金”中计分" in item.comment


def test_a_cost_row_capping_the_spending_is_a_cost_not_a_rate() -> None:
    form = good_form()
    form.indicators[3] = row(
        "产出指标", "成本指标", "预算执行数控制", "≤2175.97万元", "1960.59万元", "10", "10"
    )
    assert not [f for f in run_checks(form, RULES) if f.code == "CATEGORY-MISFIT"]
    assert not any(item.delete for item in draft_critique(form, RULES).items if item.indicator_index == 3)


def test_seed_economic_row_copying_the_cost_row_is_deleted_not_moved(seed1) -> None:
    form, draft = seed1
    # Row 4 (经济效益) repeats the 成本 row's text word for word: money spent is no economic benefit.
    assert form.indicators[4].target.text == form.indicators[3].target.text
    assert _item(draft, 4).delete


def test_blank_names_get_a_name_and_categories_stay_in_their_first_level(seed1) -> None:
    form, draft = seed1
    for item in draft.items:
        old = form.indicators[item.indicator_index]
        for new in item.rows:
            assert new.name.strip()
            assert new.level1 == old.category1  # moving across 产出/效益/满意度 would change its weight


def test_not_generic_where_the_form_gives_a_count(seed1) -> None:
    _, draft = seed1
    # "保证社区正常运转": the form counts 10 社区, so the rewrite counts them, not a 保障率.
    [new] = _item(draft, 6).rows
    assert parse_target(new.target).number == 10 and "社区" in new.name


def test_time_words_are_kept(seed1) -> None:
    _, draft = seed1
    [new] = _item(draft, 2).rows  # "按全年计划进行"
    assert "全年" in new.name + new.target and parse_target(new.target, year=2020).deadline is not None
    form = good_form()
    form.indicators[3] = row("产出指标", "时效指标", "", "社工工资每月10日前发放到位", "按时", "5", "5")
    [new] = _item(draft_critique(form, RULES), 3).rows
    assert new.target == "每月10日前"
    assert new.name and "每月10日前" not in new.name


def test_split_rows_share_the_row_weight(seed1) -> None:
    form, draft = seed1
    item = _item(draft, 0)
    assert sum(r.weight for r in item.rows) == form.indicators[0].weight.value


def test_the_gate_refuses_a_split_row_that_repeats_another_rows_name(seed1) -> None:
    from assistant.drafting.tasks import blocking, validate

    form, draft = seed1
    assert blocking(validate("critique", draft, form, RULES), "critique") == []
    item = _item(draft, 0)
    taken = item.rows[0].model_copy(update={"name": _item(draft, 1).rows[0].name})
    bad = draft.model_copy(
        update={
            "items": [i.model_copy(update={"extra_rows": [taken]}) if i is item else i for i in draft.items]
        }
    )
    found = blocking(validate("critique", bad, form, RULES), "critique")
    assert [f.code for f in found] == ["DUPLICATE-INDICATOR"] and found[0].indicator_index == 0


def test_a_model_rewrite_split_in_two_shares_the_rows_weight() -> None:
    from assistant.drafting.models import CritiqueItem
    from assistant.drafting.tasks.critique import keep_weights

    form = read_forms(SEED_TXT)[0]
    raw = {
        "indicator_index": 0,
        "rewrite": {"level1": "产出指标", "level2": "数量指标", "name": "保障社区数量", "target": "≥10个"},
        "extra_rows": [
            {"level1": "产出指标", "level2": "数量指标", "name": "保障社工人数", "target": "≥154人"}
        ],
    }
    tidy = keep_weights(CritiqueDraft(items=[CritiqueItem.model_validate(raw)]), form)
    assert [r.weight for r in tidy.items[0].rows] == [5, 5]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("慰问金春节前发放到位", "春节前"),
        ("补贴按季度及时发放", "按季度"),
        ("工资每月10日前发放", "每月10日前"),
    ],
)
def test_a_rhythm_or_festival_the_row_names_is_its_time_target(text: str, kept: str) -> None:
    form = good_form()
    form.indicators[3] = row("产出指标", "时效指标", "", text, "按时", "5", "5")
    [new] = _item(draft_critique(form, RULES), 3).rows
    assert new.target == kept and kept not in new.name


def test_the_gate_accepts_the_offline_proposals_on_every_real_form() -> None:
    from assistant.drafting.gate import run_task

    for form in _all_forms():
        result = run_task("critique", form, RULES, engine="offline", audit=False)
        assert (result.status, [f.code for f in result.findings]) == ("accepted", []), form.project


def test_a_name_that_says_it_passed_is_not_repeated_in_the_rewrite() -> None:
    """tianchang 2022: "工程质量合格" with a blank target becomes "工程质量验收合格率", not
    "工程质量合格验收合格率"; a name beginning with 合格 keeps it."""
    form = good_form()
    form.indicators[1] = row("产出指标", "质量指标", "工程质量合格", "", "", "10", "10")
    form.indicators[2] = row("产出指标", "质量指标", "合格证核发", "", "", "10", "10")
    draft = draft_critique(form, RULES)
    assert [r.name for r in _item(draft, 1).rows] == ["工程质量验收合格率"]
    second = [r.name for r in _item(draft, 2).rows]
    assert second and all(name.startswith("合格证") for name in second), second
