"""Hostile model servers: every endpoint is untrusted (issue "Hostile files and hostile model servers").

Each test drives the real client (openai SDK, httpx, sockets) against tests/scripted_server.py on
127.0.0.1.
"""

from __future__ import annotations

import json
import time
import tracemalloc
from pathlib import Path

import pytest

from assistant.drafting.brief import load_brief
from assistant.drafting.gate import run_task
from assistant.llm.client import LLMClient, LLMError
from assistant.llm.config import LLMSettings
from assistant.llm.errors import LLMAnswerError, LLMRequestError, LLMTimeoutError
from assistant.llm.guarded import MAX_ANSWER_BYTES
from assistant.llm.structured import CapabilityCache
from assistant.rules import load_rule_set
from tests.scripted_server import Reply, ScriptedServer

SCHEMA = {"type": "object", "properties": {"items": {"type": "array"}}, "required": ["items"]}
MESSAGES = [{"role": "system", "content": "规则"}, {"role": "user", "content": "数据"}]
KEY = "sk-hostile-key-never-leaves-42"
BRIEF = Path(__file__).resolve().parents[1] / "examples" / "brief-公共服务经费.yaml"
RULES = load_rule_set()


def client_for(server: ScriptedServer, tmp_path, **settings) -> LLMClient:
    values = {"base_url": server.base_url, "model": "m", "api_key": KEY, "max_retries": 2, **settings}
    cache = CapabilityCache(tmp_path / "cap.json")
    return LLMClient(LLMSettings(**values), cache=cache, sleep=lambda s: None)


# 13. A passing failure retires nothing ------------------------------------------------------------


def test_a_500_then_a_good_answer_keeps_json_schema(tmp_path):
    good = Reply.json({"items": []})
    with ScriptedServer([Reply(status=500, error="internal error"), good, good], refuse={}) as server:
        client_for(server, tmp_path).complete_json(MESSAGES, SCHEMA, "t")
        client_for(server, tmp_path).complete_json(MESSAGES, SCHEMA, "t")
    assert server.modes() == ["json_schema"] * 3
    assert CapabilityCache(tmp_path / "cap.json").modes(f"{server.base_url}|m")[0] == "json_schema"


def test_a_timeout_or_a_dropped_connection_retires_nothing(tmp_path):
    slow = Reply.json({"items": []}, delay_s=1.5)
    with ScriptedServer([slow, Reply.json({"items": []}), Reply.json({"items": []})], refuse={}) as server:
        client_for(server, tmp_path, timeout_s=0.5).complete_json(MESSAGES, SCHEMA, "t")
        client_for(server, tmp_path, timeout_s=0.5).complete_json(MESSAGES, SCHEMA, "t")
    assert server.modes() == ["json_schema"] * 3


def test_only_a_definite_unsupported_answer_is_remembered(tmp_path):
    good = Reply.json({"items": []})
    with ScriptedServer([good, good], refuse={"json_schema": 422}) as server:
        client_for(server, tmp_path).complete_json(MESSAGES, SCHEMA, "t")
        client_for(server, tmp_path).complete_json(MESSAGES, SCHEMA, "t")
    assert server.modes() == ["json_schema", "json_object_schema", "json_object_schema"]


def test_a_400_that_does_not_name_the_format_retires_nothing(tmp_path):
    bad = Reply(status=400, error="model 'm' is loading")
    with ScriptedServer([bad], refuse={}) as server, pytest.raises(LLMError):
        client_for(server, tmp_path).complete_json(MESSAGES, SCHEMA, "t")
    assert server.modes() == ["json_schema"]
    assert CapabilityCache(tmp_path / "cap.json").modes(f"{server.base_url}|m")[0] == "json_schema"


def gate_for(server: ScriptedServer, brief, tmp_path, **settings):
    values = {"base_url": server.base_url, "model": "m", "api_key": KEY, "max_retries": 0, **settings}
    llm = LLMSettings(**values)
    client = LLMClient(llm, cache=CapabilityCache(tmp_path / "c.json"), sleep=lambda s: None)
    return run_task("indicators", brief, RULES, engine="llm", settings=llm, client=client, audit=False)


def envelope(content: str) -> bytes:
    """A whole chat-completions answer carrying `content`, as bytes."""
    payload = {
        "id": "x",
        "object": "chat.completion",
        "created": 0,
        "model": "m",
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


# 7. A deadline per call ----------------------------------------------------------------------------


def test_a_dripping_server_is_cut_at_the_timeout_for_the_whole_call(tmp_path):
    drip = Reply(raw=envelope('{"items": []}'), drip_s=0.05)  # ~12 s in all, every read on time
    with ScriptedServer([drip]) as server, pytest.raises(LLMTimeoutError) as caught:
        started = time.monotonic()
        client_for(server, tmp_path, timeout_s=1.0, max_retries=0).complete_json(MESSAGES, SCHEMA, "t")
    assert time.monotonic() - started < 6  # 1 s and the SDK's import on a loaded machine
    assert "超时" in str(caught.value) and caught.value.retryable


def test_a_server_dripping_its_headers_is_cut_at_the_timeout_too(tmp_path):
    drip = Reply(raw=envelope('{"items": []}'), drip_s=0.2, drip_head=True)  # ~14 s of headers
    with ScriptedServer([drip]) as server, pytest.raises(LLMTimeoutError):
        started = time.monotonic()
        client_for(server, tmp_path, timeout_s=1.0, max_retries=0).complete_json(MESSAGES, SCHEMA, "t")
    assert time.monotonic() - started < 6  # 1 s and the SDK's import on a loaded machine


def test_a_dripping_server_falls_back_to_the_offline_draft(tmp_path):
    brief = load_brief(BRIEF)
    drip = Reply(raw=envelope('{"indicators": []}'), drip_s=0.05)
    with ScriptedServer([drip]) as server:
        started = time.monotonic()
        result = gate_for(server, brief, tmp_path, timeout_s=1.0)
    assert time.monotonic() - started < 6
    assert result.status == "fallback" and "超时" in result.attempts[0].error


# 8. A size cap on the answer -----------------------------------------------------------------------


@pytest.mark.parametrize("no_length", [False, True], ids=["content-length", "streamed"])
def test_a_huge_answer_is_a_bad_answer_and_memory_stays_bounded(no_length, tmp_path):
    huge = envelope(json.dumps({"items": ["好" * (3 * 1024 * 1024)]}, ensure_ascii=False))  # 9 MB
    assert len(huge) > 30 * MAX_ANSWER_BYTES
    with (
        ScriptedServer([Reply(raw=huge, no_length=no_length)]) as server,
        pytest.raises(LLMAnswerError) as caught,
    ):
        tracemalloc.start()
        try:
            client_for(server, tmp_path, max_retries=0).complete_json(MESSAGES, SCHEMA, "t")
        finally:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
    assert caught.value.repairable and "KB" in str(caught.value)
    assert peak < 4 * 1024 * 1024


def test_a_huge_answer_is_repaired_then_falls_back(tmp_path):
    brief = load_brief(BRIEF)
    huge = Reply(raw=envelope("好" * (MAX_ANSWER_BYTES)))
    with ScriptedServer([huge] * 3) as server:
        result = gate_for(server, brief, tmp_path)
    # the first call and one repair; the same problem coming back stops the repairs
    assert result.status == "fallback" and server.calls == 2
    assert all("KB" in attempt.error for attempt in result.attempts[:2])


# 9. Invalid UTF-8 ----------------------------------------------------------------------------------


def invalid_utf8() -> bytes:
    return envelope('{"items": ["PLACE"]}').replace(b"PLACE", b"\xff\xfe\xc3(")


def lone_surrogate() -> bytes:
    return envelope('{"items": ["PLACE"]}').replace(b"PLACE", b"\\ud800")  # decodes to a lone surrogate


@pytest.mark.parametrize("raw", [invalid_utf8(), lone_surrogate()], ids=["bytes", "lone-surrogate"])
def test_invalid_utf8_is_a_bad_answer(raw, tmp_path):
    with ScriptedServer([Reply(raw=raw)]) as server, pytest.raises(LLMAnswerError) as caught:
        client_for(server, tmp_path, max_retries=0).complete_json(MESSAGES, SCHEMA, "t")
    assert caught.value.repairable and "UTF-8" in str(caught.value)


def test_invalid_utf8_is_repaired_then_falls_back(tmp_path):
    brief = load_brief(BRIEF)
    with ScriptedServer([Reply(raw=invalid_utf8())] * 3) as server:
        result = gate_for(server, brief, tmp_path)
    assert result.status == "fallback" and server.calls == 2  # the first call and one repair
    assert "UTF-8" in result.attempts[0].error


# 12. No redirects ----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirect_to_another_host_is_refused_and_nothing_leaves_for_it(status, tmp_path):
    with ScriptedServer([Reply.json({"items": []})]) as other:
        target = other.base_url.replace("127.0.0.1", "localhost") + f"/chat/completions?token={KEY}"
        redirect = Reply(status=status, headers={"Location": target})
        with ScriptedServer([redirect]) as server, pytest.raises(LLMRequestError) as caught:
            client_for(server, tmp_path, max_retries=0).complete_json(MESSAGES, SCHEMA, "t")
    assert other.calls == 0 and other.headers == []  # neither the body nor the key went there
    assert "重定向" in str(caught.value) and "localhost" in str(caught.value)
    assert KEY not in str(caught.value)


def test_a_same_host_redirect_is_refused_too(tmp_path):
    redirect = Reply(status=307, headers={"Location": "/v2/chat/completions"})
    with ScriptedServer([redirect, Reply.json({"items": []})]) as server, pytest.raises(LLMRequestError):
        client_for(server, tmp_path, max_retries=0).complete_json(MESSAGES, SCHEMA, "t")
    assert server.calls == 1
