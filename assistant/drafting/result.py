"""What the gate returns: one Attempt per engine run, and the GateResult the CLI prints, the app
stores and the audit log records. Apart from the gate so the audit log can read it without the gate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from ..findings import Finding

Status = Literal["accepted", "fallback", "rejected"]
Engine = Literal["offline", "llm"]
TOKENS = ("prompt_tokens", "completion_tokens", "total_tokens")


@dataclass
class Attempt:
    engine: Engine
    findings: list[Finding] = field(default_factory=list)
    usage: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TOKENS, 0))
    latency_ms: float = 0.0
    error: str | None = None
    calls: int = 0  # HTTP calls behind this attempt (retries and refused modes included)
    blocking: list[Finding] = field(default_factory=list)

    def as_contract(self) -> dict[str, Any]:
        return {
            "engine": self.engine,
            "findings": [f.as_contract() for f in self.findings],
            "blocking": [f.code for f in self.blocking],
            "error": self.error,
            "calls": self.calls,
            "usage": self.usage,
            "latency_ms": round(self.latency_ms, 1),
        }


@dataclass
class GateResult:
    task: str  # the task's registered name
    status: Status
    engine: Engine  # the engine asked for; draft_engine says who wrote the draft
    draft_engine: Engine
    attempts: list[Attempt]
    draft: BaseModel | None  # the task's schema
    findings: list[Finding]
    usage: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TOKENS, 0))
    latency_ms: float = 0.0
    note: str = ""
    model: str | None = None
    base_url: str | None = None
    prompt_version: str | None = None

    @property
    def calls(self) -> int:
        return sum(a.calls for a in self.attempts)

    def as_contract(self) -> dict[str, Any]:
        return {
            "task": self.task,
            "status": self.status,
            "engine": self.engine,
            "draft_engine": self.draft_engine,
            "model": self.model,
            "prompt_version": self.prompt_version,
            "note": self.note,
            "attempts": [a.as_contract() for a in self.attempts],
            "draft": self.draft.model_dump(mode="json") if self.draft is not None else None,
            "findings": [f.as_contract() for f in self.findings],
            "usage": self.usage,
            "calls": self.calls,
            "latency_ms": round(self.latency_ms, 1),
        }
