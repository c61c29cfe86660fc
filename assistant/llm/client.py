"""A chat-completions client that survives real providers (OpenAI-compatible servers differ).

One `complete_json` call may make several HTTP calls: a structured-output mode the server refuses is
dropped (and remembered), 429/5xx/timeouts/blank or cut-off answers are retried with bounded
exponential backoff that honours Retry-After. The SDK's own retries are off (max_retries=0) so
that every call is counted and its usage summed. Reasoning content is never read.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..paths import workspace_dir
from .config import LLMSettings
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

MAX_TOKENS_CAP = 8192  # DeepSeek's output limit; doubling on finish_reason == "length" stops here
MAX_RETRY_AFTER_S = 30.0
_REFUSAL_STATUSES = {400, 415, 422, 500, 501}
_CONTEXT_WORDS = ("context length", "context_length", "maximum context", "too long", "too many tokens")


@dataclass
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0

    def add(self, other: Any) -> None:
        """Add an SDK usage object or another Usage (missing numbers count as 0)."""
        if other is None:
            return
        prompt = int(getattr(other, "prompt_tokens", 0) or 0)
        completion = int(getattr(other, "completion_tokens", 0) or 0)
        total = int(getattr(other, "total_tokens", 0) or 0) or prompt + completion
        self.prompt_tokens += prompt
        self.completion_tokens += completion
        self.total_tokens += total

    def as_dict(self) -> dict[str, int]:
        return {
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "total_tokens": self.total_tokens,
        }


@dataclass
class Completion:
    """A parsed answer: the JSON value, the raw content, and what it cost."""

    data: Any
    content: str
    mode: Mode
    usage: Usage = field(default_factory=Usage)
    calls: int = 0
    latency_ms: float = 0.0


class LLMError(Exception):
    """The call failed; the message is Chinese. `repairable`: the server answered, the content was bad."""

    def __init__(
        self, message: str, *, usage: Usage, calls: int, content: str = "", repairable: bool = False
    ):
        super().__init__(message)
        self.usage = usage
        self.calls = calls
        self.content = content
        self.repairable = repairable


class _Retry(Exception):
    def __init__(self, reason: str, wait_s: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.wait_s = wait_s


def retry_after_s(headers: Any) -> float | None:
    """Seconds from Retry-After (seconds or an HTTP date) or retry-after-ms, capped; None if absent."""
    if headers is None:
        return None
    raw_ms = headers.get("retry-after-ms")
    raw = headers.get("retry-after")
    seconds: float | None = None
    try:
        if raw_ms is not None:
            seconds = float(raw_ms) / 1000
        elif raw is not None:
            seconds = float(raw)
    except ValueError:
        try:
            seconds = email.utils.parsedate_to_datetime(raw).timestamp() - time.time() if raw else None
        except (TypeError, ValueError):
            seconds = None  # an unreadable header: use our own backoff
    if seconds is None:
        return None
    return max(0.0, min(seconds, MAX_RETRY_AFTER_S))


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
            import openai  # lazily: the SDK is slow to import

            http_client = openai.DefaultHttpxClient(trust_env=False) if self.settings.loopback else None
            self._sdk = openai.OpenAI(
                base_url=self.settings.base_url,
                api_key=self.settings.key_text(),
                timeout=self.settings.timeout_s,
                max_retries=0,
                http_client=http_client,
            )
        return self._sdk

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
            try:
                content = self._call(messages, schema, name, mode, max_tokens, usage)
                data = extract_json(content)
            except _Refused:
                self.cache.refuse(self.settings.cache_key, mode)
                index += 1
                continue
            except _Retry as retry:
                if retries >= self.settings.max_retries:
                    raise LLMError(
                        f"模型服务多次失败（共 {calls} 次调用）：{retry.reason}", usage=usage, calls=calls
                    ) from None
                if retry.reason == _CUT_OFF:
                    max_tokens = min(max_tokens * 2, MAX_TOKENS_CAP)
                delay = retry.wait_s
                if delay is None:
                    delay = min(self.max_backoff_s, self.backoff_s * 2**retries)
                retries += 1
                self.sleep(delay)
                continue
            except ExtractionError as exc:
                raise LLMError(str(exc), usage=usage, calls=calls, content=content, repairable=True) from None
            except _Fatal as fatal:
                raise LLMError(self._scrub(str(fatal)), usage=usage, calls=calls) from None
            latency = (time.perf_counter() - started) * 1000
            return Completion(data, content, mode, usage, calls, latency)

    def _scrub(self, text: str) -> str:
        """A server may echo the key in an error message: it never goes further than here."""
        key = self.settings.api_key.get_secret_value() if self.settings.api_key else ""
        return text.replace(key, "***") if len(key) >= 4 else text

    def _call(
        self,
        messages: list[dict[str, str]],
        schema: dict[str, Any],
        name: str,
        mode: Mode,
        max_tokens: int,
        usage: Usage,
    ) -> str:
        import openai

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
        try:
            response = self._client().chat.completions.create(**request)
        except openai.APITimeoutError:
            raise _Retry(f"请求超时（{self.settings.timeout_s:g} 秒）") from None
        except openai.APIConnectionError:
            raise _Retry(f"无法连接到 {self.settings.base_url}") from None
        except openai.APIStatusError as exc:
            raise _classify(exc, mode) from None
        usage.add(getattr(response, "usage", None))
        choices = getattr(response, "choices", None) or []
        if not choices:
            raise _Retry("模型返回了空内容")
        choice = choices[0]
        content = getattr(choice.message, "content", None) or ""
        if not isinstance(content, str) or not content.strip():
            raise _Retry("模型返回了空内容")
        if getattr(choice, "finish_reason", None) == "length":
            raise _Retry(_CUT_OFF)
        return content


_CUT_OFF = "模型输出被截断（finish_reason=length）"


class _Refused(Exception):
    """The server does not support this structured-output mode."""


class _Fatal(Exception):
    """Retrying cannot help (bad key, unknown model, request rejected)."""


def _classify(exc: Any, mode: Mode) -> Exception:
    status = int(getattr(exc, "status_code", 0) or 0)
    detail = _detail(exc)
    if status in (401, 403):
        return _Fatal(f"模型服务拒绝访问（HTTP {status}）：请检查 API 密钥和权限")
    if status == 404:
        return _Fatal(f"模型服务找不到该地址或模型（HTTP 404）：请检查服务地址和模型名称。{detail}")
    if any(word in detail.lower() for word in _CONTEXT_WORDS):
        return _Fatal(f"输入超出模型的上下文长度（HTTP {status}）：{detail}")
    if mode != "prompt" and status in _REFUSAL_STATUSES:
        return _Refused()
    if status in (408, 409, 429) or status >= 500:
        wait = retry_after_s(getattr(getattr(exc, "response", None), "headers", None))
        return _Retry(f"服务繁忙或出错（HTTP {status}）", wait)
    return _Fatal(f"模型服务拒绝了请求（HTTP {status}）：{detail}")


def _detail(exc: Any) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        error = body.get("error", body)
        message = error.get("message") if isinstance(error, dict) else error
        return str(message or "")[:200]
    return str(getattr(exc, "message", "") or "")[:200]


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
