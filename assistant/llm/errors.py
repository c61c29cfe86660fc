"""What can go wrong with the model service, as one family of errors, and the one scrubber.

Every LLMError message is Chinese and is scrubbed when the error is made: the API key, `Bearer …`
tokens, `sk-…`-shaped keys and secrets in URLs never travel further than the place that saw them.
The command line, the 设置 page and the audit log pass anything else they show through `scrub` too.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any, Self

MIN_SECRET_LENGTH = 8  # placeholders such as "none" or "EMPTY" for local servers are not secrets
_SECRETS: set[str] = set()
_LOCK = threading.Lock()
_PATTERNS = (
    (re.compile(r"\bBearer\s+[A-Za-z0-9._~+/=*\-]{6,}", re.IGNORECASE), "Bearer ***"),
    (re.compile(r"\b(?:sk|ak|key)-[A-Za-z0-9*_\-]{6,}", re.IGNORECASE), "***"),
    (re.compile(r"(://)[^/\s@]+@"), r"\1***@"),  # user:password@host
    (
        re.compile(r"([?&](?:api[_-]?key|key|token|access[_-]?token|secret)=)[^&\s#]+", re.IGNORECASE),
        r"\1***",
    ),
)


def remember_secret(secret: str | None) -> None:
    """From now on, `scrub` removes this value everywhere in the process."""
    if secret and len(secret.strip()) >= MIN_SECRET_LENGTH:
        with _LOCK:
            _SECRETS.add(secret.strip())


def scrub(text: object, *secrets: str | None) -> str:
    """`text` without any remembered or given secret and without anything shaped like a key."""
    result = str(text)
    with _LOCK:
        known = {*_SECRETS, *(s.strip() for s in secrets if s and len(s.strip()) >= MIN_SECRET_LENGTH)}
    for secret in sorted(known, key=len, reverse=True):
        result = result.replace(secret, "***")
    for pattern, replacement in _PATTERNS:
        result = pattern.sub(replacement, result)
    return result


@dataclass
class Usage:
    """Tokens spent: carried by a completion and by an error alike (failed calls cost too)."""

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


class LLMError(Exception):
    """The model service could not be used. `str()` is Chinese and already scrubbed.

    `retryable`: the same request may succeed later. `repairable`: the server answered, the
    content was bad (the gate may ask for a repair). `usage`/`calls`: what the failure cost.
    """

    retryable = False

    def __init__(
        self,
        message: str,
        *,
        status: int = 0,
        retry_after_s: float | None = None,
        content: str = "",
        repairable: bool = False,
        retryable: bool | None = None,
    ) -> None:
        super().__init__(scrub(message))
        self.status = status
        self.retry_after_s = retry_after_s
        self.content = content
        self.repairable = repairable
        if retryable is not None:
            self.retryable = retryable
        self.usage = Usage()
        self.calls = 0

    def counted(self, usage: Usage, calls: int) -> Self:
        self.usage, self.calls = usage, calls
        return self


class SettingsError(LLMError, ValueError):
    """Settings that cannot be used; the message names the setting and where it comes from."""


class LLMConnectionError(LLMError):
    """The server could not be reached."""

    retryable = True


class LLMTimeoutError(LLMConnectionError):
    """The server did not answer in time."""


class LLMAuthError(LLMError):
    """The key was refused (HTTP 401/403). The server's text is never shown: it may echo the key."""


class LLMRateLimitError(LLMError):
    """Too many requests or no quota left (HTTP 429)."""

    retryable = True


class LLMServerError(LLMError):
    """The server failed or was busy (HTTP 5xx, 408, 409)."""

    retryable = True


class LLMRequestError(LLMError):
    """The server rejected the request: unknown address or model, or another 4xx."""


class LLMContextError(LLMRequestError):
    """The input is longer than the model's context."""


class LLMAnswerError(LLMError):
    """The server answered, but the answer cannot be used: blank, cut off, refused or not JSON."""


def invalid_utf8() -> LLMAnswerError:
    """Bytes that are not UTF-8, or a lone surrogate escaped in the JSON: a bad answer, not a crash."""
    return LLMAnswerError("模型的回答不是有效的 UTF-8 文本（含有无法识别的字节）", repairable=True)


_CONTEXT_WORDS = ("context length", "context_length", "maximum context", "too long", "too many tokens")


def from_sdk(exc: BaseException, base_url: str, timeout_s: float) -> LLMError:
    """The one place where an openai SDK exception becomes an LLMError with a Chinese message."""
    import openai

    stopped = getattr(exc.__cause__, "error", None)  # guarded.Stop: the guard's own verdict
    if isinstance(stopped, LLMError):
        return stopped
    if isinstance(exc, openai.APITimeoutError):
        return LLMTimeoutError(f"请求超时（{timeout_s:g} 秒内没有回应），请检查服务地址和网络")
    if isinstance(exc, openai.APIConnectionError):
        return LLMConnectionError(f"无法连接到 {base_url}，请检查服务地址、网络或服务是否已启动")
    if not isinstance(exc, openai.APIStatusError):
        return LLMRequestError(f"模型服务返回了无法识别的错误（{type(exc).__name__}）")
    status = int(getattr(exc, "status_code", 0) or 0)
    if 300 <= status < 400:
        return _redirect(exc, status)
    detail = _detail(exc)
    said = f"：{detail}" if detail else ""
    if status in (401, 403):
        message = f"模型服务拒绝访问（HTTP {status}）：请检查 API 密钥是否正确、是否有权限"
        return LLMAuthError(message, status=status)
    if status == 404:
        message = f"找不到该地址或模型（HTTP 404）：请检查服务地址（通常以 /v1 结尾）和模型名称{said}"
        return LLMRequestError(message, status=status)
    if any(word in detail.lower() for word in _CONTEXT_WORDS):
        return LLMContextError(f"输入超出模型的上下文长度（HTTP {status}）{said}", status=status)
    wait = retry_after_s(getattr(getattr(exc, "response", None), "headers", None))
    if status == 429:
        return LLMRateLimitError(
            f"模型服务繁忙或额度不足（HTTP 429），请稍后再试{said}", status=status, retry_after_s=wait
        )
    if status in (408, 409) or status >= 500:
        return LLMServerError(f"模型服务出错或繁忙（HTTP {status}）{said}", status=status, retry_after_s=wait)
    return LLMRequestError(f"模型服务拒绝了请求（HTTP {status}）{said}", status=status)


def _redirect(exc: BaseException, status: int) -> LLMRequestError:
    """No redirect is followed (guarded.py): the body and the key go only to the configured address."""
    headers = getattr(getattr(exc, "response", None), "headers", None) or {}
    location = str(headers.get("location") or "").strip()[:160] or "未说明的地址"
    message = (
        f"模型服务要求把请求重定向到 {location}（HTTP {status}）。为保护密钥和数据，不跟随重定向；"
        "如确需使用该地址，请在设置中直接填写最终的服务地址"
    )
    return LLMRequestError(message, status=status)


def _detail(exc: BaseException) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        error = body.get("error", body)
        message = error.get("message") if isinstance(error, dict) else error
        return str(message or "")[:200]
    return str(getattr(exc, "message", "") or "")[:200]


MAX_RETRY_AFTER_S = 30.0


def retry_after_s(headers: Any) -> float | None:
    """Seconds from Retry-After (seconds or an HTTP date) or retry-after-ms, capped; None if absent."""
    import email.utils
    import time

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
