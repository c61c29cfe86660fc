"""The offline engine: what it pulls from a brief or form, and that its drafts pass the gate."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.drafting.brief import DeviationCause, KnownQuantity, ProjectBrief, SpendingLine, load_brief
from assistant.drafting.models import CritiqueDraft, DeviationDraft, IndicatorDraft
from assistant.drafting.offline import split_weight
from assistant.drafting.quantities import extract_quantities
from assistant.drafting.sectors import choose, sectors
from assistant.drafting.tasks import blocking, draft_offline, validate
from assistant.form import Form
from assistant.formats import read_forms
from assistant.rules import load_rule_set
from tests.examples import form_from_example, load_example
from tests.factories import EXAMPLES, SEED_TXT
from tests.test_brief import EXAMPLE

RULES = load_rule_set("mof-2020")


def brief(description: str, **extra: object) -> ProjectBrief:
    data: dict[str, object] = {
        "project": "测试项目",
        "department": "某区某局",
        "unit": "某中心",
        "year": 2023,
        "description": description,
        "full_year_budget": Decimal("500"),
        **extra,
    }
    return ProjectBrief.model_validate(data)


def seed_and_example_forms() -> list[Form]:
    return [*read_forms(SEED_TXT), form_from_example(load_example(EXAMPLES / "yongde-2022.yaml"))]


# --- reading the brief --------------------------------------------------------------------


def test_quantities_from_the_seed_description() -> None:
    found = extract_quantities(
        "保障10个社区154名社工的工资、五险一金缴纳支出，10个社区办公用品购置等公用定额支出"
    )
    assert [(q.value, q.unit, q.noun) for q in found] == [
        (Decimal(10), "个", "社区"),
        (Decimal(154), "名", "社工"),
    ]
    assert [q.indicator_name for q in found] == ["保障社区数量", "保障社工人数"]


def test_quantities_with_other_units() -> None:
    found = extract_quantities("新建2座公厕，维修道路3.5公里，培训300人次，2020年投入100万元")
    assert [(q.value, q.unit, q.group) for q in found] == [
        (Decimal(2), "座", "count"),
        (Decimal("3.5"), "公里", "length"),
        (Decimal(300), "人次", "person"),
    ]  # the year and the money are not counted quantities


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("保障10个社区154名社工的工资", "community"),
        ("新建村组道路硬化5公里，竣工验收", "roads"),
        ("春节前慰问困难群众生活", "relief"),
        ("开展疫情防控消杀和核酸检测", "public_health"),
        ("办公楼设施设备维修养护", "maintenance"),
        ("举办职业技能培训班，学员200人次", "employment_training"),
        ("机关日常办公运转", "office"),
        ("其他", "general"),  # nothing matches: only the brief's own facts are drafted
    ],
)
def test_sector_from_keywords(description: str, expected: str) -> None:
    assert choose(description)[0].key == expected


def test_named_sector_wins_over_keywords() -> None:
    assert choose("保障10个社区154名社工", "就业与职业技能培训")[0].key == "employment_training"


# --- indicators -----------------------------------------------------------------------------


def test_example_brief_draft_passes_every_check() -> None:
    example = load_brief(EXAMPLE)
    draft = draft_offline("indicators", example, RULES)
    assert isinstance(draft, IndicatorDraft)
    assert validate("indicators", draft, example, RULES) == []
    targets = {i.name: i.target for i in draft.indicators}
    assert targets["保障社工人数"] == "≥154名"
    assert targets["保障社区数量"] == "≥10个"
    assert targets["公共服务经费支出总额"] == "≤2175.97万元"
    assert targets["社工工资发放时间"] == "每月10日前发放"  # the project's own rhythm, not the year end
    assert targets["人均成本"] == "≤14.13万元/人"  # 2175.9657万元 ÷ 154名, per head (名 reads as 人)
    satisfaction = [i for i in draft.indicators if i.level1 == "满意度指标"]
    assert satisfaction and all(i.target == "≥90%" and "问卷调查" in i.basis for i in satisfaction)


@pytest.mark.parametrize("rule_set", ["mof-2020", "local"])
def test_weights_follow_the_split(rule_set: str) -> None:
    draft = draft_offline("indicators", load_brief(EXAMPLE), rule_set)
    assert isinstance(draft, IndicatorDraft)
    by_level1: dict[str, Decimal] = {}
    for item in draft.indicators:
        by_level1[item.level1] = by_level1.get(item.level1, Decimal(0)) + item.weight
    # the lenient local set leaves the split open: the draft uses mof-2020's 10/50/30/10
    assert by_level1 == {"产出指标": 50, "效益指标": 30, "满意度指标": 10}


@pytest.mark.parametrize("key", sorted(sectors()))
def test_every_sector_drafts_a_passing_set(key: str) -> None:
    subject = brief(
        "完成年度工作任务",
        project_type=key,
        executed=Decimal("480.5"),
        spending=[
            SpendingLine(item="设备采购", amount=Decimal("300")),
            SpendingLine(item="劳务费", amount=Decimal("150.25")),
        ],
    )
    draft = draft_offline("indicators", subject, RULES)
    findings = validate("indicators", draft, subject, RULES)
    assert blocking(findings, "indicators") == [], [f.message for f in findings]


def test_spending_lines_become_cost_ceilings() -> None:
    subject = brief(
        "培训300人次",
        spending=[
            SpendingLine(item="讲课费", amount=Decimal("120.456")),
            SpendingLine(item="场地租赁", amount=Decimal("80")),
        ],
    )
    draft = draft_offline("indicators", subject, RULES)
    assert isinstance(draft, IndicatorDraft)
    costs = {i.name: i.target for i in draft.indicators if i.level2 == "成本指标"}
    assert costs == {
        "测试项目支出总额": "≤500万元",
        "每人次成本": "≤16667元/人次",  # 500万元 ÷ 300人次, whole 元
        "讲课费": "≤120.46万元",
        "场地租赁支出": "≤80万元",
    }
    assert blocking(validate("indicators", draft, subject, RULES)) == []


def test_known_quantities_win_and_deadlines_stay_in_the_year() -> None:
    subject = brief(
        "保障10个社区154名社工",
        quantities=[KnownQuantity(name="社区工作者", value=Decimal(160), unit="名")],
    )
    draft = draft_offline("indicators", subject, RULES)
    assert isinstance(draft, IndicatorDraft)
    counts = [i.target for i in draft.indicators if i.level2 == "数量指标"]
    assert counts[0] == "≥160名"
    deadlines = [i.target for i in draft.indicators if i.level2 == "时效指标"]
    assert deadlines and all("2023年" in t or t.startswith("每月") for t in deadlines)
    assert blocking(validate("indicators", draft, subject, RULES)) == []


def test_a_description_without_counts_falls_back_to_a_rate() -> None:
    subject = brief("机关日常办公运转")
    draft = draft_offline("indicators", subject, RULES)
    assert isinstance(draft, IndicatorDraft)
    counts = [i for i in draft.indicators if i.level2 == "数量指标"]
    assert [(i.name, i.target) for i in counts] == [("年度支出计划完成率", "≥95%")]


def test_offline_drafts_are_deterministic() -> None:
    example = load_brief(EXAMPLE)
    assert draft_offline("indicators", example, RULES) == draft_offline("indicators", example, RULES)


@given(total=st.integers(min_value=0, max_value=100), count=st.integers(min_value=1, max_value=12))
def test_split_weight_is_exact_and_even(total: int, count: int) -> None:
    shares = split_weight(Decimal(total), count)
    assert sum(shares) == total and len(shares) == count
    assert max(shares) - min(shares) <= 1


# --- deviations and critique on the real forms ----------------------------------------------


@pytest.mark.parametrize("index", [0, 1, 2])
def test_offline_deviations_and_critique_pass_on_real_forms(index: int) -> None:
    form = seed_and_example_forms()[index]
    for task in ("deviations", "critique"):
        draft = draft_offline(task, form, RULES)
        findings = validate(task, draft, form, RULES)
        assert blocking(findings, task) == [], (task, [f.message for f in findings])


def test_unspent_funds_get_the_numbers_and_an_honest_placeholder() -> None:
    form = read_forms(SEED_TXT)[0]
    draft = draft_offline("deviations", form, RULES)
    assert isinstance(draft, DeviationDraft)
    [item] = draft.items
    assert item.indicator_index is None
    for fact in ("2175.9657万元", "1960.5869万元", "90.10%", "215.3788万元"):
        assert fact in item.text
    assert "【待填：" in item.text and "请" not in item.text
    codes = [f.code for f in validate("deviations", draft, form, RULES)]
    assert codes == ["DRAFT-PLACEHOLDER"]


def test_user_given_causes_replace_the_placeholder() -> None:
    form = read_forms(SEED_TXT)[0]
    cause = DeviationCause(about="资金", cause="部分社工岗位年内空缺", measure="按季度核定用人计划并及时招录")
    draft = draft_offline("deviations", form, RULES, causes=[cause])
    assert isinstance(draft, DeviationDraft)
    assert "原因：部分社工岗位年内空缺。改进措施：按季度核定用人计划并及时招录。" in draft.items[0].text
    assert validate("deviations", draft, form, RULES) == []


def test_a_met_target_with_points_taken_asks_about_the_score() -> None:
    form = form_from_example(load_example(EXAMPLES / "yongde-2022.yaml"))
    draft = draft_offline("deviations", form, RULES)
    assert isinstance(draft, DeviationDraft)
    texts = {item.indicator_index: item.text for item in draft.items}
    assert set(texts) == {2, 5}
    assert "按评分规则应得10分，表中得分7分" in texts[2]
    assert "低于指标值2个百分点" in texts[5] and "应得9.8分" in texts[5]


def test_critique_finds_the_misfiled_row_and_moves_it() -> None:
    form = read_forms(SEED_TXT)[0]
    draft = draft_offline("critique", form, RULES)
    assert isinstance(draft, CritiqueDraft)
    items = {item.indicator_index: item for item in draft.items}
    eco = items[6]  # 保证社区正常运转, filed under 生态效益指标
    assert any("指标归类不当" in p and "正常运转" in p for p in eco.problems)
    assert eco.rewrite is not None and eco.rewrite.level2 == "社会效益指标"
    satisfaction = items[8].rewrite
    assert satisfaction is not None and satisfaction.target == "≥90%" and "问卷" in satisfaction.basis
    # the row has no name (INDICATOR-NAME-MISSING): rewritten, with the counts its description names
    assert [r.target for r in items[0].rows] == ["≥10个", "≥154名"] and all(r.name for r in items[0].rows)
    cost = items[3].rewrite
    assert cost is not None and cost.target == "≤2175.97万元"


def test_a_2021_split_with_cost_as_a_first_level() -> None:
    """财预〔2021〕101号 puts 成本指标 beside 产出/效益/满意度: cost rows move there."""
    base = load_rule_set("mof-2020")
    weights = {
        "产出指标": Decimal(40),
        "成本指标": Decimal(10),
        "效益指标": Decimal(30),
        "满意度指标": Decimal(10),
    }
    rules = base.model_copy(update={"categories": base.categories.model_copy(update={"weights": weights})})
    example = load_brief(EXAMPLE)
    draft = draft_offline("indicators", example, rules)
    assert isinstance(draft, IndicatorDraft)
    costs = [i for i in draft.indicators if i.level1 == "成本指标"]
    assert costs and all(i.level2 == "经济成本指标" for i in costs)
    assert sum(i.weight for i in costs) == 10
    assert validate("indicators", draft, example, rules) == []


def test_the_gate_accepts_user_causes_with_numbers() -> None:
    """End to end through the gate: the user's "3名" is a fact, not an invented number."""
    from assistant.drafting.gate import run_task

    form = read_forms(SEED_TXT)[0]
    cause = DeviationCause(about="资金", cause="3名社工年内离职", measure="按季度核定用人计划")
    result = run_task("deviations", form, RULES, causes=[cause], audit=False)
    assert result.status == "accepted" and result.findings == []
