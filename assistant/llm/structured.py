"""Structured output across providers: the request modes, JSON extraction and a capability memory.

Servers differ: OpenAI, vLLM and Qwen take `json_schema`; DeepSeek and GLM refuse it
but take `json_object`; llama.cpp answers 500 to `json_schema` and takes `json_object` with a
`schema` key; some take neither. We try the modes in order and remember, per base_url + model, the
ones the server definitely refused (see client._refuses_mode), in memory and in a small JSON file
in the workspace.
"""

from __future__ import annotations

import json
import re
import threading
import time
from pathlib import Path
from typing import Any, Literal

Mode = Literal["json_schema", "json_object_schema", "json_object", "prompt"]
MODES: tuple[Mode, ...] = ("json_schema", "json_object_schema", "json_object", "prompt")
CACHE_FILE = "llm_capabilities.json"
CACHE_TTL_S = 7 * 24 * 3600  # a server may be upgraded: forget a refusal after a week


class ExtractionError(ValueError):
    """The content holds no JSON object; the message is Chinese."""


def response_format(mode: Mode, schema: dict[str, Any], name: str) -> dict[str, Any] | None:
    """The `response_format` request field for a mode (None: plain prompt)."""
    if mode == "json_schema":
        return {"type": "json_schema", "json_schema": {"name": name, "schema": schema, "strict": False}}
    if mode == "json_object_schema":
        return {"type": "json_object", "schema": schema}
    if mode == "json_object":
        return {"type": "json_object"}
    return None


def schema_instruction(mode: Mode, schema: dict[str, Any]) -> str:
    """Appended to the system message. Every mode names JSON (Qwen's json_object requires the word)."""
    text = json.dumps(schema, ensure_ascii=False, separators=(",", ":"))
    if mode == "json_schema":
        return "只输出一个 JSON 对象，不要输出其他文字。"
    return (
        "只输出一个 JSON 对象，不要输出解释、不要使用 Markdown。该 JSON 对象必须符合以下 JSON Schema：\n"
        f"{text}"
    )


_THINK = re.compile(r"<think>.*?</think>", re.DOTALL | re.IGNORECASE)
_FENCE = re.compile(r"```[a-zA-Z0-9_-]*\s*\n?(.*?)```", re.DOTALL)
_OPEN_QUOTES = "“＂"
_CLOSE_QUOTES = "”＂"
_STRUCTURAL_OUTSIDE = {"：": ":", "，": ",", "｛": "{", "｝": "}", "［": "[", "］": "]"}


def repair_quotes(text: str) -> str:
    """Turn full-width quotes that delimit JSON strings (and full-width :, outside strings) into ASCII.

    Quotes inside a string stay: “保障社区正常运转” in a value is text. A full-width closing quote
    ends a string only when the next non-space character is structural (: , } ]).
    """
    out: list[str] = []
    i, length = 0, len(text)
    while i < length:
        char = text[i]
        if char == '"' or char in _OPEN_QUOTES or char == "”":
            fullwidth = char != '"'
            out.append('"')
            i += 1
            while i < length:
                char = text[i]
                if char == "\\" and i + 1 < length:
                    out.append(text[i : i + 2])
                    i += 2
                    continue
                ends = char == '"' or (fullwidth and char in _CLOSE_QUOTES)
                if ends and (not fullwidth or _followed_by_structure(text, i + 1)):
                    out.append('"')
                    i += 1
                    break
                out.append('\\"' if char == '"' else char)
                i += 1
            continue
        out.append(_STRUCTURAL_OUTSIDE.get(char, char))
        i += 1
    return "".join(out)


def _followed_by_structure(text: str, start: int) -> bool:
    rest = text[start:].lstrip()
    return not rest or rest[0] in ":,}]：，｝］"


def _candidates(content: str) -> list[str]:
    body = _THINK.sub("", content).strip()
    found = [match.group(1).strip() for match in _FENCE.finditer(body)]
    found.append(body)
    return found


def _decode_object(text: str) -> Any:
    decoder = json.JSONDecoder(strict=False)
    for start in [m.start() for m in re.finditer(r"[\[{｛［]", text)][:20]:
        try:
            value, _ = decoder.raw_decode(text, start)
        except json.JSONDecodeError:
            continue
        if isinstance(value, dict | list):
            return value
    raise json.JSONDecodeError("no object", text, 0)


def extract_json(content: str) -> Any:
    """The first JSON object (or list) in the content; fences, <think> and prose around it are dropped."""
    if not content or not content.strip():
        raise ExtractionError("模型返回了空内容")
    for candidate in _candidates(content):
        for text in (candidate, repair_quotes(candidate)):
            try:
                return _decode_object(text)
            except json.JSONDecodeError:
                continue
    snippet = content.strip().replace("\n", " ")[:80]
    raise ExtractionError(f"模型输出中找不到有效的 JSON 对象（开头：{snippet}）")


class CapabilityCache:
    """Which structured-output modes a server refused, kept in memory and in a JSON file."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._data: dict[str, dict[str, float]] = self._load()

    def _load(self) -> dict[str, dict[str, float]]:
        if self.path is None or not self.path.is_file():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # a damaged cache only costs one extra call per server
        if not isinstance(data, dict):
            return {}
        now = time.time()
        return {
            key: {mode: when for mode, when in refused.items() if mode in MODES and now - when < CACHE_TTL_S}
            for key, refused in data.items()
            if isinstance(refused, dict)
        }

    def modes(self, key: str) -> list[Mode]:
        """The modes still worth trying for a server, best first; plain prompt always remains."""
        refused = self._data.get(key, {})
        return [mode for mode in MODES if mode not in refused or mode == "prompt"]

    def refuse(self, key: str, mode: Mode) -> None:
        if mode == "prompt":
            return
        with self._lock:
            self._data.setdefault(key, {})[mode] = time.time()
            self._save()

    def _save(self) -> None:
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(self.path.name + ".tmp")
            temporary.write_text(json.dumps(self._data, ensure_ascii=False, indent=1), encoding="utf-8")
            temporary.replace(self.path)
        except OSError:
            pass  # memory still holds it; the file is an optimisation


_CACHES: dict[Path | None, CapabilityCache] = {}


def capability_cache(path: Path | None) -> CapabilityCache:
    """One cache object per file, shared by every client in the process."""
    if path not in _CACHES:
        _CACHES[path] = CapabilityCache(path)
    return _CACHES[path]
