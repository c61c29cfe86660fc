"""TARGET-IN-NAME beyond an operator: a name that ends with its target ("年度资金支付完成率100%") while
the 年度指标值 is blank, and template text left in a name ("（≥**个）"). Names that only contain a
number as part of what they measure stay silent; the names of the examples, the corpus, the gate
corpus and the drafts of tests/briefs are read to show it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assistant.checks.context import CheckContext
from assistant.checks.naming import check_target_in_name
from assistant.drafting.brief import load_brief
from assistant.drafting.gate import run_task
from assistant.drafting.models import IndicatorDraft
from assistant.form import Form
from assistant.formats import read_forms
from assistant.rules import load_rule_set
from tests.examples import form_from_example, load_example
from tests.factories import EXAMPLES, SEED_TXT, good_form, row
from tests.real_corpus import SPLITS, load_corpus

RULES = load_rule_set()
TESTS = Path(__file__).resolve().parent


def messages(name: str, target: str) -> list[str]:
    """The TARGET-IN-NAME messages for one quantity row named `name` with this 年度指标值."""
    form = good_form()
    form.indicators[0] = row("产出指标", "数量指标", name, target, "", "15", "15")
    return [f.message for f in check_target_in_name(CheckContext.build(form, RULES))]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("年度资金支付完成率100%", "100%"),
        ("工程质量合格率100％", "100%"),
        ("培训农村劳动力500人次", "500人次"),
        ("新建村道3.5公里。", "3.5公里"),
    ],
)
@pytest.mark.parametrize("target", ["", "/", "≥"])
def test_a_name_ending_with_its_target_and_a_blank_target_cell_is_reported(
    name: str, value: str, target: str
) -> None:
    (message,) = messages(name, target)
    assert f"“{value}”" in message and "年度指标值一栏" in message and "模板" not in message


def test_a_name_ending_with_a_quantity_is_fine_when_the_target_cell_holds_a_target() -> None:
    assert messages("年度资金支付完成率100%", "=100%") == []


SILENT = [
    "2022年度培训人数",
    "3.5公里村道硬化率",
    "5G基站数",
    "PM2.5年均浓度",
    "65岁及以上老年人健康管理人数",
    "第3季度",  # an ordinal, not a quantity
    "贫困户危房改造（2022年）",
    "0-6岁儿童健康管理率",
]


@pytest.mark.parametrize("name", SILENT)
def test_a_number_that_is_part_of_what_the_name_measures_is_no_target(name: str) -> None:
    assert messages(name, "") == []


def _example_forms() -> list[Form]:
    examples = [load_example(p) for p in sorted(EXAMPLES.glob("*.yaml"))]
    forms = [form_from_example(data) for data in examples if "indicators" in data]  # not the brief
    return forms + read_forms(SEED_TXT)


def _data_names() -> set[str]:
    """Every indicator name of the examples, the real-form corpus, the gate corpus and the offline
    drafts for tests/briefs."""
    forms = _example_forms() + [item.form for split in SPLITS for item in load_corpus(split)]
    names = {i.name for form in forms for i in form.indicators}
    for path in sorted((TESTS / "gate_corpus").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        names |= {i["name"] for i in data["good"]["indicators"]}
    for path in sorted((TESTS / "briefs").glob("*.expect.yaml")):
        brief = load_brief(path.with_name(path.name.removesuffix(".expect.yaml") + ".yaml"))
        draft = run_task("indicators", brief, RULES, audit=False).draft
        assert isinstance(draft, IndicatorDraft)
        names |= {i.name for i in draft.indicators}
    return {name for name in names if name.strip()}


# The names of the data that do hold their target (reviewed one by one): a real form's rows.
TARGETS_IN_NAMES = {
    "改造老旧小区≥12个",
    "配套电力设施1250KVA变压器3台",
    "*贫困地区旅游基础设施建设质量达标率100%",
    "年度资金支付完成率100%",
}


def test_with_the_target_cell_blank_only_the_names_holding_a_target_are_reported() -> None:
    names = _data_names()
    assert len(names) >= 150 and sum(any(c.isdigit() for c in n) for n in names) >= 20
    loud = {n for n in names if [m for m in messages(n, "") if "模板" not in m]}
    assert loud == TARGETS_IN_NAMES


# --- template text left in a name ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("贫困地区旅游景点开发数量（≥**个）", "（≥**个）"),
        ("开发景点数量（≥＊＊个）", "(≥**个)"),
        ("游客满意度(≥**%)", "(≥**%)"),
        ("受益建档立卡贫困人口数≥**人", "≥**人"),
        ("XXX村道路硬化里程", "XXX"),
        ("新建××处文化广场", "××"),
    ],
)
def test_template_text_left_in_a_name_is_reported_even_with_a_target(name: str, fragment: str) -> None:
    (message,) = messages(name, "≥4个")
    assert "模板文字" in message and f"“{fragment}”" in message and "删去" in message


def test_only_the_names_with_template_text_are_reported_as_template() -> None:
    names = _data_names()
    loud = {n for n in names if [m for m in messages(n, "≥1个") if "模板文字" in m]}
    [form] = [item.form for item in load_corpus("measure") if item.name == "nanyue-lvyou-2018"]
    nanyue = {i.name for i in form.indicators}
    assert len(loud) == 10 and loud <= nanyue


def test_a_single_asterisk_is_a_mark_not_template_text() -> None:
    assert messages("*贫困地区旅游基础设施建设质量达标率", "≥98%") == []
