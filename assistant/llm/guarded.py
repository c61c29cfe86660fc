"""The HTTP client under the openai SDK, guarded against a hostile server (every endpoint is untrusted).

- A deadline per call, not per read: httpx's timeouts apply to each read, so a server dripping one
  byte a second would never time out. Every socket read and write of a call (status line,
  headers, body) waits at most until the call's wall-clock deadline (`timeout_s` after it
  started): the connection pools' network backend is wrapped (_DeadlineBackend). The body is also
  checked after every chunk, so even without that wrapper (a future httpx that hides its pool) a
  dripping body is cut; past the deadline: LLMTimeoutError, then the usual retry/fallback.
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

import threading
import time
from collections.abc import Iterable
from typing import Any

import httpcore
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


_CALL = threading.local()  # .deadline: the monotonic time the current call on this thread must end


def _bounded(timeout: float | None) -> float | None:
    """A socket timeout no later than the current call's deadline."""
    deadline = getattr(_CALL, "deadline", None)
    if deadline is None:
        return timeout
    remaining = max(deadline - time.monotonic(), 0.001)
    return remaining if timeout is None else min(timeout, remaining)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _bounded(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _bounded(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> Any:
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, _bounded(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        inner = self._inner.connect_tcp(host, port, _bounded(timeout), local_address, socket_options)
        return _DeadlineStream(inner)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.connect_unix_socket(path, _bounded(timeout), socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class GuardedClient(httpx.Client):
    """An httpx client whose every response body is read whole, within a deadline and a size cap."""

    def __init__(self, *, deadline_s: float, max_bytes: int = MAX_ANSWER_BYTES, **kwargs: Any) -> None:
        kwargs["follow_redirects"] = False
        super().__init__(**kwargs)
        self.deadline_s = deadline_s
        self.max_bytes = max_bytes
        for transport in [self._transport, *self._mounts.values()]:  # proxies from the environment too
            pool = getattr(transport, "_pool", None)
            backend = getattr(pool, "_network_backend", None)
            if backend is not None and not isinstance(backend, _DeadlineBackend):
                pool._network_backend = _DeadlineBackend(backend)  # type: ignore[union-attr]

    def send(self, request: httpx.Request, *, stream: bool = False, **kwargs: Any) -> httpx.Response:
        started = time.monotonic()
        kwargs["follow_redirects"] = False
        _CALL.deadline = started + self.deadline_s
        try:
            try:
                response = super().send(request, stream=True, **kwargs)
            except httpx.TimeoutException:
                if time.monotonic() - started >= self.deadline_s:
                    raise Stop(_late(self.deadline_s)) from None
                raise
            try:
                response._content = self._read(response, started)  # what Response.read() would set
            except httpx.TimeoutException:
                raise Stop(_late(self.deadline_s)) from None
            finally:
                response.close()
        finally:
            _CALL.deadline = None
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
