"""The audit log: one JSON line per gated draft, in the workspace ($JIXIAO_HOME/audit.jsonl).

A reviewer can later see which engine and model wrote a draft, with which prompt version, what
each attempt was found to get wrong and what it cost. It holds hashes of the brief or form, not
their content, and never the API key: every line passes through the model layer's one scrubber.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel

from ..llm.errors import scrub
from ..paths import workspace_dir
from .result import GateResult

AUDIT_FILE = "audit.jsonl"


def audit_path() -> Path:
    return workspace_dir() / AUDIT_FILE


def subject_hash(subject: BaseModel) -> str:
    """sha256 of the brief or form as canonical JSON: the same input always has the same hash."""
    text = json.dumps(subject.model_dump(mode="json"), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _server(base_url: str | None) -> str | None:
    """Scheme, host and path only: no user info or query string (where keys sometimes hide)."""
    if not base_url:
        return None
    parts = urlsplit(base_url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


def record(result: GateResult, subject: BaseModel) -> dict[str, Any]:
    return {
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
        "task": result.task,
        "subject_hash": subject_hash(subject),
        "status": result.status,
        "engine": result.engine,
        "draft_engine": result.draft_engine,
        "server": _server(result.base_url),
        "model": result.model,
        "prompt_version": result.prompt_version,
        "attempts": [
            {
                "engine": a.engine,
                "findings": [{"code": f.code, "location": f.location} for f in a.findings],
                "error": a.error,
                "calls": a.calls,
                "usage": a.usage,
                "latency_ms": round(a.latency_ms, 1),
            }
            for a in result.attempts
        ],
        "findings": [{"code": f.code, "severity": f.severity} for f in result.findings],
        "usage": result.usage,
        "latency_ms": round(result.latency_ms, 1),
    }


def append(result: GateResult, subject: BaseModel, path: Path | None = None) -> Path | None:
    """Append one line; a log that cannot be written never stops a draft (returns None)."""
    path = path or audit_path()
    line = scrub(json.dumps(record(result, subject), ensure_ascii=False)) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(descriptor, "a", encoding="utf-8") as handle:
            handle.write(line)
    except OSError:
        return None
    return path


def read(path: Path | None = None) -> list[dict[str, Any]]:
    """Every record, oldest first (for the app's history page and for tests)."""
    path = path or audit_path()
    if not path.is_file():
        return []
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            records.append(json.loads(line))
        except ValueError:
            continue  # a line cut by a crash is skipped, not fatal
    return records
