"""The gate: no draft is accepted unless the deterministic checks pass (issue 4 item 4).

A model's draft is parsed, validated (checks + number check) and accepted only without blocking
findings; otherwise the model is asked to repair it, shown only the current blocking findings, at
most MAX_REPAIRS times and not again when the same findings come back. Then the offline draft is
used instead ("fallback"), and it too must pass, else the result is "rejected". Scores never come
from a model: the draft models have no score field, and a critique rewrite keeps the row's weight.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from ..brief import DeviationCause, ProjectBrief
from ..findings import Finding
from ..form import Form
from ..llm.config import LLMSettings
from ..rules import RuleSet
from .models import Draft, Task

MAX_REPAIRS = 2
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
    task: Task
    status: Status
    engine: Engine  # the engine asked for; draft_engine says who wrote the draft
    draft_engine: Engine
    attempts: list[Attempt]
    draft: Draft | None
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


def _check(
    task: Task, draft: Draft, subject: BaseModel, rules: RuleSet, causes: list[DeviationCause]
) -> tuple[list[Finding], list[Finding]]:
    from .validate import blocking, validate

    # numbers in the user's own causes are facts for the number check
    findings = validate(task, draft, subject, rules, causes=causes)  # type: ignore[arg-type]
    return findings, blocking(findings, task)


def _offline(
    task: Task, subject: BaseModel, rules: RuleSet, causes: list[DeviationCause]
) -> tuple[Draft, Attempt]:
    from .offline import draft_offline

    started = time.perf_counter()
    draft = draft_offline(task, subject, rules, causes=causes)  # type: ignore[arg-type]
    findings, block = _check(task, draft, subject, rules, causes)
    return draft, Attempt("offline", findings, latency_ms=_ms(started), blocking=block)


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _llm(
    task: Task,
    subject: ProjectBrief | Form,
    rules: RuleSet,
    settings: LLMSettings,
    client: Any,
    causes: list[DeviationCause],
) -> tuple[Draft | None, list[Attempt]]:
    """Call, parse, validate; repair with only the current problems; stop on a repeat. Draft if accepted."""
    from ..llm.errors import LLMError
    from .llm_engine import build_messages, describe, parse_draft, repair_messages
    from .models import DRAFT_MODELS

    schema = DRAFT_MODELS[task].model_json_schema()
    first = build_messages(task, subject, rules, allow_personal=settings.send_personal_data, causes=causes)
    messages, attempts, seen = first, [], None
    for _ in range(1 + MAX_REPAIRS):
        started = time.perf_counter()
        attempt = Attempt("llm")
        attempts.append(attempt)
        try:
            answer = client.complete_json(messages, schema, f"jixiao_{task}")
        except LLMError as exc:
            attempt.error, attempt.calls, attempt.usage = str(exc), exc.calls, exc.usage.as_dict()
            attempt.latency_ms = _ms(started)
            if not exc.repairable:
                break  # the server failed, not the draft: repairing cannot help
            previous, problems = exc.content, [f"输出不是有效的 JSON：{exc}"]
        else:
            attempt.calls, attempt.usage = answer.calls, answer.usage.as_dict()
            previous = answer.content
            draft, problems = parse_draft(task, answer.data, subject)
            if draft is not None:
                try:
                    attempt.findings, attempt.blocking = _check(task, draft, subject, rules, causes)
                except Exception as exc:  # model output is untrusted: a crash in checking is a failure
                    attempt.error = f"检查草稿时出错（{type(exc).__name__}：{exc}）"
                    attempt.latency_ms = _ms(started)
                    break
                problems = [describe(f) for f in attempt.blocking]
            else:
                attempt.error = "草稿结构不符合要求：" + "；".join(problems)
            attempt.latency_ms = _ms(started)
            if draft is not None and not problems:
                return draft, attempts
        if problems == seen:
            break  # the same findings came back: another repair would only cost tokens
        seen = problems
        messages = repair_messages(first, previous, problems)
    return None, attempts


def run_task(
    task: Task,
    subject: ProjectBrief | Form,
    rules: RuleSet,
    *,
    engine: Engine = "offline",
    settings: LLMSettings | None = None,
    audit: bool = True,
    client: Any = None,
    causes: list[DeviationCause] | None = None,
) -> GateResult:
    """Draft for `task` with `engine`, gated by the checks; append the result to the audit log.

    `causes` are the user's own reasons for deviations (a brief's `causes`); `client` lets a
    benchmark reuse one LLMClient.
    """
    from .llm_engine import prompt_version

    started = time.perf_counter()
    causes = list(causes or [])
    attempts: list[Attempt] = []
    model = base_url = version = None
    note = ""
    if engine == "llm":
        if settings is None:
            from ..llm.config import load_settings

            settings = load_settings()  # SettingsError (Chinese) when nothing is configured
        if client is None:
            from ..llm.client import LLMClient

            client = LLMClient(settings)
        model, base_url, version = settings.model, settings.base_url, prompt_version(task)
        draft, attempts = _llm(task, subject, rules, settings, client, causes)
        if draft is not None:
            result = GateResult(task, "accepted", engine, "llm", attempts, draft, attempts[-1].findings)
            return _seal(result, model, base_url, version, subject, started, audit)
        note = _why_fallback(attempts)
    draft, offline = _offline(task, subject, rules, causes)
    attempts.append(offline)
    status: Status = "fallback" if engine == "llm" else "accepted"
    if offline.blocking:
        status = "rejected"
        codes = "、".join(sorted({f.code for f in offline.blocking}))
        note = (note + "；" if note else "") + f"离线草稿也未通过检查：{codes}"
    result = GateResult(task, status, engine, "offline", attempts, draft, offline.findings, note=note)
    return _seal(result, model, base_url, version, subject, started, audit)


def _why_fallback(attempts: list[Attempt]) -> str:
    last = attempts[-1]
    if last.error and not last.findings:
        reason = last.error
    else:
        reason = "仍有问题：" + "、".join(sorted({f.code for f in last.blocking}))
    return f"模型草稿经 {len(attempts)} 次尝试未通过检查（{reason}），已改用离线草稿（标注为 fallback）"


def _seal(
    result: GateResult,
    model: str | None,
    base_url: str | None,
    version: str | None,
    subject: BaseModel,
    started: float,
    audit: bool,
) -> GateResult:
    """Sum the usage over every attempt, stamp model and latency, append to the audit log."""
    result.usage = {key: sum(a.usage.get(key, 0) for a in result.attempts) for key in TOKENS}
    result.model, result.base_url, result.prompt_version = model, base_url, version
    result.latency_ms = _ms(started)
    if audit:
        from .. import audit as audit_log

        audit_log.append(result, subject)
    return result
