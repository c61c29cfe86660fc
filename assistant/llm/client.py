"""A chat-completions client that survives real providers (OpenAI-compatible servers differ).

One `complete_json` call may make several HTTP calls: a structured-output mode the server refuses is
dropped (remembered only when the server definitely said "unsupported"), 429/5xx/timeouts/blank or
cut-off answers are retried with bounded exponential backoff that honours Retry-After. The SDK's
own retries are off (max_retries=0) so that every call is counted and its usage summed. Reasoning
content is never read.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..paths import workspace_dir
from .config import LLMSettings
from .errors import (
    MAX_RETRY_AFTER_S,
    LLMAnswerError,
    LLMContextError,
    LLMError,
    LLMRequestError,
    LLMServerError,
    Usage,
    from_sdk,
    invalid_utf8,
    retry_after_s,
)
from .structured import (
    CACHE_FILE,
    CapabilityCache,
    ExtractionError,
    Mode,
    capability_cache,
    extract_json,
    response_format,
    schema_instruction,
)

__all__ = ["MAX_RETRY_AFTER_S", "Completion", "LLMClient", "LLMError", "Usage", "retry_after_s"]

MAX_TOKENS_CAP = 8192  # DeepSeek's output limit; doubling on finish_reason == "length" stops here
# A definite "this mode is unsupported": one of these statuses AND a body naming the format. Only
# that is remembered for the server; a 5xx, a timeout or a dropped connection is a passing failure
# and never retires a mode (one 500 must not cost a week of json_schema).
_UNSUPPORTED_STATUSES = {400, 415, 422}
# llama.cpp answers 500 to json_schema: a 5xx that names the format skips the mode for this call only.
_SKIP_STATUSES = {500, 501}
_FORMAT_WORDS = ("response_format", "json_schema", "json_object", "response format", "structured output")
_PING_TIMEOUT_S = 15.0
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass
class Completion:
    """A parsed answer: the JSON value, the raw content, and what it cost."""

    data: Any
    content: str
    mode: Mode
    usage: Usage = field(default_factory=Usage)
    calls: int = 0
    latency_ms: float = 0.0


class _CutOff(LLMAnswerError):
    """finish_reason == "length": retried with more room."""

    retryable = True


def _refuses_mode(error: LLMError, mode: Mode) -> str:
    """ "remember": the server definitely does not support the mode (400/415/422 naming the format);
    "skip": a 500/501 naming the format, the next mode for this call only; "" otherwise."""
    if mode == "prompt" or isinstance(error, LLMContextError):
        return ""
    if not isinstance(error, LLMRequestError | LLMServerError):
        return ""
    if not any(word in str(error).lower() for word in _FORMAT_WORDS):
        return ""
    if error.status in _UNSUPPORTED_STATUSES:
        return "remember"
    return "skip" if error.status in _SKIP_STATUSES else ""


class LLMClient:
    def __init__(
        self,
        settings: LLMSettings,
        *,
        cache: CapabilityCache | None = None,
        sleep: Callable[[float], None] = time.sleep,
        backoff_s: float = 1.0,
        max_backoff_s: float = 20.0,
    ) -> None:
        self.settings = settings
        self.cache = cache or capability_cache(workspace_dir() / CACHE_FILE)
        self.sleep = sleep
        self.backoff_s = backoff_s
        self.max_backoff_s = max_backoff_s
        self._sdk: Any = None

    def _client(self) -> Any:
        if self._sdk is None:
            import httpx
            import openai  # lazily: the SDK is slow to import

            from .guarded import GuardedClient

            http_client = GuardedClient(
                deadline_s=self.settings.timeout_s,
                timeout=httpx.Timeout(self.settings.timeout_s, connect=min(self.settings.timeout_s, 10.0)),
                trust_env=not self.settings.loopback,  # a proxy must not see a local server's traffic
            )
            self._sdk = openai.OpenAI(
                base_url=self.settings.base_url,
                api_key=self.settings.key_text(),
                timeout=self.settings.timeout_s,
                max_retries=0,
                http_client=http_client,
            )
        return self._sdk

    def close(self) -> None:
        if self._sdk is not None:
            self._sdk.close()
            self._sdk = None

    def complete_json(self, messages: list[dict[str, str]], schema: dict[str, Any], name: str) -> Completion:
        """Ask for one JSON object following `schema`; raise LLMError when no usable answer came."""
        started = time.perf_counter()
        usage, calls, retries = Usage(), 0, 0
        max_tokens = self.settings.max_tokens
        modes = self.cache.modes(self.settings.cache_key)
        index = 0
        while True:
            mode = modes[index]
            calls += 1
            content = ""
            try:
                content = self._call(messages, schema, name, mode, max_tokens, usage)
                data = extract_json(content)
            except ExtractionError as exc:
                error: LLMError = LLMAnswerError(str(exc), content=content, repairable=True)
                raise error.counted(usage, calls) from None
            except LLMError as failed:
                refused = _refuses_mode(failed, mode)
                if refused:
                    if refused == "remember":
                        self.cache.refuse(self.settings.cache_key, mode)
                    index += 1
                    continue
                if not failed.retryable or self.settings.max_retries == 0:
                    raise failed.counted(usage, calls) from None
                if retries >= self.settings.max_retries:
                    message = f"模型服务多次失败（共 {calls} 次调用）：{failed}"
                    error = type(failed)(message, status=failed.status)
                    raise error.counted(usage, calls) from None
                if isinstance(failed, _CutOff):
                    max_tokens = min(max_tokens * 2, MAX_TOKENS_CAP)
                delay = failed.retry_after_s
                if delay is None:
                    delay = min(self.max_backoff_s, self.backoff_s * 2**retries)
                retries += 1
                self.sleep(delay)
                continue
            latency = (time.perf_counter() - started) * 1000
            return Completion(data, content, mode, usage, calls, latency)

    def ping(self, timeout_s: float = _PING_TIMEOUT_S) -> float:
        """One tiny chat completion, not retried: the seconds it took, or LLMError (测试连接)."""
        started = time.perf_counter()
        timeout = min(timeout_s, self.settings.timeout_s)
        request = {
            "model": self.settings.model,
            "messages": [{"role": "user", "content": "请只回答一个字：好"}],
            "max_tokens": 8,
        }
        response = self._create(request, timeout)
        if not (getattr(response, "choices", None) or []):
            raise LLMAnswerError("已连接，但模型没有返回内容，请检查模型名称")
        return time.perf_counter() - started

    def _create(self, request: dict[str, Any], timeout_s: float | None = None) -> Any:
        """The one place the SDK is called; its exceptions leave as LLMError."""
        import openai

        timeout = timeout_s or self.settings.timeout_s
        try:
            return self._client().chat.completions.create(**request, timeout=timeout)
        except openai.APIError as exc:
            raise from_sdk(exc, self.settings.base_url, timeout) from None

    def _call(
        self,
        messages: list[dict[str, str]],
        schema: dict[str, Any],
        name: str,
        mode: Mode,
        max_tokens: int,
        usage: Usage,
    ) -> str:
        request: dict[str, Any] = {
            "model": self.settings.model,
            "messages": with_instruction(
                messages, schema_instruction(mode, schema), self.settings.system_role
            ),
            "max_tokens": max_tokens,
            "temperature": 0.2,
        }
        fmt = response_format(mode, schema, name)
        if fmt is not None:
            request["response_format"] = fmt
        response = self._create(request)
        usage.add(getattr(response, "usage", None))
        choices = getattr(response, "choices", None) or []
        if not choices:
            raise LLMAnswerError("模型返回了空内容", retryable=True)
        choice = choices[0]
        content = getattr(choice.message, "content", None) or ""
        refusal = getattr(choice.message, "refusal", None)
        if isinstance(refusal, str) and refusal.strip() and not str(content).strip():
            raise LLMAnswerError(f"模型拒绝回答：{refusal.strip()[:160]}")
        if not isinstance(content, str) or not content.strip():
            raise LLMAnswerError("模型返回了空内容", retryable=True)
        if not content.isascii() and _SURROGATE.search(content):  # "\ud800" in the JSON: no text
            raise invalid_utf8()
        if getattr(choice, "finish_reason", None) == "length":
            raise _CutOff("模型输出被截断（finish_reason=length）")
        return content


def with_instruction(
    messages: list[dict[str, str]], instruction: str, system_role: bool = True
) -> list[dict[str, str]]:
    """A copy of the messages with the output instruction appended to the system message; without
    a system role, the system text opens the first user message instead."""
    copied = [dict(message) for message in messages]
    if copied and copied[0].get("role") == "system":
        copied[0]["content"] = f"{copied[0]['content']}\n\n{instruction}"
    else:
        copied.insert(0, {"role": "system", "content": instruction})
    if not system_role and len(copied) > 1 and copied[1].get("role") == "user":
        system = copied.pop(0)
        copied[0]["content"] = f"{system['content']}\n\n{copied[0]['content']}"
    elif not system_role:
        copied[0]["role"] = "user"
    return copied
