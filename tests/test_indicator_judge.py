"""The single-indicator judge, as a table: targets a reviewer accepts pass, the ones a reviewer sends
back fail with the reason. Expected results were written down before the judge was run."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from assistant.checks.indicator_judge import judge_indicator
from assistant.drafting.brief import load_brief
from assistant.drafting.models import CritiqueDraft, CritiqueItem, DraftIndicator, IndicatorDraft
from assistant.drafting.tasks import blocking, draft_offline, validate
from assistant.findings import code_catalogue
from assistant.learn.exercises import Exercise
from assistant.learn.judging import judge_rewrite
from assistant.learn.specimen import specimen_form
from assistant.rules import load_rule_set
from assistant.vocabulary import SATISFACTION_WORD
from tests.test_brief import EXAMPLE

QUANTITY, QUALITY, TIME, COST = "数量指标", "质量指标", "时效指标", "成本指标"
SATISFACTION, SOCIAL, ECONOMIC, ECOLOGY = "服务对象满意度指标", "社会效益指标", "经济效益指标", "生态效益指标"

# (二级指标, 三级指标, 年度指标值, other arguments, accepted, the code of the reason when rejected)
TABLE: list[tuple[str, str, str, dict[str, Any], bool, str]] = [
    # --- good targets a strong model writes: they must pass -----------------------------------
    (QUANTITY, "保障社区工作者人数", "≥154人", {}, True, ""),
    (QUANTITY, "覆盖社区数", "≥10个社区", {}, True, ""),
    (QUANTITY, "入户巡查频次", "每季度1次", {}, True, ""),
    (QUANTITY, "培训覆盖率", "≥95%", {}, True, ""),
    (QUANTITY, "培训人数（人次）", "500", {}, True, ""),
    (QUALITY, "工程验收合格率", "验收合格率100%", {}, True, ""),
    (QUALITY, "工程质量", "符合《XX标准》", {}, True, ""),
    (QUALITY, "安全事故发生数", "0起", {}, True, ""),
    (QUALITY, "设施完好率", "≥95%", {}, True, ""),
    (TIME, "完成时间", "2023年12月31日前", {}, True, ""),
    (TIME, "慰问品发放时间", "春节前完成", {}, True, ""),
    (TIME, "报修响应时间", "≤3天", {}, True, ""),
    (TIME, "资金到位及时率", "≥95%", {}, True, ""),
    (TIME, "审批办结时限", "30个工作日内", {}, True, ""),
    (COST, "设备购置成本", "≤30万元", {"budget": Decimal(100)}, True, ""),
    (COST, "人均培训成本", "≤500元/人", {"budget": Decimal(100)}, True, ""),
    (
        "经济成本指标",
        "项目总成本",
        "≤2175.97万元",
        {"budget": Decimal("2175.9657"), "level1": COST},
        True,
        "",
    ),
    (SATISFACTION, "服务对象满意度", "≥90%", {}, True, ""),
    (SATISFACTION, "群众满意度", "≥90%（满意度）", {}, True, ""),
    (SATISFACTION, "服务对象满意度", "不低于上年（基数：2022年 85%）", {}, True, ""),
    (SOCIAL, "受益群众人数", "≥3000人", {}, True, ""),
    (ECONOMIC, "带动农户增收", "≥2000元/户", {}, True, ""),
    (ECOLOGY, "绿化覆盖率", "提高到45%", {}, True, ""),
    (QUANTITY, "保障社区工作者人数", "≥154人", {"actual": "150人"}, True, ""),
    (SATISFACTION, "服务对象满意度", "不低于上年（2022年85%）", {}, True, ""),
    (ECONOMIC, "村集体收入", "增加集体收入≥10万元", {}, True, ""),
    (QUANTITY, "培训人次", "≥500人次", {}, True, ""),
    (QUANTITY, "保障社区工作者人数", "154名", {}, True, ""),
    (TIME, "资金拨付时间", "收到资金后30日内", {}, True, ""),
    (QUALITY, "重大安全事故", "无重大安全事故", {}, True, ""),
    # --- targets a reviewer sends back ----------------------------------------------------------
    (QUALITY, "垃圾分类准确率", "提升10%", {}, False, "SMART-GROWTH-NO-BASE"),
    (ECONOMIC, "旅游收入", "同比增长10%", {}, False, "SMART-GROWTH-NO-BASE"),
    (SATISFACTION, "服务对象满意度", "不低于上年", {}, False, "SMART-GROWTH-NO-BASE"),
    (QUALITY, "水质达标率", "较上年提高5个百分点", {}, False, "SMART-GROWTH-NO-BASE"),
    (ECOLOGY, "PM2.5平均浓度", "下降5%", {}, False, "SMART-GROWTH-NO-BASE"),
    (QUANTITY, "社区工作者保障", "100%完成", {}, False, "SMART-UNMEASURABLE"),
    (QUANTITY, "道路维修", "全部完成", {}, False, "SMART-UNMEASURABLE"),
    (QUALITY, "水质", "达标", {}, False, "SMART-UNMEASURABLE"),
    (SOCIAL, "群众获得感", "较高", {}, False, "SMART-UNMEASURABLE"),
    (SOCIAL, "社会影响", "进一步提升", {}, False, "SMART-UNMEASURABLE"),
    (COST, "经费支出", "按实际支出", {"budget": Decimal(100)}, False, "SMART-COST-NO-AMOUNT"),
    (SATISFACTION, "服务对象满意度", "≥154人", {}, False, "SMART-UNIT-CATEGORY"),
    (SATISFACTION, "服务对象满意度", "≥10个", {}, False, "SMART-UNIT-CATEGORY"),
    (QUANTITY, "培训人数", "95", {}, False, "SMART-UNIT-CATEGORY"),
    (TIME, "完成时间", "≤30万元", {}, False, "SMART-NO-DEADLINE"),
    (QUANTITY, "采购设备", "≤30万元", {}, False, "SMART-UNIT-CATEGORY"),
    (QUALITY, "设施完好率", "≥10个", {}, False, "SMART-UNIT-CATEGORY"),
    (QUANTITY, "保障社区工作者人数", "≥10个", {}, False, "SMART-UNIT-CATEGORY"),
    (COST, "设备购置成本", "≤300万元", {"budget": Decimal(200)}, False, "DRAFT-COST-BUDGET"),
    (SATISFACTION, "服务对象满意度", "100%", {}, False, "SMART-SATISFACTION"),
    (TIME, "工资发放时间", "按时完成", {}, False, "SMART-NO-DEADLINE"),
    (SOCIAL, "群众满意度", "≥90%", {}, False, "CATEGORY-MISFIT"),
    (QUANTITY, "保障社区工作者人数", "≥154人", {"actual": "≥154人"}, False, "ACTUAL-COPIES-TARGET"),
    (QUANTITY, "保障社区工作者人数", "", {}, False, "SMART-UNMEASURABLE"),
]


def test_the_table_covers_the_categories_both_ways() -> None:
    assert len(TABLE) >= 30
    for accepted in (True, False):
        categories = {row[0] for row in TABLE if row[4] is accepted}
        assert {QUANTITY, QUALITY, TIME, COST, SATISFACTION, SOCIAL} <= categories | {"经济成本指标"}


@pytest.mark.parametrize(
    ("level2", "name", "target", "extra", "accepted", "code"),
    TABLE,
    ids=[f"{row[0]}-{row[2] or '空'}-{row[3].get('actual', '')}" for row in TABLE],
)
def test_the_judge_agrees_with_a_reviewer(
    level2: str, name: str, target: str, extra: dict[str, Any], accepted: bool, code: str
) -> None:
    judgement = judge_indicator(level2, name, target, **extra)
    reasons = [f"[{f.code}] {f.reason}" for f in judgement.findings]
    assert judgement.accepted is accepted, reasons
    assert judgement.accepted == (not judgement.findings)
    if not accepted:
        assert code in {f.code for f in judgement.findings}, reasons


def test_every_reason_is_a_known_code_with_a_chinese_sentence() -> None:
    for level2, name, target, extra, _, _ in TABLE:
        for finding in judge_indicator(level2, name, target, **extra).findings:
            assert finding.code in code_catalogue()
            assert "{" not in finding.reason and any("\u4e00" <= ch <= "\u9fff" for ch in finding.reason)


def test_the_reason_names_what_the_category_takes() -> None:
    judgement = judge_indicator(SATISFACTION, "服务对象满意度", "≥154人")
    (finding,) = [f for f in judgement.findings if f.code == "SMART-UNIT-CATEGORY"]
    assert "≥154人" in finding.reason and "百分比" in finding.reason


def test_a_cost_within_the_budget_as_written_passes_and_one_above_fails() -> None:
    """The budget 2175.9657 written to two decimals is 2175.97, to none 2176: not above; 2177 is."""
    budget = Decimal("2175.9657")
    assert judge_indicator(COST, "项目成本", "≤2175.97万元", budget=budget).accepted
    assert judge_indicator(COST, "项目成本", "≤2176万元", budget=budget).accepted
    assert not judge_indicator(COST, "项目成本", "≤2177万元", budget=budget).accepted
    assert not judge_indicator(COST, "项目成本", "≤2175.98万元", budget=budget).accepted
    # in 元 against a budget in 万元: 21,759,657 元 is the budget itself
    assert judge_indicator(COST, "项目成本", "≤21759657元", budget=budget).accepted
    # the same number in a form kept in 元: 2175.97 万元 is ten thousand times that budget
    assert not judge_indicator(COST, "项目成本", "≤2175.97万元", budget=budget, unit="元").accepted


# --- the same judge in the gate, the critique and the exercises --------------------------------------

RULES = load_rule_set("mof-2020")
BRIEF = load_brief(EXAMPLE)


def _drafted(level2: str, target: str) -> set[str]:
    """Blocking codes of the offline draft of the example brief with one row's target replaced."""
    draft = draft_offline("indicators", BRIEF, RULES)
    assert isinstance(draft, IndicatorDraft)
    rows = list(draft.indicators)
    index = next(i for i, row in enumerate(rows) if row.level2 == level2)
    rows[index] = rows[index].model_copy(update={"target": target})
    findings = validate("indicators", IndicatorDraft(indicators=rows), BRIEF, RULES)
    return {f.code for f in blocking(findings, "indicators")}


def test_the_gate_blocks_a_drafted_row_the_judge_rejects_and_keeps_good_ones() -> None:
    assert _drafted(SATISFACTION, "≥90%") == set()
    assert "SMART-UNIT-CATEGORY" in _drafted(SATISFACTION, "≥154人")
    assert "SMART-GROWTH-NO-BASE" in _drafted(QUALITY, "提升10%")
    assert "SMART-UNMEASURABLE" in _drafted(QUALITY, "达标")


def test_the_critique_blocks_a_rewrite_the_judge_rejects() -> None:
    form = specimen_form()

    def codes(level2: str, name: str, target: str) -> set[str]:
        rewrite = DraftIndicator(
            level1="产出指标", level2=level2, name=name, target=target, weight=Decimal(5)
        )
        item = CritiqueItem(indicator_index=3, location="", problems=[], comment="", rewrite=rewrite)
        return {
            f.code
            for f in blocking(validate("critique", CritiqueDraft(items=[item]), form, RULES), "critique")
        }

    assert "SMART-UNMEASURABLE" in codes(QUALITY, "工资发放质量", "全部完成")
    assert "SMART-UNIT-CATEGORY" in codes(QUALITY, "工资足额发放率", "≥10个")
    assert not {"SMART-UNMEASURABLE", "SMART-UNIT-CATEGORY"} & codes(QUALITY, "工资足额发放率", "=100%")


def test_a_rewrite_exercise_is_judged_by_the_same_judge() -> None:
    form = specimen_form()
    row = next(i for i, r in enumerate(form.indicators) if SATISFACTION_WORD in r.level2)
    exercise = Exercise(id="t", kind="rewrite", source="t", form=form, row=row)
    wrong = judge_rewrite(exercise, "≥154人", RULES)
    assert not wrong.correct and "SMART-UNIT-CATEGORY" in wrong.missed
    assert judge_rewrite(exercise, "≥90%", RULES).correct
