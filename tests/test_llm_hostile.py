"""Hostile model servers: every endpoint is untrusted (issue "Hostile files and hostile model servers").

Each test drives the real client (openai SDK, httpx, sockets) against tests/scripted_server.py on
127.0.0.1.
"""

from __future__ import annotations

import pytest

from assistant.llm.client import LLMClient, LLMError
from assistant.llm.config import LLMSettings
from assistant.llm.structured import CapabilityCache
from tests.scripted_server import Reply, ScriptedServer

SCHEMA = {"type": "object", "properties": {"items": {"type": "array"}}, "required": ["items"]}
MESSAGES = [{"role": "system", "content": "规则"}, {"role": "user", "content": "数据"}]
KEY = "sk-hostile-key-never-leaves-42"


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
