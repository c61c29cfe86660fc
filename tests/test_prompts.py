"""The prompts tell the model what the single-indicator judge rejects, with its words and its
category table taken from the judge's data, so that a good answer needs no repair round."""

from __future__ import annotations

import re

import pytest

from assistant.bundled import bundled_dir
from assistant.checks.indicator_judge import judge_data, judge_indicator
from assistant.drafting import llm_engine
from assistant.drafting.brief import load_brief
from assistant.drafting.llm_engine import build_messages, current_version, load_prompt, repair_messages
from assistant.drafting.tasks import get_task
from assistant.rules import load_rule_set
from tests.factories import good_form
from tests.test_gate_scripted import BRIEF

RULES = load_rule_set()
JUDGE_PLACEHOLDERS = (
    "$category_kinds",
    "$name_units",
    "$done_words",
    "$relative_words",
    "$growth_words",
    "$level_markers",
    "$base_marker",
)


def _system(task: str) -> str:
    subject = load_brief(BRIEF) if task == "indicators" else good_form()
    return build_messages(get_task(task), subject, RULES, allow_personal=False)[0]["content"]


def _raw(name: str) -> str:
    return (bundled_dir("prompts") / f"{name}.{current_version(name)}.md").read_text(encoding="utf-8")


def test_the_newest_prompts_are_the_ones_that_teach_the_judge():
    # critique.v4 is v3 (the judge) plus split rows and delete proposals
    assert [current_version(name) for name in ("indicators", "critique", "repair")] == ["v3", "v4", "v3"]
    assert load_prompt("indicators").name == "indicators.v3"


@pytest.mark.parametrize("task", ["indicators", "critique", "deviations"])
def test_every_placeholder_of_a_task_prompt_is_filled(task):
    subject = load_brief(BRIEF) if task == "indicators" else good_form()
    messages = build_messages(get_task(task), subject, RULES, allow_personal=False)
    assert all("$" not in message["content"] for message in messages)


@pytest.mark.parametrize("task", ["indicators", "critique"])
def test_the_judges_words_and_table_reach_the_prompt_from_its_data(task):
    data = judge_data()
    system = _system(task)
    assert "、".join(data.hollow_words) in system
    assert "、".join(data.growth_words) in system and "、".join(data.relative_words) in system
    for key, label in data.kind_labels.items():
        assert f"   - {key}：{label}\n" in system  # one line per category
    for word, units in data.name_units.items():
        assert f"名称含“{word}”的写 {'、'.join(units)}" in system
    assert f"（{data.base_markers[0]}：上年Y%）" in system


@pytest.mark.parametrize("task", ["indicators", "critique"])
def test_changing_the_judges_data_changes_the_prompt(task, monkeypatch):
    changed = judge_data().model_copy(
        update={
            "hollow_words": ["圆满完成", "落实到位"],
            "kind_labels": {"满意度": "满意率（如 ≥85%）"},
            "base_markers": ["基期值"],
        }
    )
    monkeypatch.setattr(llm_engine, "judge_data", lambda: changed)
    system = _system(task)
    assert "“圆满完成、落实到位”" in system and "   - 满意度：满意率（如 ≥85%）" in system
    assert "（基期值：上年Y%）" in system
    assert "   - 数量：" not in system  # the table is the data's, not the template's


@pytest.mark.parametrize("name", ["indicators", "critique"])
def test_no_rule_value_of_the_judge_is_written_into_a_template(name):
    """The words and the table live in data/indicator_judge.yaml; the template only names them."""
    data, raw = judge_data(), _raw(name)
    assert all(placeholder in raw for placeholder in JUDGE_PLACEHOLDERS)
    assert all(label not in raw for label in data.kind_labels.values())
    for words in (data.hollow_words, data.growth_words, data.relative_words):
        assert "、".join(words[:3]) not in raw
    assert not any("、".join(units) in raw for units in data.name_units.values() if len(units) > 1)


def test_the_written_ways_the_prompt_recommends_pass_the_judge():
    """What rule 10 tells the model to write instead of a bare change is accepted by the judge."""
    system = _system("indicators")
    based = re.search(r"写成“(≥X%（[^”]+）)”", system)
    assert based is not None
    data = judge_data()
    for level2, name in (("质量指标", "居民电子健康档案建档率"), ("服务对象满意度指标", "居民满意度")):
        with_base = based.group(1).replace("X", "90").replace("Y", "85")
        assert judge_indicator(level2, name, with_base).accepted, with_base
        level = f"{data.growth_words[1]}{data.level_markers[-1]}90%"
        assert judge_indicator(level2, name, level).accepted, level
        assert not judge_indicator(level2, name, f"{data.growth_words[0]}10%").accepted


def test_the_repair_prompt_says_a_base_is_never_invented():
    messages = repair_messages([{"role": "user", "content": "x"}], "{}", ["[SMART-GROWTH-NO-BASE] …"])
    text = messages[-1]["content"]
    assert "[SMART-GROWTH-NO-BASE] …" in text and "基数只能取自资料" in text and "$" not in text
