"""`jixiao draft indicators|deviations` and `jixiao critique`, as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from assistant.checks import run_checks
from assistant.cli import main
from assistant.drafting.apply import form_from_brief
from assistant.drafting.brief import load_brief
from assistant.drafting.models import IndicatorDraft
from assistant.drafting.tasks import draft_offline
from assistant.formats import forms_to_json
from assistant.rules import load_rule_set
from tests.factories import good_form, shortfall_form
from tests.scripted_server import Reply, ScriptedServer

ROOT = Path(__file__).resolve().parents[1]
BRIEF = ROOT / "examples" / "brief-公共服务经费.yaml"
KEY = "sk-cli-secret-31337"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_example_brief_with_no_configuration_is_an_accepted_offline_draft(capsys):
    code, out, err = run(capsys, "draft", "indicators", str(BRIEF), "--format", "json")
    result = json.loads(out)
    assert code == 0 and err == ""
    assert (result["status"], result["engine"]) == ("accepted", "offline")
    assert set(result) >= {"status", "engine", "attempts", "draft", "findings"}
    assert result["attempts"][0]["usage"] == {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}
    rows = result["draft"]["indicators"]
    assert all({"level1", "level2", "name", "target", "weight"} <= set(row) for row in rows)
    # The drafted form passes every check that applies before the year's actuals exist.
    brief, rules = load_brief(BRIEF), load_rule_set()
    form = form_from_brief(brief, IndicatorDraft.model_validate(result["draft"]), rules)
    weights = sum(float(row["weight"]) for row in rows) + float(rules.funds.weight)
    assert weights == 100
    assert not [f for f in run_checks(form, rules) if f.code.startswith(("WEIGHT-", "SMART-", "STRUCTURE-"))]


def test_text_output_is_chinese_and_names_the_result(capsys):
    code, out, _ = run(capsys, "draft", "indicators", str(BRIEF))
    assert code == 0
    assert "【起草绩效指标】公共服务经费" in out and "已通过检查" in out and "指标分值合计：90" in out


def test_llm_engine_without_configuration_is_exit_2_in_chinese(capsys):
    code, out, err = run(capsys, "draft", "indicators", str(BRIEF), "--engine", "llm")
    assert code == 2 and out == ""
    assert "未配置模型服务" in err and "JIXIAO_LLM_BASE_URL" in err and "Traceback" not in err


def test_unreadable_inputs_are_exit_2(capsys, tmp_path):
    broken = tmp_path / "brief.yaml"
    broken.write_text("project: [unclosed\n", encoding="utf-8")
    code, _, err = run(capsys, "draft", "indicators", str(broken))
    assert code == 2 and "格式错误" in err
    code, _, err = run(capsys, "critique", str(tmp_path / "missing.docx"))
    assert code == 2 and err.startswith("错误：")
    form_path = tmp_path / "form.json"
    form_path.write_text(forms_to_json([good_form()]), encoding="utf-8")
    code, _, err = run(capsys, "critique", str(form_path), "--form", "3")
    assert code == 2 and "共有 1 张表" in err


def test_llm_engine_from_environment_with_a_key_that_never_shows(capsys, monkeypatch, workspace):
    brief = load_brief(BRIEF)
    good = draft_offline("indicators", brief, load_rule_set()).model_dump(mode="json")
    with ScriptedServer([Reply.json(good)]) as server:
        monkeypatch.setenv("JIXIAO_LLM_BASE_URL", server.base_url)
        monkeypatch.setenv("JIXIAO_LLM_MODEL", "scripted")
        monkeypatch.setenv("JIXIAO_LLM_API_KEY", KEY)
        code, out, err = run(capsys, "draft", "indicators", str(BRIEF), "--engine", "llm", "--format", "json")
        text_code, text_out, _ = run(capsys, "draft", "indicators", str(BRIEF), "--engine", "llm")
    result = json.loads(out)
    assert code == 0 and (result["status"], result["engine"], result["draft_engine"]) == (
        "accepted",
        "llm",
        "llm",
    )
    assert result["model"] == "scripted" and result["attempts"][0]["usage"]["total_tokens"] == 150
    # The script ran out for the second run: a labelled fallback, still exit 0.
    assert text_code == 0 and "模型（scripted）" in text_out and "fallback" in text_out
    audit = (workspace / "audit.jsonl").read_text(encoding="utf-8")
    assert all(KEY not in text for text in (out, err, text_out, audit))


def test_deviations_with_causes_file(capsys, tmp_path):
    form_path = tmp_path / "form.json"
    form_path.write_text(forms_to_json([shortfall_form()]), encoding="utf-8")
    before = form_path.read_bytes()
    causes = tmp_path / "causes.yaml"
    causes.write_text(
        "causes:\n  - about: 保障社区工作者人数\n"
        "    cause: 年中4名社工离职\n    measure: 次年一季度补充招聘\n",
        encoding="utf-8",
    )
    code, out, _ = run(
        capsys, "draft", "deviations", str(form_path), "--causes", str(causes), "--format", "json"
    )
    result = json.loads(out)
    assert code == 0 and result["status"] == "accepted"
    texts = [item["text"] for item in result["draft"]["items"]]
    assert any("年中4名社工离职" in text and "150" in text for text in texts)
    assert form_path.read_bytes() == before  # the input file is never modified


def test_critique_on_the_seed_form(capsys, seed_txt):
    code, out, _ = run(capsys, "critique", str(seed_txt), "--form", "1", "--format", "json")
    result = json.loads(out)
    assert code == 0 and result["status"] == "accepted"
    assert result["draft"]["items"], "the seed form has vague targets to critique"
    assert not [f for f in result["findings"] if f["severity"] == "error"]


def test_jixiao_check_does_not_import_the_sdk():
    """Keeping openai out of `jixiao check` keeps it fast to start."""
    code = "import sys, assistant.cli; assistant.cli.build_parser(); print('openai' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"
