"""The robust client and JSON extraction, each quirk as a provider shows it (scripted HTTP server)."""

from __future__ import annotations

import json
import time
from email.utils import formatdate

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.llm.client import MAX_RETRY_AFTER_S, LLMClient, LLMError, retry_after_s, with_instruction
from assistant.llm.config import LLMSettings
from assistant.llm.structured import (
    CACHE_TTL_S,
    CapabilityCache,
    ExtractionError,
    extract_json,
    repair_quotes,
)
from tests.scripted_server import Reply, ScriptedServer

SCHEMA = {"type": "object", "properties": {"items": {"type": "array"}}, "required": ["items"]}
MESSAGES = [{"role": "system", "content": "规则"}, {"role": "user", "content": "数据"}]
KEY = "sk-echo-me-please-77"


def client_for(server: ScriptedServer, tmp_path, sleeps=None, **settings) -> LLMClient:
    values = {"base_url": server.base_url, "model": "m", "api_key": KEY, "max_retries": 2, **settings}
    return LLMClient(
        LLMSettings(**values),
        cache=CapabilityCache(tmp_path / "cap.json"),
        sleep=(sleeps if sleeps is not None else []).append,
        backoff_s=0.5,
        max_backoff_s=1.5,
    )


def test_backoff_is_exponential_and_capped(tmp_path):
    sleeps: list[float] = []
    with ScriptedServer([Reply(status=502)] * 3 + [Reply.json({"items": []})]) as server:
        answer = client_for(server, tmp_path, sleeps, max_retries=3).complete_json(MESSAGES, SCHEMA, "t")
    assert answer.data == {"items": []} and answer.calls == 4
    assert sleeps == [0.5, 1.0, 1.5]


def test_retries_are_bounded_and_counted(tmp_path):
    with ScriptedServer([Reply(status=429)] * 10) as server, pytest.raises(LLMError) as caught:
        client_for(server, tmp_path, max_retries=2).complete_json(MESSAGES, SCHEMA, "t")
    assert server.calls == 3 and caught.value.calls == 3 and not caught.value.repairable
    assert "429" in str(caught.value)


def test_timeout_is_retried(tmp_path):
    slow = Reply.json({"items": ["late"]}, delay_s=2.0)
    with ScriptedServer([slow, Reply.json({"items": []})]) as server:
        answer = client_for(server, tmp_path, timeout_s=0.5).complete_json(MESSAGES, SCHEMA, "t")
    assert answer.data == {"items": []} and answer.calls == 2 and server.calls == 2


def test_bad_key_is_not_retried_and_never_echoed(tmp_path):
    reply = Reply(status=401, error=f"Incorrect API key provided: {KEY}")
    with ScriptedServer([reply] * 3) as server, pytest.raises(LLMError) as caught:
        client_for(server, tmp_path).complete_json(MESSAGES, SCHEMA, "t")
    assert server.calls == 1 and "API 密钥" in str(caught.value) and KEY not in str(caught.value)


def test_rejected_request_message_is_scrubbed(tmp_path):
    reply = Reply(status=403 + 6, error=f"conflict for key {KEY}")  # 409: retried, then reported
    with ScriptedServer([reply] * 3) as server, pytest.raises(LLMError) as caught:
        client_for(server, tmp_path, max_retries=0).complete_json(MESSAGES, SCHEMA, "t")
    assert KEY not in str(caught.value)
    unknown = Reply(status=418, error=f"teapot {KEY}")
    with ScriptedServer([unknown], refuse={}) as server, pytest.raises(LLMError) as caught:
        client_for(server, tmp_path).complete_json(MESSAGES, SCHEMA, "t")
    assert "418" in str(caught.value) and "teapot ***" in str(caught.value)


def test_context_overflow_is_not_mistaken_for_a_refused_mode(tmp_path):
    reply = Reply(status=400, error="This model's maximum context length is 8192 tokens")
    with ScriptedServer([reply]) as server:
        client = client_for(server, tmp_path)
        with pytest.raises(LLMError, match="上下文"):
            client.complete_json(MESSAGES, SCHEMA, "t")
    assert server.calls == 1 and client.cache.modes(client.settings.cache_key)[0] == "json_schema"


def test_unparseable_content_is_repairable_and_keeps_the_text(tmp_path):
    reply = Reply(content="抱歉，我无法完成。")
    with ScriptedServer([reply]) as server, pytest.raises(LLMError) as caught:
        client_for(server, tmp_path).complete_json(MESSAGES, SCHEMA, "t")
    assert caught.value.repairable and caught.value.content == "抱歉，我无法完成。" and server.calls == 1


def test_refusals_persist_across_processes_and_expire(tmp_path):
    path = tmp_path / "cap.json"
    CapabilityCache(path).refuse("http://x/v1|m", "json_schema")
    assert CapabilityCache(path).modes("http://x/v1|m") == ["json_object_schema", "json_object", "prompt"]
    data = json.loads(path.read_text())
    data["http://x/v1|m"]["json_schema"] = time.time() - CACHE_TTL_S - 1
    path.write_text(json.dumps(data))
    assert CapabilityCache(path).modes("http://x/v1|m")[0] == "json_schema"
    path.write_text("{not json")
    assert CapabilityCache(path).modes("http://x/v1|m")[0] == "json_schema"  # damaged: start over


def test_system_role_folds_into_the_first_user_message():
    folded = with_instruction(MESSAGES, "只输出 JSON", system_role=False)
    assert [m["role"] for m in folded] == ["user"]
    assert folded[0]["content"].startswith("规则\n\n只输出 JSON") and folded[0]["content"].endswith("数据")
    kept = with_instruction(MESSAGES, "只输出 JSON")
    assert [m["role"] for m in kept] == ["system", "user"] and MESSAGES[0]["content"] == "规则"


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after": "2"}, 2.0),
        ({"retry-after-ms": "1500"}, 1.5),
        ({"retry-after": "86400"}, MAX_RETRY_AFTER_S),
        ({"retry-after": "-3"}, 0.0),
        ({"retry-after": "soon"}, None),
        ({}, None),
    ],
)
def test_retry_after_is_read_and_capped(headers, expected):
    assert retry_after_s(headers) == expected


def test_retry_after_as_http_date():
    wait = retry_after_s({"retry-after": formatdate(time.time() + 10, usegmt=True)})
    assert wait is not None and 5 <= wait <= 10


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"items": [1]}', {"items": [1]}),
        ('```json\n{"items": []}\n```', {"items": []}),
        ('<think>先看 {"items": [9]}</think>\n{"items": [2]}', {"items": [2]}),
        ('结果：\n```\n{"items": ["a"]}\n```\n以上。', {"items": ["a"]}),
        ("[1, 2]", [1, 2]),
        ("{“items”：[“社区“正常运转”情况”]}", {"items": ["社区“正常运转”情况"]}),
        ('{"items": ["第一行\n第二行"]}', {"items": ["第一行\n第二行"]}),
    ],
)
def test_extract_json(content, expected):
    assert extract_json(content) == expected


@pytest.mark.parametrize("content", ["", "   \n", "没有 JSON", "{broken"])
def test_extract_json_refuses_what_is_not_there(content):
    with pytest.raises(ExtractionError):
        extract_json(content)


texts = st.text(alphabet=st.sampled_from(list("社区正常运转满意度≥90%“”，：abc 1")), max_size=20)


@given(st.dictionaries(st.sampled_from(["name", "target", "basis"]), texts, min_size=1))
def test_valid_json_is_never_changed_by_the_quote_repair(value):
    text = json.dumps(value, ensure_ascii=False)
    assert json.loads(repair_quotes(text)) == value
    assert extract_json(text) == value
