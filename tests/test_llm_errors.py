"""One error family and one scrubber: a key planted anywhere never reaches a terminal, page or log."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.llm.client import LLMClient
from assistant.llm.config import LLMSettings
from assistant.llm.errors import (
    LLMAnswerError,
    LLMAuthError,
    LLMConnectionError,
    LLMContextError,
    LLMError,
    LLMRateLimitError,
    LLMRequestError,
    LLMServerError,
    SettingsError,
    remember_secret,
    scrub,
)
from assistant.llm.structured import CapabilityCache
from assistant.paths import workspace_dir
from assistant.ui.connection import test_connection as connection_test
from tests.scripted_server import Reply, ScriptedServer

ROOT = Path(__file__).resolve().parents[1]
BRIEF = ROOT / "examples" / "brief-公共服务经费.yaml"
# Shaped like a Zhipu key (id.secret): no "sk-" prefix, so only knowing the key can remove it.
KEY = "3f9c2b7e1d4a.QWxhZGRpbjpvcGVuU2VzYW1l"
URL_SECRET = "hunter2-in-the-url-77"


def closed_port() -> int:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (f"Incorrect API key provided: {KEY}", "Incorrect API key provided: ***"),
        ("Authorization: Bearer abc.DEF-123_456", "Authorization: Bearer ***"),
        ("key sk-proj-AbCdEf0123456789 is invalid", "key *** is invalid"),
        (f"https://user:{URL_SECRET}@api.example.cn/v1", "https://***@api.example.cn/v1"),
        (f"https://api.example.cn/v1?api_key={URL_SECRET}&x=1", "https://api.example.cn/v1?api_key=***&x=1"),
        ("无法连接到 http://127.0.0.1:8080/v1", "无法连接到 http://127.0.0.1:8080/v1"),
        ("模型 none 与 EMPTY 都不是密钥", "模型 none 与 EMPTY 都不是密钥"),
    ],
)
def test_scrub_removes_keys_tokens_and_url_secrets_and_nothing_else(text, kept):
    remember_secret(KEY)
    remember_secret("none")  # a local server's placeholder is too short to be a secret
    assert scrub(text) == kept


def test_every_llm_error_is_scrubbed_when_made():
    for kind in (LLMError, LLMAuthError, LLMRequestError, LLMAnswerError, SettingsError):
        assert "sk-" not in str(kind("服务说：sk-abcdefghijkl0123 无效"))
    assert issubclass(SettingsError, ValueError) and issubclass(SettingsError, LLMError)


def client_for(base_url: str, tmp_path) -> LLMClient:
    settings = LLMSettings(base_url=base_url, model="m", api_key=KEY, max_retries=0)
    return LLMClient(settings, cache=CapabilityCache(tmp_path / "cap.json"), sleep=lambda _: None)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        (Reply(status=401, error="bad key"), LLMAuthError),
        (Reply(status=404, error="no such model"), LLMRequestError),
        (Reply(status=429, error="slow down"), LLMRateLimitError),
        (Reply(status=503, error="overloaded"), LLMServerError),
        (Reply(status=418, error="teapot"), LLMRequestError),
        (Reply(status=400, error="maximum context length is 8192 tokens"), LLMContextError),
        (Reply(content="   "), LLMAnswerError),
        (Reply(content="这不是 JSON"), LLMAnswerError),
    ],
)
def test_the_client_and_the_connection_test_classify_alike(reply, kind, tmp_path):
    with ScriptedServer([reply], refuse={}) as server, pytest.raises(kind) as caught:
        client_for(server.base_url, tmp_path).complete_json([{"role": "user", "content": "x"}], {}, "t")
    assert caught.value.calls == 1
    if reply.status != 200:
        with ScriptedServer([reply]) as server:
            ok, message = connection_test(LLMSettings(base_url=server.base_url, model="m", api_key=KEY))
        assert not ok and message == str(caught.value)


def test_unreachable_server_is_a_connection_error(tmp_path):
    with pytest.raises(LLMConnectionError, match="无法连接到"):
        client_for(f"http://127.0.0.1:{closed_port()}/v1", tmp_path).complete_json([], {}, "t")


def llm_environment(monkeypatch, base_url: str) -> None:
    monkeypatch.setenv("JIXIAO_LLM_BASE_URL", base_url)
    monkeypatch.setenv("JIXIAO_LLM_MODEL", "glm-4-flash")
    monkeypatch.setenv("JIXIAO_LLM_API_KEY", KEY)
    monkeypatch.setenv("JIXIAO_LLM_MAX_RETRIES", "0")


def cli_draft(capsys) -> tuple[int, str]:
    code = main(["draft", "indicators", str(BRIEF), "--engine", "llm"])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def audit_text() -> str:
    return (workspace_dir() / "audit.jsonl").read_text(encoding="utf-8")


def test_key_echoed_by_the_server_reaches_no_terminal_page_or_log(monkeypatch, capsys, tmp_path):
    echo = Reply(status=418, error=f"bad request for key {KEY} (Authorization: Bearer {KEY})")
    with ScriptedServer([echo], refuse={}) as server:
        llm_environment(monkeypatch, server.base_url)
        code, printed = cli_draft(capsys)
    assert code == 0 and "HTTP 418" in printed and "fallback" in printed
    assert KEY not in printed and KEY not in audit_text()
    with ScriptedServer([echo]) as server:
        ok, message = connection_test(LLMSettings(base_url=server.base_url, model="m", api_key=KEY))
    assert not ok and "HTTP 418" in message and KEY not in message


def test_secrets_in_the_server_address_reach_no_terminal_page_or_log(monkeypatch, capsys, tmp_path):
    base_url = f"http://jixiao:{URL_SECRET}@127.0.0.1:{closed_port()}/v1"
    llm_environment(monkeypatch, base_url)
    code, printed = cli_draft(capsys)
    assert code == 0 and "无法连接到 http://***@127.0.0.1" in printed
    ok, message = connection_test(LLMSettings(base_url=base_url, model="m", api_key=KEY))
    assert not ok and "无法连接到" in message
    for text in (printed, audit_text(), message):
        assert URL_SECRET not in text and KEY not in text
