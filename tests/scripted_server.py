"""A real OpenAI-compatible HTTP server on 127.0.0.1 that replays prepared chat-completions answers.

Tests drive the real client (openai SDK, httpx, sockets) against it and then read what was asked:
every request body is recorded. Structured-output refusals are rules (`refuse`), not script
entries, so a test states "this server refuses json_schema with 400" the way providers behave.
"""

from __future__ import annotations

import json
import selectors
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

EXHAUSTED_STATUS = 410  # not retried by the client: a test that runs past its script fails loudly


@dataclass
class Reply:
    """One prepared answer: a completion (status 200) or an HTTP error."""

    content: str | None = ""
    status: int = 200
    finish_reason: str = "stop"
    headers: dict[str, str] = field(default_factory=dict)
    error: str = "scripted error"
    prompt_tokens: int = 100
    completion_tokens: int = 50
    reasoning_content: str | None = None
    delay_s: float = 0.0
    # Hostile answers: `raw` replaces the JSON body (sent `repeat` times, without a Content-Length
    # when `repeat` > 1 or `no_length`, the connection closed after it), `drip_s` sends it one byte
    # at a time with that pause (stopped as soon as the server stops).
    raw: bytes | None = None
    repeat: int = 1
    no_length: bool = False
    drip_s: float = 0.0
    drip_head: bool = False  # drip the status line and headers too (then the body whole)

    @classmethod
    def json(cls, value: Any, **kwargs: Any) -> Reply:
        return cls(content=json.dumps(value, ensure_ascii=False), **kwargs)


Script = list[Reply | Callable[[dict[str, Any]], Reply]]


def mode_of(body: dict[str, Any]) -> str:
    """The structured-output mode a request used, named as assistant.llm.structured names it."""
    fmt = body.get("response_format")
    if not fmt:
        return "prompt"
    if fmt.get("type") == "json_schema":
        return "json_schema"
    return "json_object_schema" if "schema" in fmt else "json_object"


class _QuietServer(ThreadingHTTPServer):
    """Serves until woken: stopping is immediate, not serve_forever's next 0.5 s poll."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(address, handler)
        self._wake_read, self._wake_write = socket.socketpair()

    def serve_until_woken(self) -> None:
        with selectors.DefaultSelector() as selector:
            selector.register(self, selectors.EVENT_READ)
            selector.register(self._wake_read, selectors.EVENT_READ)
            while True:
                ready = {key.fileobj for key, _ in selector.select()}
                if self._wake_read in ready:
                    return
                self._handle_request_noblock()  # what serve_forever does per connection

    def wake(self) -> None:
        self._wake_write.send(b"x")

    def server_close(self) -> None:
        super().server_close()
        self._wake_read.close()
        self._wake_write.close()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that timed out closed its socket: writing the late answer fails, harmlessly."""


class ScriptedServer:
    def __init__(
        self,
        script: Script | None = None,
        *,
        refuse: dict[str, int] | None = None,
        estimate_usage: bool = False,
    ) -> None:
        self.script: Script = list(script or [])
        # Report usage from the text sizes (about 1.5 characters per token) instead of the Reply's numbers.
        self.estimate_usage = estimate_usage
        self.refuse = dict(refuse or {})
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._httpd = _QuietServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._httpd.serve_until_woken, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    @property
    def calls(self) -> int:
        return len(self.requests)

    def modes(self) -> list[str]:
        return [mode_of(body) for body in self.requests]

    def add(self, *replies: Reply | Callable[[dict[str, Any]], Reply]) -> None:
        with self._lock:
            self.script.extend(replies)

    def __enter__(self) -> ScriptedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopped.set()  # a dripping handler stops at its next byte
        if self._thread.is_alive():
            self._httpd.wake()
            self._thread.join(timeout=5)
        self._httpd.server_close()

    def _next(self, body: dict[str, Any]) -> Reply:
        with self._lock:
            self.requests.append(body)
            status = self.refuse.get(mode_of(body))
            if status:
                return Reply(status=status, error=f"response_format {mode_of(body)} is not supported")
            if not self.script:
                return Reply(status=EXHAUSTED_STATUS, error="scripted server: no more replies")
            entry = self.script.pop(0)
        return entry(body) if callable(entry) else entry

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # keep pytest output clean
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                server.headers.append({k.lower(): v for k, v in self.headers.items()})
                if not self.path.endswith("/chat/completions"):
                    self._send(404, {"error": {"message": f"unknown path {self.path}"}}, {})
                    return
                reply = server._next(body)
                if reply.delay_s:
                    time.sleep(reply.delay_s)
                if reply.raw is not None or reply.drip_s:
                    self._send_raw(reply, body)
                    return
                if reply.status != 200:
                    error = {"error": {"message": reply.error, "type": "scripted", "code": reply.status}}
                    self._send(reply.status, error, reply.headers)
                    return
                self._send(200, _completion(body, reply, server.estimate_usage), reply.headers)

            def _send(self, status: int, payload: dict[str, Any], headers: dict[str, str]) -> None:
                data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def _send_raw(self, reply: Reply, body: dict[str, Any]) -> None:
                data = reply.raw
                if data is None:
                    payload = _completion(body, reply, server.estimate_usage)
                    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
                if reply.drip_head:
                    head = (
                        f"HTTP/1.1 {reply.status} OK\r\nContent-Type: application/json\r\n"
                        f"Content-Length: {len(data)}\r\n\r\n"
                    ).encode("ascii")
                    if self._drip(head, reply.drip_s):
                        self.wfile.write(data)
                    self.close_connection = True
                    return
                whole = reply.repeat == 1 and not reply.no_length
                self.send_response(reply.status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                if whole:
                    self.send_header("Content-Length", str(len(data)))
                else:
                    self.send_header("Connection", "close")
                    self.close_connection = True
                self.end_headers()
                self.wfile.flush()
                for _ in range(reply.repeat):
                    if not reply.drip_s:
                        self.wfile.write(data)
                    elif not self._drip(data, reply.drip_s):
                        return

            def _drip(self, data: bytes, pause_s: float) -> bool:
                """One byte per pause; False when the server stopped first."""
                for index in range(len(data)):
                    if server._stopped.wait(pause_s):
                        return False
                    self.wfile.write(data[index : index + 1])
                return True

        return Handler


def _completion(body: dict[str, Any], reply: Reply, estimate: bool = False) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": reply.content}
    prompt, completion = reply.prompt_tokens, reply.completion_tokens
    if estimate:
        prompt = round(sum(len(m.get("content") or "") for m in body.get("messages", [])) / 1.5)
        completion = round(len(reply.content or "") / 1.5)
    if reply.reasoning_content is not None:
        message["reasoning_content"] = reply.reasoning_content
    return {
        "id": "chatcmpl-scripted",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "scripted"),
        "choices": [{"index": 0, "message": message, "finish_reason": reply.finish_reason}],
        "usage": {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
        },
    }
