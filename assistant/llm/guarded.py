"""The HTTP client under the openai SDK, guarded against a hostile server (every endpoint is untrusted).

- A deadline per call, not per read: httpx's timeouts apply to each read, so a server dripping one
  byte a second would never time out. The body is streamed and the wall-clock time checked after
  every chunk; past `timeout_s` the call is cut (LLMTimeoutError, then the usual retry/fallback).
  A server that sends nothing at all is cut by httpx's own read timeout (also `timeout_s`), so a
  call never lasts much beyond twice the timeout even when the drip stops just before the deadline.
- A size cap on the answer (MAX_ANSWER_BYTES): the body is streamed and dropped past the cap, so
  memory stays bounded; the answer is a bad answer (LLMAnswerError, repairable).
- A successful answer that is not UTF-8 is a bad answer (LLMAnswerError, repairable); error bodies
  are decoded leniently by httpx, they are only ever shown scrubbed and cut short.
- No redirects are followed, to another host or the same one: the request body and the key go
  only to the configured address. A 3xx becomes a Chinese error naming where it pointed (errors.py),
  and the user puts the final address into the settings.

The SDK wraps whatever `send` raises into APIConnectionError/APITimeoutError `from` it; such a
`Stop` carries the LLMError that `errors.from_sdk` returns.
"""

from __future__ import annotations

import time
from typing import Any

import httpx

from .errors import LLMAnswerError, LLMError, LLMTimeoutError, invalid_utf8

# A 自评表 draft is a few KB of JSON (the largest corpus answer is under 20 KB). 256 KB leaves room
# for verbose models and <think> blocks yet keeps a hostile 50 MB answer out of memory and drafts.
MAX_ANSWER_BYTES = 256 * 1024


class Stop(Exception):
    """The guard stopped reading the answer; `error` is what the caller sees."""

    def __init__(self, error: LLMError) -> None:
        super().__init__(str(error))
        self.error = error


class GuardedClient(httpx.Client):
    """An httpx client whose every response body is read whole, within a deadline and a size cap."""

    def __init__(self, *, deadline_s: float, max_bytes: int = MAX_ANSWER_BYTES, **kwargs: Any) -> None:
        kwargs["follow_redirects"] = False
        super().__init__(**kwargs)
        self.deadline_s = deadline_s
        self.max_bytes = max_bytes

    def send(self, request: httpx.Request, *, stream: bool = False, **kwargs: Any) -> httpx.Response:
        started = time.monotonic()
        kwargs["follow_redirects"] = False
        response = super().send(request, stream=True, **kwargs)
        try:
            response._content = self._read(response, started)  # what Response.read() would set
        finally:
            response.close()
        return response

    def _read(self, response: httpx.Response, started: float) -> bytes:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise Stop(_too_large(self.max_bytes))
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():  # decoded: a small gzip bomb counts at its real size
            size += len(chunk)
            if size > self.max_bytes:
                raise Stop(_too_large(self.max_bytes))
            chunks.append(chunk)
            if time.monotonic() - started > self.deadline_s:
                raise Stop(_late(self.deadline_s))
        if time.monotonic() - started > self.deadline_s:
            raise Stop(_late(self.deadline_s))
        data = b"".join(chunks)
        if response.is_success:
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                raise Stop(invalid_utf8()) from None
        return data


def _too_large(limit: int) -> LLMAnswerError:
    return LLMAnswerError(
        f"模型的回答超过 {limit // 1024} KB，已停止接收（正常的草稿只有几 KB）", repairable=True
    )


def _late(deadline_s: float) -> LLMTimeoutError:
    return LLMTimeoutError(f"请求超时（{deadline_s:g} 秒内没有答完），请检查服务地址和网络")
