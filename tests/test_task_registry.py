"""The task registry: the built-in tasks are specs, and a new task is one spec module plus
`register` — the gate, validation, the CLI's rendering and the audit log take it without a change.

The toy task (tests/toy_task.py) drafts a one-line 年度总体目标; every test leaves the registry
as it found it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from assistant.bundled import bundled_dir
from assistant.commands.gate_output import render
from assistant.drafting import audit, llm_engine
from assistant.drafting.brief import load_brief
from assistant.drafting.gate import run_task
from assistant.drafting.tasks import (
    all_tasks,
    blocking,
    draft_offline,
    get_task,
    register,
    registered,
    task_names,
    unregister,
    validate,
)
from assistant.form import Form
from assistant.llm.client import LLMClient
from assistant.llm.config import LLMSettings
from assistant.llm.structured import CapabilityCache
from assistant.rules import load_rule_set
from tests.scripted_server import Reply, ScriptedServer
from tests.toy_task import GOAL, PROMPT, GoalDraft

ROOT = Path(__file__).resolve().parents[1]
BRIEF = load_brief(ROOT / "examples" / "brief-公共服务经费.yaml")
RULES = load_rule_set()
BUILT_IN = ("indicators", "deviations", "critique")
INVENTED = "2020年，公共服务经费：覆盖500户困难家庭\n并全面完成任务"


@pytest.fixture(autouse=True)
def workspace(tmp_path, monkeypatch):
    monkeypatch.setenv("JIXIAO_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def toy(tmp_path, monkeypatch):
    """The toy task registered, with its prompt beside the real ones; removed afterwards."""
    prompts = tmp_path / "prompts"
    shutil.copytree(bundled_dir("prompts"), prompts)
    (prompts / "goal.v1.md").write_text(PROMPT, encoding="utf-8")
    monkeypatch.setattr(
        llm_engine, "bundled_dir", lambda name: prompts if name == "prompts" else bundled_dir(name)
    )
    llm_engine.clear_prompt_cache()
    with registered(GOAL) as spec:
        yield spec
    llm_engine.clear_prompt_cache()
    assert task_names() == BUILT_IN
    with pytest.raises(KeyError, match="goal"):
        get_task("goal")


def gate(server: ScriptedServer, tmp_path: Path):
    settings = LLMSettings(base_url=server.base_url, model="scripted", api_key="sk-toy", max_retries=0)
    cache = CapabilityCache(tmp_path / "capabilities.json")
    client = LLMClient(settings, cache=cache, sleep=lambda _: None, backoff_s=0.0)
    return run_task("goal", BRIEF, RULES, engine="llm", settings=settings, client=client)


def test_the_built_in_tasks_are_specs_in_order():
    assert task_names() == BUILT_IN
    assert [spec.subject for spec in all_tasks()] == [type(BRIEF), Form, Form]
    assert all(spec.prompt == spec.name and spec.blocking for spec in all_tasks())


def test_a_name_is_registered_once_and_an_unknown_name_is_refused():
    with pytest.raises(ValueError, match="already registered"):
        register(get_task("critique"))
    with pytest.raises(KeyError, match="registered: indicators, deviations, critique"):
        unregister("goal")
    with pytest.raises(KeyError):
        run_task("goal", BRIEF, RULES)


def test_the_toy_task_drafts_offline_through_the_gate(toy, workspace):
    assert task_names() == (*BUILT_IN, "goal")
    result = run_task("goal", BRIEF, RULES)
    assert (result.status, result.draft_engine, result.findings) == ("accepted", "offline", [])
    assert isinstance(result.draft, GoalDraft) and result.draft == draft_offline("goal", BRIEF, RULES)
    assert "\n" not in result.draft.goal and "154名社工" in result.draft.goal
    contract = json.loads(json.dumps(result.as_contract(), ensure_ascii=False))
    assert (contract["task"], contract["draft"]) == ("goal", {"goal": result.draft.goal})
    text = render(result, BRIEF.project)
    assert text.startswith("【起草年度目标摘要】公共服务经费") and f"    {result.draft.goal}" in text
    [record] = audit.read(workspace / "audit.jsonl")
    assert (record["task"], record["status"], record["findings"]) == ("goal", "accepted", [])
    applied = toy.apply(BRIEF, result.draft, RULES)
    assert applied.description == result.draft.goal and BRIEF.description != applied.description


def test_the_toy_tasks_checks_block_an_invented_number_and_a_second_line(toy):
    findings = validate("goal", GoalDraft(goal=INVENTED), BRIEF, RULES)
    assert [f.code for f in blocking(findings, "goal")] == ["DRAFT-UNVERIFIED-NUMBER", "GOAL-ONE-LINE"]
    assert "500" in findings[0].message
    assert [f.code for f in blocking(findings)] == ["DRAFT-UNVERIFIED-NUMBER", "GOAL-ONE-LINE"]
    with pytest.raises(TypeError, match="validate\\('goal'\\)"):
        validate("goal", GoalDraft(goal="x"), Form(), RULES)


def test_the_scripted_server_is_repaired_with_the_toy_tasks_own_findings(toy, tmp_path):
    good = "2020年，公共服务经费：保障10个社区154名社工的工资和公用定额支出"
    with ScriptedServer([Reply.json({"goal": INVENTED}), Reply.json({"goal": good})]) as server:
        result = gate(server, tmp_path)
        first, repair = server.requests
    assert (result.status, result.draft_engine, result.calls) == ("accepted", "llm", 2)
    assert result.draft == GoalDraft(goal=good) and result.prompt_version == "goal.v1"
    assert [f.code for f in result.attempts[0].blocking] == ["DRAFT-UNVERIFIED-NUMBER", "GOAL-ONE-LINE"]
    assert first["response_format"]["json_schema"]["name"] == "jixiao_goal"
    assert "一句话的年度总体目标（2020 年）" in first["messages"][0]["content"]
    assert "公共服务经费" in first["messages"][1]["content"]
    assert "[GOAL-ONE-LINE]" in repair["messages"][-1]["content"]


def test_a_toy_answer_that_stays_wrong_falls_back_to_the_offline_draft(toy, tmp_path):
    with ScriptedServer([Reply.json({"goal": INVENTED})] * 3) as server:
        result = gate(server, tmp_path)
    assert (result.status, result.draft_engine, result.calls) == ("fallback", "offline", 2)
    assert result.draft == draft_offline("goal", BRIEF, RULES)
    assert blocking(validate("goal", result.draft, BRIEF, RULES), "goal") == []
    assert "GOAL-ONE-LINE" in result.note


def test_the_registry_is_clean_after_the_toy():
    assert "goal" not in task_names()
    assert "GOAL-ONE-LINE" not in set().union(*(spec.blocking for spec in all_tasks()))
