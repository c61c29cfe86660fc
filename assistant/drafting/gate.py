"""The gate: no draft is accepted unless the deterministic checks pass (docs/rules.md §9).

A model's draft is parsed, validated (checks + number check) and accepted only without blocking
findings; otherwise the model is asked to repair it, shown only the current blocking findings, at
most MAX_REPAIRS times and not again when the same findings come back. Then the offline draft is
used instead ("fallback"), and it too must pass, else the result is "rejected". Scores never come
from a model: the draft models have no score field, and a critique rewrite keeps the row's weight.
"""

from __future__ import annotations

import time
from typing import Any

from pydantic import BaseModel

from ..findings import Finding
from ..llm.config import LLMSettings
from ..rules import RuleSet
from . import audit as audit_log
from .brief import DeviationCause
from .injection import instruction_findings
from .llm_engine import build_messages, parse_draft, prompt_version, repair_messages
from .repair import repair_problems
from .result import TOKENS, Attempt, Engine, GateResult, Status
from .tasks import AnySpec, get_task

MAX_REPAIRS = 2


def _check(
    spec: AnySpec, draft: BaseModel, subject: BaseModel, rules: RuleSet, causes: list[DeviationCause]
) -> tuple[list[Finding], list[Finding]]:
    # numbers in the user's own causes are facts for the number check; instruction text in any
    # drafted cell blocks every task's draft (injection.py)
    refused = instruction_findings(draft, rules)
    findings = spec.validate_draft(draft, subject, rules, causes) + refused
    return findings, spec.blocking_findings(findings) + [f for f in refused if f.code not in spec.blocking]


def _offline(
    spec: AnySpec, subject: BaseModel, rules: RuleSet, causes: list[DeviationCause]
) -> tuple[BaseModel, Attempt]:
    started = time.perf_counter()
    draft = spec.offline_draft(subject, rules, causes)
    findings, block = _check(spec, draft, subject, rules, causes)
    return draft, Attempt("offline", findings, latency_ms=_ms(started), blocking=block)


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _llm(
    spec: AnySpec,
    subject: BaseModel,
    rules: RuleSet,
    settings: LLMSettings,
    client: Any,
    causes: list[DeviationCause],
) -> tuple[BaseModel | None, list[Attempt]]:
    """Call, parse, validate; repair with only the current problems; stop on a repeat. Draft if accepted."""
    from ..llm.errors import LLMError

    schema = spec.schema.model_json_schema()
    first = build_messages(spec, subject, rules, allow_personal=settings.send_personal_data, causes=causes)
    messages, attempts, seen = first, [], None
    for _ in range(1 + MAX_REPAIRS):
        started = time.perf_counter()
        attempt = Attempt("llm")
        attempts.append(attempt)
        try:
            answer = client.complete_json(messages, schema, f"jixiao_{spec.name}")
        except LLMError as exc:
            attempt.error, attempt.calls, attempt.usage = str(exc), exc.calls, exc.usage.as_dict()
            attempt.latency_ms = _ms(started)
            if not exc.repairable:
                break  # the server failed, not the draft: repairing cannot help
            previous, problems = exc.content, [f"输出不是有效的 JSON：{exc}"]
        else:
            attempt.calls, attempt.usage = answer.calls, answer.usage.as_dict()
            previous = answer.content
            draft, problems = parse_draft(spec, answer.data, subject)
            if draft is not None:
                try:
                    attempt.findings, attempt.blocking = _check(spec, draft, subject, rules, causes)
                except Exception as exc:  # model output is untrusted: a crash in checking is a failure
                    attempt.error = f"检查草稿时出错（{type(exc).__name__}：{exc}）"
                    attempt.latency_ms = _ms(started)
                    break
                problems = repair_problems(attempt.blocking, draft, subject)
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
    task: str,
    subject: BaseModel,
    rules: RuleSet,
    *,
    engine: Engine = "offline",
    settings: LLMSettings | None = None,
    audit: bool = True,
    client: Any = None,
    causes: list[DeviationCause] | None = None,
) -> GateResult:
    """Draft for `task` (a registered task's name) with `engine`, gated by the checks; append the
    result to the audit log.

    `causes` are the user's own reasons for deviations (a brief's `causes`); `client` lets a
    benchmark reuse one LLMClient.
    """
    spec = get_task(task)
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
        model, base_url, version = settings.model, settings.base_url, prompt_version(spec)
        draft, attempts = _llm(spec, subject, rules, settings, client, causes)
        if draft is not None:
            result = GateResult(spec.name, "accepted", engine, "llm", attempts, draft, attempts[-1].findings)
            return _seal(result, model, base_url, version, subject, started, audit)
        note = _why_fallback(attempts)
    draft, offline = _offline(spec, subject, rules, causes)
    attempts.append(offline)
    status: Status = "fallback" if engine == "llm" else "accepted"
    if offline.blocking:
        status = "rejected"
        codes = "、".join(sorted({f.code for f in offline.blocking}))
        note = (note + "；" if note else "") + f"离线草稿也未通过检查：{codes}"
    result = GateResult(spec.name, status, engine, "offline", attempts, draft, offline.findings, note=note)
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
        audit_log.append(result, subject)
    return result
