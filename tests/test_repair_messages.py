"""Repair requests that work the first time: each names the row, its place in the model's JSON,
the value written, the nearest facts of the same kind and, for money, the derivation; schema
errors are Chinese and complete; only the current findings are sent."""

from __future__ import annotations

import copy

import pytest

from assistant.checks import run_checks
from assistant.drafting.brief import ProjectBrief, load_brief
from assistant.drafting.models import IndicatorDraft
from assistant.drafting.repair import MAX_SCHEMA_ERRORS, schema_problems
from assistant.drafting.tasks import draft_offline, get_task
from assistant.formats import read_forms
from tests.factories import SEED_TXT
from tests.scripted_server import Reply, ScriptedServer
from tests.test_gate_scripted import BRIEF, RULES, gate


@pytest.fixture
def brief() -> ProjectBrief:
    return load_brief(BRIEF)


@pytest.fixture
def good_indicators(brief: ProjectBrief) -> dict:
    return draft_offline("indicators", brief, RULES).model_dump(mode="json")


def _row(draft: dict, level2: str) -> int:
    return next(i for i, row in enumerate(draft["indicators"]) if row["level2"] == level2)


def test_an_invented_amount_names_the_row_the_field_the_facts_and_the_derivation(
    brief, good_indicators, tmp_path
):
    bad = copy.deepcopy(good_indicators)
    index = _row(bad, "成本指标")
    bad["indicators"][index]["target"] = "≤15.5万元/名"
    with ScriptedServer([Reply.json(bad), Reply.json(good_indicators)]) as server:
        result = gate(server, "indicators", brief, tmp_path)
    assert result.status == "accepted" and server.calls == 2
    text = server.requests[1]["messages"][3]["content"]
    row = bad["indicators"][index]
    assert f"indicators[{index}].target（成本指标“{row['name']}”）" in text
    assert "现在写的是“≤15.5万元/名”" in text and "DRAFT-UNVERIFIED-NUMBER" in text
    assert "最接近的金额事实：" in text and "全年预算数 2175.9657万元" in text
    assert "2175.9657万元 ÷ 154" in text and "写作 ≤14.13万元/" in text


def test_an_invented_count_is_shown_the_nearest_quantities(brief, good_indicators, tmp_path):
    bad = copy.deepcopy(good_indicators)
    index = _row(bad, "数量指标")
    bad["indicators"][index]["target"] = "≥160名"
    with ScriptedServer([Reply.json(bad), Reply.json(good_indicators)]) as server:
        gate(server, "indicators", brief, tmp_path)
    text = server.requests[1]["messages"][3]["content"]
    assert f"indicators[{index}].target" in text and "最接近的数量事实：" in text and "154" in text
    assert "金额事实" not in text


def test_only_the_current_findings_are_sent_never_the_history(brief, good_indicators, tmp_path):
    first = copy.deepcopy(good_indicators)
    first["indicators"][0]["weight"] += 5  # WEIGHT-TOTAL
    second = copy.deepcopy(good_indicators)
    second["indicators"][_row(second, "数量指标")]["target"] = "≥160名"  # a number, weights fine
    with ScriptedServer([Reply.json(first), Reply.json(second), Reply.json(good_indicators)]) as server:
        result = gate(server, "indicators", brief, tmp_path)
    assert result.status == "accepted" and server.calls == 3
    third = server.requests[2]["messages"]
    assert [m["role"] for m in third] == ["system", "user", "assistant", "user"]
    assert third[:2] == server.requests[0]["messages"]
    assert "DRAFT-UNVERIFIED-NUMBER" in third[3]["content"] and "WEIGHT-TOTAL" not in third[3]["content"]
    assert '"≥160名"' in third[2]["content"] or "≥160名" in third[2]["content"]  # the last answer only


def test_a_critique_rewrite_is_named_by_its_item(tmp_path):
    form = read_forms(SEED_TXT)[0]
    good = get_task("critique").offline_draft(form, RULES, []).model_dump(mode="json")
    bad = copy.deepcopy(good)
    k = next(k for k, item in enumerate(bad["items"]) if item["indicator_index"] == 1)
    bad["items"][k]["rewrite"]["target"] = "进一步规范"
    with ScriptedServer([Reply.json(bad), Reply.json(good)]) as server:
        result = gate(server, "critique", form, tmp_path)
    assert result.status == "accepted" and server.calls == 2
    text = server.requests[1]["messages"][3]["content"]
    assert f"items[{k}].rewrite.target（质量指标“经费支出合规率”）" in text and "进一步规范" in text


def test_a_deadline_example_uses_the_forms_year():
    form = read_forms(SEED_TXT)[0].model_copy(update={"year": 2023})
    messages = [f.message for f in run_checks(form, RULES) if f.code == "SMART-NO-DEADLINE"]
    assert messages and all("2023年12月31日前" in m and "2020" not in m for m in messages)


def test_schema_errors_are_chinese_and_all_listed():
    from pydantic import ValidationError

    rows = [{"level1": "产出指标", "level2": "数量指标", "name": "", "target": 5, "weight": "十"}] * 3
    try:
        IndicatorDraft.model_validate({"indicators": rows})
    except ValidationError as exc:
        lines = schema_problems(exc.errors())
    assert len(lines) == 9  # three errors in each of three rows, none dropped
    assert "JSON 字段 indicators[0].name 不能为空" in lines[0]
    assert any("indicators[2].target 应为字符串" in line for line in lines)
    assert any("indicators[1].weight 应为数字" in line and "'十'" in line for line in lines)
    assert all(line.isascii() is False for line in lines)
    many = [{"type": "missing", "loc": ("indicators", i, "name")} for i in range(MAX_SCHEMA_ERRORS + 5)]
    listed = schema_problems(many)
    assert len(listed) == MAX_SCHEMA_ERRORS + 1 and "另有 5 处" in listed[-1]
    assert "缺少这个必填字段" in listed[0]


def test_a_schema_error_reaches_the_model_in_chinese(brief, good_indicators, tmp_path):
    bad = copy.deepcopy(good_indicators)
    del bad["indicators"][2]["name"]
    with ScriptedServer([Reply.json(bad), Reply.json(good_indicators)]) as server:
        result = gate(server, "indicators", brief, tmp_path)
    assert result.status == "accepted" and server.calls == 2
    text = server.requests[1]["messages"][3]["content"]
    assert "JSON 字段 indicators[2].name 缺少这个必填字段" in text and "Field required" not in text


def test_the_judges_reasons_reach_the_model_and_one_repair_suffices(brief, good_indicators, tmp_path):
    """A change without a base as a 质量 target and a head count as a 满意度 target: the repair
    request names both rows, what is written there and why; the fixed answer is accepted."""
    bad = copy.deepcopy(good_indicators)
    quality, satisfaction = _row(bad, "质量指标"), _row(bad, "服务对象满意度指标")
    bad["indicators"][quality]["target"] = "提升10%"
    bad["indicators"][satisfaction]["target"] = "≥154人"
    with ScriptedServer([Reply.json(bad), Reply.json(good_indicators)]) as server:
        result = gate(server, "indicators", brief, tmp_path)
    assert (result.status, result.draft_engine, server.calls) == ("accepted", "llm", 2)
    first = {(f.code, f.indicator_index) for f in result.attempts[0].blocking}
    assert first == {("SMART-GROWTH-NO-BASE", quality), ("SMART-UNIT-CATEGORY", satisfaction)}
    text = server.requests[1]["messages"][3]["content"]
    q, s = bad["indicators"][quality], bad["indicators"][satisfaction]
    assert f"[SMART-GROWTH-NO-BASE] indicators[{quality}].target（质量指标“{q['name']}”）" in text
    assert "现在写的是“提升10%”" in text and "没有写明基数" in text
    assert (
        f"[SMART-UNIT-CATEGORY] indicators[{satisfaction}].target（服务对象满意度指标“{s['name']}”）" in text
    )
    assert "现在写的是“≥154人”" in text and "应为百分比" in text
    assert "基数只能取自资料" in text  # the repair prompt: a base is not invented
